package io.sextant.ask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.access.Directory;
import io.sextant.access.Principal;
import io.sextant.llm.Llm;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipeline in process with a scripted ChatModel: which stage runs, what the model is shown. */
@QuarkusTest
class AskPipelineScriptedTest {

    @Inject
    AskPipeline pipeline;

    @Inject
    Directory directory;

    private final List<String> prompts = new ArrayList<>();

    private void script(String... replies) {
        List<String> queue = new ArrayList<>(List.of(replies));
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                List<ChatMessage> messages = request.messages();
                prompts.add(((UserMessage) messages.get(messages.size() - 1)).singleText());
                return ChatResponse.builder()
                        .aiMessage(AiMessage.from(queue.isEmpty() ? "nothing scripted" : queue.remove(0)))
                        .build();
            }
        };
        QuarkusMock.installMockForType(new Llm(model, "scripted"), Llm.class);
    }

    private Principal noah() {
        return directory.principal("noah").orElseThrow();
    }

    @Test
    void should_not_call_the_model_for_a_verified_question() {
        script();
        Answer answer = pipeline.ask("Top 10 stores by net revenue in 2025", null, noah());
        assertThat(answer.path()).isEqualTo(AnswerPath.VERIFIED);
        assertThat(prompts).isEmpty();
    }

    @Test
    void should_show_the_model_linked_schema_definitions_and_similar_verified_queries() {
        script("```sql\nSELECT count(*) FROM stores WHERE EXTRACT(YEAR FROM opened_dt) = 2024\n```");
        Answer answer = pipeline.ask("How many stores opened in 2024?", null, noah());
        assertThat(answer.decision()).isEqualTo(Decision.ANSWER);
        assertThat(answer.path()).isEqualTo(AnswerPath.GENERATED);
        assertThat(answer.confidence()).isGreaterThanOrEqualTo(0.5);
        assertThat(prompts).hasSize(1);
        assertThat(prompts.get(0))
                .contains("Table stores")
                .contains("opened_dt")
                .contains("Question: How many stores opened in 2024?")
                .contains("duckdb");
    }

    @Test
    void should_feed_guard_errors_back_and_count_the_repair_against_confidence() {
        script(
                "```sql\nSELECT count(*) FROM stores WHERE open_year = 2024\n```",
                "```sql\nSELECT count(*) FROM stores WHERE EXTRACT(YEAR FROM opened_dt) = 2024\n```");
        Answer answer = pipeline.ask("How many stores opened in 2024?", null, noah());
        assertThat(answer.decision()).isEqualTo(Decision.ANSWER);
        assertThat(prompts.get(1)).contains("sql-unknown-column").contains("open_year");
        assertThat(answer.reasons()).anyMatch(r -> r.contains("1 repair"));
    }

    @Test
    void should_abstain_when_the_sql_returns_nothing_and_confidence_falls_below_the_threshold() {
        script("```sql\nSELECT store_nm FROM stores WHERE sq_ft < 0\n```");
        Answer answer = pipeline.ask("Which stores opened with a negative floor area?", null, noah());
        assertThat(answer.decision()).isEqualTo(Decision.ABSTAIN);
        assertThat(answer.reasons()).anyMatch(r -> r.contains("no rows"));
    }

    @Test
    void should_turn_the_models_clarification_and_refusal_into_decisions() {
        script("CLARIFY: which year?\n- How many stores opened in 2024?\n- How many stores opened in 2025?");
        assertThat(pipeline.ask("How many stores opened recently?", null, noah())
                        .decision())
                .isEqualTo(Decision.CLARIFY);
        script("UNANSWERABLE: there is no foot traffic data.");
        Answer answer = pipeline.ask("How many visitors did the stores have?", null, noah());
        assertThat(answer.decision()).isEqualTo(Decision.ABSTAIN);
        assertThat(answer.text()).contains("foot traffic");
    }
}
