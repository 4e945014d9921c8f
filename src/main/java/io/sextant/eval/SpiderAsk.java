package io.sextant.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.ask.SqlWriter;
import io.sextant.catalog.SemanticModel;
import io.sextant.llm.Llm;
import io.sextant.llm.LlmConfig;
import io.sextant.llm.Prompts;
import io.sextant.sql.GuardCatalog;
import io.sextant.sql.ResultComparison;
import io.sextant.sql.SqlGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Text-to-SQL on Spider dev through Sextant's own stages: for each question, a semantic model
 * built from the database's schema is linked, the generation stage ({@link SqlWriter}: one model
 * call, guard-driven repairs) writes SQL, the guard checks it against the SQLite database's
 * introspected catalog, and the guard's rendering runs on that database; execution accuracy is
 * the share of questions whose rows equal the gold SQL's. Needs a model:
 *
 * <pre>./mvnw -q compile exec:java@spider-ask -Dexec.args="--provider openai --base-url http://localhost:11434/v1 --model qwen2.5-coder:7b"</pre>
 *
 * Options: {@code --limit N} questions, {@code --data ../shared/data}, {@code --api-key}.
 */
public final class SpiderAsk {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Principal ANYONE = new Principal("eval", Set.of(), Map.of());

    /** What a run measured. */
    public record Result(
            int questions, int accepted, int correct, Map<SqlWriter.Outcome, Integer> outcomes, String model) {

        public double executionAccuracy() {
            return questions == 0 ? 0 : (double) correct / questions;
        }
    }

    /** The model settings given on the command line. */
    record Settings(
            Provider provider,
            String baseUrl,
            Optional<String> apiKey,
            String model,
            Duration timeout,
            int maxRetries,
            double temperature,
            Optional<Path> promptsDir)
            implements LlmConfig {}

    private SpiderAsk() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        LlmConfig.Provider provider = LlmConfig.Provider.valueOf(
                options.getOrDefault("provider", "none").toUpperCase(Locale.ROOT));
        if (provider == LlmConfig.Provider.NONE) {
            System.out.println("Spider execution accuracy needs a model: give --provider openai|ollama, --base-url and"
                    + " --model. (Schema-linking recall and guard acceptance need none: exec:java@spider-linking and"
                    + " exec:java@guard-eval.)");
            return;
        }
        Llm llm = Llm.create(new Settings(
                provider,
                options.getOrDefault("base-url", "http://localhost:11434/v1"),
                Optional.ofNullable(options.get("api-key")),
                options.getOrDefault("model", "qwen2.5-coder:7b"),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout-seconds", "120"))),
                2,
                0,
                Optional.empty()));
        Result result = run(
                Path.of(options.getOrDefault("data", "../shared/data")).resolve("spider"),
                llm,
                Integer.parseInt(options.getOrDefault("limit", "100000")));
        System.out.printf(
                Locale.ROOT,
                "Spider dev with %s: %d questions, %d with SQL the guard accepted, execution accuracy %.1f%%; outcomes %s%n",
                result.model(),
                result.questions(),
                result.accepted(),
                100 * result.executionAccuracy(),
                result.outcomes());
    }

    /** Runs up to {@code limit} dev questions whose database is present. */
    public static Result run(Path spider, Llm llm, int limit) throws Exception {
        JsonNode dev = JSON.readTree(spider.resolve("dev.json").toFile());
        Map<String, JsonNode> schemas = new HashMap<>();
        for (JsonNode db : JSON.readTree(spider.resolve("tables.json").toFile())) {
            schemas.put(db.get("db_id").asText(), db);
        }
        SqlWriter writer = new SqlWriter(llm, new Prompts(Optional.empty()), 2);
        SqlGuard guard = new SqlGuard(Permissions.unrestricted(), 0, SqlGuard.DEFAULT_MAX_LENGTH);
        Map<String, Connection> connections = new HashMap<>();
        Map<String, GuardCatalog> catalogs = new HashMap<>();
        Map<String, SemanticModel> models = new HashMap<>();
        Map<SqlWriter.Outcome, Integer> outcomes = new LinkedHashMap<>();
        ResultComparison compare = new ResultComparison(1e-6);
        int questions = 0;
        int accepted = 0;
        int correct = 0;
        try {
            for (JsonNode q : dev) {
                String db = q.get("db_id").asText();
                Path file = spider.resolve("database").resolve(db).resolve(db + ".sqlite");
                if (!Files.exists(file) || questions >= limit) {
                    continue;
                }
                Connection connection = connections.computeIfAbsent(db, d -> GuardEval.open(file));
                GuardCatalog catalog = catalogs.computeIfAbsent(db, d -> GuardEval.catalog(connection));
                SemanticModel model = models.computeIfAbsent(
                        db, d -> TablesJson.semanticModel(spider.resolve("tables.json"), schemas.get(d)));
                questions++;
                SqlWriter.Draft draft = writer.write(
                        SqlWriter.request(
                                model,
                                Permissions.unrestricted(),
                                ANYONE,
                                q.get("question").asText(),
                                "sqlite"),
                        sql -> guard.check(sql, ANYONE, catalog));
                outcomes.merge(draft.outcome(), 1, Integer::sum);
                if (draft.outcome() != SqlWriter.Outcome.ACCEPTED) {
                    continue;
                }
                accepted++;
                String gold = q.get("query").asText();
                try {
                    if (compare.same(
                            GuardEval.rows(connection, gold),
                            GuardEval.rows(connection, draft.checked().sql()),
                            ResultComparison.orders(gold))) {
                        correct++;
                    }
                } catch (SQLException e) {
                    // the generated SQL does not run: counted as wrong
                }
            }
        } finally {
            for (Connection c : connections.values()) {
                c.close();
            }
        }
        return new Result(questions, accepted, correct, outcomes, llm.description());
    }
}
