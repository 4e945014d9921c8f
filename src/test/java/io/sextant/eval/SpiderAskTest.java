package io.sextant.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sextant.ask.OpenAiStub;
import io.sextant.ask.SqlWriter;
import io.sextant.llm.Llm;
import io.sextant.llm.LlmConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Spider adapter's model path against an OpenAI-compatible stub that replies with scripted
 * SQL: it shows the prompt built from the Spider schema, repairs through the guard, runs on the
 * SQLite database and judges the rows.
 */
class SpiderAskTest {

    @Test
    void should_judge_execution_accuracy_of_what_the_model_writes() throws Exception {
        Path spider = Path.of("../shared/data/spider");
        if (!Files.exists(spider)) {
            spider = Path.of("/work/shared/data/spider");
        }
        assumeTrue(Files.exists(spider.resolve("dev.json")), "Spider data not found");
        OpenAiStub stub = new OpenAiStub();
        Map<String, String> config = stub.start();
        try {
            OpenAiStub.reset(
                    "```sql\nSELECT count(*) FROM singer\n```",
                    "```sql\nSELECT count(*) FROM singers\n```",
                    "```sql\nSELECT count(*) FROM singer\n```",
                    "```sql\nSELECT name, country, age FROM singer ORDER BY age ASC\n```");
            Llm llm = Llm.create(new SpiderAsk.Settings(
                    LlmConfig.Provider.OPENAI,
                    config.get("sextant.llm.base-url"),
                    Optional.empty(),
                    "stub",
                    Duration.ofSeconds(10),
                    0,
                    0,
                    Optional.empty()));

            SpiderAsk.Result result = SpiderAsk.run(spider, llm, 3);

            assertThat(result.questions()).isEqualTo(3);
            assertThat(result.accepted()).isEqualTo(3);
            assertThat(result.correct()).isEqualTo(2); // the third orders the wrong way
            assertThat(result.outcomes()).containsEntry(SqlWriter.Outcome.ACCEPTED, 3);
            assertThat(OpenAiStub.PROMPTS).hasSize(4);
            assertThat(OpenAiStub.PROMPTS.get(0)).contains("Table singer").contains("How many singers do we have?");
            assertThat(OpenAiStub.PROMPTS.get(2)).contains("sql-unknown-table").contains("singers");
        } finally {
            stub.stop();
        }
    }
}
