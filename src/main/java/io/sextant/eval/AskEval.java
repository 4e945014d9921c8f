package io.sextant.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sextant.access.Directory;
import io.sextant.access.Principal;
import io.sextant.ask.Answer;
import io.sextant.ask.AskPipeline;
import io.sextant.ask.Decision;
import io.sextant.llm.Llm;
import io.sextant.sql.Cancellation;
import io.sextant.sql.QueryResult;
import io.sextant.sql.ResultComparison;
import io.sextant.sql.SqlCheck;
import io.sextant.sql.SqlService;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs an ask suite through the real pipeline (in this process, with whatever model is
 * configured, or none) and writes {@code eval/reports/<suite>-<timestamp>.json} and a
 * self-contained HTML report: decision metrics (coverage, precision when answered, abstention
 * recall, clarification rate, RS(0), RS(10), RS(N), risk–coverage), execution accuracy,
 * schema-linking recall, per-tag figures and per-stage latency.
 */
@ApplicationScoped
public class AskEval {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One question of a suite, as written in the YAML file. */
    public record Item(
            String id,
            String question,
            String user,
            DecisionMetrics.Expected expected,
            String goldSql,
            List<String> documents,
            List<String> tags) {}

    /** What happened to one question. */
    public record Result(
            String id,
            String question,
            String user,
            List<String> tags,
            DecisionMetrics.Expected expected,
            DecisionMetrics.Outcome outcome,
            boolean correct,
            boolean strict,
            double confidence,
            String path,
            String sql,
            List<String> reasons,
            Boolean linkingRecalled,
            Map<String, Long> timings,
            int inputTokens,
            int outputTokens,
            String note) {}

    /** The whole report. */
    public record Report(
            String suite,
            String model,
            String startedAt,
            DecisionMetrics.Summary summary,
            double executionAccuracy,
            double strictExecutionAccuracy,
            double linkingRecall,
            Map<String, DecisionMetrics.Summary> byTag,
            Map<String, Map<String, Long>> latency,
            List<Result> results) {}

    private final AskPipeline pipeline;
    private final Directory directory;
    private final SqlService sql;
    private final Llm llm;

    AskEval(AskPipeline pipeline, Directory directory, SqlService sql, Llm llm) {
        this.pipeline = pipeline;
        this.directory = directory;
        this.sql = sql;
        this.llm = llm;
    }

    /**
     * Command entry: {@code [calibrate] --suite FILE [--out DIR] [--tolerance 1e-6]}; calibration
     * also takes {@code --target-precision 0.95}, {@code --test-suite FILE} (else a held-out half
     * of the suite) and {@code --config-out eval/calibrated.properties}. Returns the exit code.
     */
    public int run(List<String> args) throws IOException {
        boolean calibrate = !args.isEmpty() && args.get(0).equals("calibrate");
        List<String> rest = calibrate ? args.subList(1, args.size()) : args;
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < rest.size(); i += 2) {
            options.put(rest.get(i).replaceFirst("^--", ""), rest.get(i + 1));
        }
        if (calibrate) {
            return calibrate(options);
        }
        Path suiteFile = Path.of(options.getOrDefault("suite", "eval/ask/acme.yaml"));
        Path out = Path.of(options.getOrDefault("out", "eval/reports"));
        Report report = evaluate(suiteFile, Double.parseDouble(options.getOrDefault("tolerance", "1e-6")));
        Files.createDirectories(out);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path json = out.resolve(report.suite() + "-" + stamp + ".json");
        Path html = out.resolve(report.suite() + "-" + stamp + ".html");
        JSON.writeValue(json.toFile(), report);
        Files.writeString(html, EvalReportHtml.render(report));
        DecisionMetrics.Summary s = report.summary();
        System.out.printf(
                Locale.ROOT,
                "%s (%d questions, model: %s)%n  coverage %.1f%%  precision when answered %.1f%%  abstention recall %.1f%%"
                        + "  clarification rate %.1f%%  false abstention %.1f%%%n  RS(0) %.1f  RS(10) %.1f  RS(N) %.1f"
                        + "  execution accuracy %.1f%% (strict %.1f%%)  linking recall %.1f%%%n  latency without model p50 %d ms p95 %d ms%n"
                        + "  reports: %s, %s%n",
                report.suite(),
                s.questions(),
                report.model(),
                100 * s.coverage(),
                100 * s.precisionWhenAnswered(),
                100 * s.abstentionRecall(),
                100 * s.clarificationRate(),
                100 * s.falseAbstentionRate(),
                s.rs0(),
                s.rs10(),
                s.rsN(),
                100 * report.executionAccuracy(),
                100 * report.strictExecutionAccuracy(),
                100 * report.linkingRecall(),
                report.latency().getOrDefault("without-model", Map.of()).getOrDefault("p50", 0L),
                report.latency().getOrDefault("without-model", Map.of()).getOrDefault("p95", 0L),
                json,
                html);
        return 0;
    }

    private int calibrate(Map<String, String> options) throws IOException {
        double tolerance = Double.parseDouble(options.getOrDefault("tolerance", "1e-6"));
        double target = Double.parseDouble(options.getOrDefault("target-precision", "0.95"));
        Report fitSuite = evaluate(Path.of(options.getOrDefault("suite", "eval/ask/acme.yaml")), tolerance);
        List<Result> fit;
        List<Result> test;
        if (options.containsKey("test-suite")) {
            fit = fitSuite.results();
            test = evaluate(Path.of(options.get("test-suite")), tolerance).results();
        } else {
            fit = fitSuite.results().stream()
                    .filter(r -> Math.floorMod(r.id().hashCode(), 2) == 0)
                    .toList();
            test = fitSuite.results().stream()
                    .filter(r -> Math.floorMod(r.id().hashCode(), 2) == 1)
                    .toList();
        }
        Calibration.Fitted fitted = Calibration.fit(fit, target);
        DecisionMetrics.Summary before =
                DecisionMetrics.summarize(test.stream().map(AskEval::judged).toList());
        DecisionMetrics.Summary after = DecisionMetrics.summarize(Calibration.apply(test, fitted.threshold()));
        Path config = Path.of(options.getOrDefault("config-out", "eval/calibrated.properties"));
        Files.createDirectories(config.toAbsolutePath().getParent());
        Files.writeString(
                config,
                "# Fitted by `eval calibrate` on " + fit.size() + " questions of " + fitSuite.suite()
                        + " for precision >= "
                        + target + " (reached " + String.format(Locale.ROOT, "%.3f", fitted.precision())
                        + " at coverage " + String.format(Locale.ROOT, "%.3f", fitted.coverage()) + ").\n"
                        + "sextant.ask.answer-threshold=" + String.format(Locale.ROOT, "%.3f", fitted.threshold())
                        + "\n");
        System.out.printf(
                Locale.ROOT,
                "calibration on %d questions: answer-threshold %.3f (precision %.3f, coverage %.3f on the fit set)%n"
                        + "held-out %d questions: precision %.3f -> %.3f, coverage %.3f -> %.3f, RS(10) %.1f -> %.1f%n"
                        + "written to %s%n",
                fit.size(),
                fitted.threshold(),
                fitted.precision(),
                fitted.coverage(),
                test.size(),
                before.precisionWhenAnswered(),
                after.precisionWhenAnswered(),
                before.coverage(),
                after.coverage(),
                before.rs10(),
                after.rs10(),
                config);
        return 0;
    }

    /**
     * Runs every question of the suite through the server's pipeline as it is now (recording
     * each turn, as a real ask does) and computes the report.
     */
    public Report evaluate(Path suiteFile, double tolerance) throws IOException {
        return evaluate(suiteFile, tolerance, pipeline.live(), true);
    }

    /**
     * Runs every question of the suite against the trial's model and verified queries; with
     * {@code record} false nothing is written (no turns, no audit rows).
     */
    public Report evaluate(Path suiteFile, double tolerance, AskPipeline.Trial trial, boolean record)
            throws IOException {
        String started = LocalDateTime.now().toString();
        Map<String, Object> suite = new Yaml().load(Files.readString(suiteFile));
        String name = String.valueOf(
                suite.getOrDefault("suite", suiteFile.getFileName().toString()));
        ResultComparison compare = new ResultComparison(tolerance);
        // A suite may fix the date its relative periods ("last quarter") are read against.
        Object today = suite.get("today");
        AskPipeline.Trial dated = today == null ? trial : trial.on(java.time.LocalDate.parse(String.valueOf(today)));
        List<Result> results = new ArrayList<>();
        for (Item item : items(suite)) {
            results.add(judge(item, compare, dated, record));
        }
        return report(name, started, results);
    }

    @SuppressWarnings("unchecked")
    static List<Item> items(Map<String, Object> suite) {
        List<Item> items = new ArrayList<>();
        for (Map<String, Object> q : (List<Map<String, Object>>) suite.get("questions")) {
            items.add(new Item(
                    String.valueOf(q.get("id")),
                    String.valueOf(q.get("question")),
                    String.valueOf(q.getOrDefault("user", "ada")),
                    DecisionMetrics.Expected.valueOf(
                            String.valueOf(q.get("expect")).toUpperCase(Locale.ROOT)),
                    (String) q.get("gold_sql"),
                    (List<String>) q.getOrDefault("documents", List.of()),
                    (List<String>) q.getOrDefault("tags", List.of())));
        }
        return items;
    }

    private Result judge(Item item, ResultComparison compare, AskPipeline.Trial trial, boolean record) {
        Principal principal = directory
                .principal(item.user())
                .orElseThrow(() -> new IllegalArgumentException("no user " + item.user() + " for " + item.id()));
        Answer answer = record
                ? pipeline.ask(item.question(), null, principal, trial)
                : pipeline.trial(item.question(), principal, trial);
        DecisionMetrics.Outcome outcome =
                DecisionMetrics.Outcome.valueOf(answer.decision().name());
        boolean correct = false;
        boolean strict = false;
        String note = null;
        Boolean recalled = null;
        if (item.goldSql() != null) {
            SqlCheck gold = sql.check(item.goldSql(), principal, Optional.empty());
            if (!gold.accepted()) {
                note = "gold SQL refused: " + gold.errors().get(0).describe();
            } else {
                Set<String> linked = pipeline.linkedTables(item.question(), principal, trial);
                recalled = linked.containsAll(gold.checked().tables());
                if (answer.decision() == Decision.ANSWER) {
                    QueryResult rows = sql.run(gold.checked(), new Cancellation());
                    boolean ordered = ResultComparison.orders(item.goldSql());
                    if (answer.truncated() || rows.truncated()) {
                        int n = Math.min(answer.rows().size(), rows.rows().size());
                        strict = ordered
                                && compare.same(
                                        rows.rows().subList(0, n), answer.rows().subList(0, n), true);
                        correct = ordered
                                && compare.covers(
                                        rows.rows().subList(0, n), answer.rows().subList(0, n), true);
                        note = "result truncated; compared the first " + n + " rows";
                    } else {
                        strict = compare.same(rows.rows(), answer.rows(), ordered);
                        correct = compare.covers(rows.rows(), answer.rows(), ordered);
                    }
                    if (correct && !strict) {
                        note = "right as a user judges it (the gold columns are among the answer's), not strictly";
                    }
                }
            }
        } else if (!item.documents().isEmpty() && answer.decision() == Decision.ANSWER) {
            correct = answer.citations().stream().anyMatch(c -> item.documents().contains(c.documentId()));
        }
        return new Result(
                item.id(),
                item.question(),
                item.user(),
                item.tags(),
                item.expected(),
                outcome,
                correct,
                strict,
                answer.confidence(),
                answer.path().name(),
                answer.sql(),
                answer.reasons(),
                recalled,
                answer.timings(),
                answer.usage().inputTokens(),
                answer.usage().outputTokens(),
                note);
    }

    private Report report(String name, String started, List<Result> results) {
        List<DecisionMetrics.Judged> judged =
                results.stream().map(AskEval::judged).toList();
        Map<String, DecisionMetrics.Summary> byTag = new TreeMap<>();
        Map<String, List<DecisionMetrics.Judged>> tagged = new TreeMap<>();
        for (Result r : results) {
            r.tags()
                    .forEach(t ->
                            tagged.computeIfAbsent(t, k -> new ArrayList<>()).add(judged(r)));
        }
        tagged.forEach((tag, list) -> byTag.put(tag, DecisionMetrics.summarize(list)));
        List<Result> withGold = results.stream()
                .filter(r -> r.expected() == DecisionMetrics.Expected.ANSWER && r.linkingRecalled() != null)
                .toList();
        double accuracy = withGold.isEmpty()
                ? 0
                : (double) withGold.stream().filter(Result::correct).count() / withGold.size();
        double strictAccuracy = withGold.isEmpty()
                ? 0
                : (double) withGold.stream().filter(Result::strict).count() / withGold.size();
        double recall = withGold.isEmpty()
                ? 0
                : (double) withGold.stream().filter(Result::linkingRecalled).count() / withGold.size();
        return new Report(
                name,
                llm.description(),
                started,
                DecisionMetrics.summarize(judged),
                accuracy,
                strictAccuracy,
                recall,
                byTag,
                latency(results),
                results);
    }

    static DecisionMetrics.Judged judged(Result r) {
        return new DecisionMetrics.Judged(r.expected(), r.outcome(), r.correct(), r.confidence());
    }

    private static Map<String, Map<String, Long>> latency(List<Result> results) {
        Map<String, List<Long>> stages = new TreeMap<>();
        for (Result r : results) {
            r.timings()
                    .forEach((stage, ms) -> stages.computeIfAbsent(stage, k -> new ArrayList<>())
                            .add(ms));
            stages.computeIfAbsent("without-model", k -> new ArrayList<>())
                    .add(r.timings().getOrDefault("total", 0L) - r.timings().getOrDefault("model", 0L));
            stages.computeIfAbsent("tokens-in", k -> new ArrayList<>()).add((long) r.inputTokens());
            stages.computeIfAbsent("tokens-out", k -> new ArrayList<>()).add((long) r.outputTokens());
        }
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        stages.forEach((stage, values) ->
                out.put(stage, Map.of("p50", percentile(values, 50), "p95", percentile(values, 95), "n", (long)
                        values.size())));
        return out;
    }

    /** The p-th percentile (nearest rank) of the values. */
    static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
