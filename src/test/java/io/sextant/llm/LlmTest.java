package io.sextant.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.sextant.SextantException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmTest {

    /** A ChatModel that replies from a script and remembers what it was sent. */
    static final class ScriptedChatModel implements ChatModel {
        final List<String> replies;
        final List<List<ChatMessage>> received = new ArrayList<>();

        ScriptedChatModel(String... replies) {
            this.replies = new ArrayList<>(List.of(replies));
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            received.add(request.messages());
            if (replies.isEmpty()) {
                throw new IllegalStateException("connection refused");
            }
            return ChatResponse.builder()
                    .aiMessage(AiMessage.from(replies.remove(0)))
                    .tokenUsage(new TokenUsage(120, 30))
                    .build();
        }
    }

    @Test
    void should_return_the_reply_with_its_token_counts() {
        ScriptedChatModel model = new ScriptedChatModel("```sql\nSELECT 1\n```");
        Llm llm = new Llm(model, "scripted");

        ModelReply reply = llm.chat("system rules", "the question");

        assertThat(reply.text()).contains("SELECT 1");
        assertThat(reply.inputTokens()).isEqualTo(120);
        assertThat(reply.outputTokens()).isEqualTo(30);
        assertThat(model.received.get(0)).hasSize(2);
        assertThat(((UserMessage) model.received.get(0).get(1)).singleText()).isEqualTo("the question");
        assertThat(llm.lastError()).isEmpty();
    }

    @Test
    void should_report_a_failing_model_as_unavailable_and_remember_it() {
        Llm llm = new Llm(new ScriptedChatModel(), "scripted");
        assertThatThrownBy(() -> llm.chat(null, "q"))
                .isInstanceOf(SextantException.class)
                .hasMessageContaining("did not answer")
                .extracting(e -> ((SextantException) e).code())
                .isEqualTo("llm-unavailable");
        assertThat(llm.lastError()).get().asString().contains("connection refused");
    }

    @Test
    void should_refuse_calls_when_no_model_is_configured() {
        Llm none = new Llm(null, "none");
        assertThat(none.configured()).isFalse();
        assertThatThrownBy(() -> none.chat(null, "q"))
                .extracting(e -> ((SextantException) e).code())
                .isEqualTo("llm-not-configured");
    }

    @Test
    void should_talk_to_ollamas_native_api() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> paths = new ArrayList<>();
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"model\":\"llama3\",\"created_at\":\"2026-11-24T10:00:00Z\","
                            + "\"message\":{\"role\":\"assistant\",\"content\":\"UNANSWERABLE: no such data.\"},"
                            + "\"done\":true,\"prompt_eval_count\":50,\"eval_count\":7}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            Llm llm = new Llm(config(
                    LlmConfig.Provider.OLLAMA,
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1"));
            ModelReply reply = llm.chat(null, "What is the weather?");
            assertThat(reply.text()).isEqualTo("UNANSWERABLE: no such data.");
            assertThat(reply.inputTokens()).isEqualTo(50);
            assertThat(paths).containsExactly("/api/chat");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void should_load_shipped_prompts_and_let_a_directory_override_them(@TempDir Path dir) throws IOException {
        Prompts shipped = new Prompts(Optional.empty());
        assertThat(shipped.get("sql-generation").text()).contains("{{schema}}");
        assertThat(shipped.versions()).containsOnlyKeys(Prompts.NAMES);

        Files.writeString(dir.resolve("sql-repair.md"), "Fix {{sql}} for {{question}}.");
        Prompts overridden = new Prompts(Optional.of(dir));
        Prompts.Template repair = overridden.get("sql-repair");
        assertThat(repair.render(Map.of("sql", "SELECT x", "question", "q"))).isEqualTo("Fix SELECT x for q.");
        assertThat(repair.version()).isNotEqualTo(shipped.get("sql-repair").version());
        assertThat(overridden.get("sql-generation").version())
                .isEqualTo(shipped.get("sql-generation").version());
    }

    private static LlmConfig config(LlmConfig.Provider provider, String baseUrl) {
        return new LlmConfig() {
            @Override
            public Provider provider() {
                return provider;
            }

            @Override
            public String baseUrl() {
                return baseUrl;
            }

            @Override
            public Optional<String> apiKey() {
                return Optional.empty();
            }

            @Override
            public String model() {
                return "llama3";
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int maxRetries() {
                return 0;
            }

            @Override
            public double temperature() {
                return 0;
            }

            @Override
            public Optional<Path> promptsDir() {
                return Optional.empty();
            }
        };
    }
}
