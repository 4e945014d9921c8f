package io.sextant.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.ask.SchemaLinker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * EHRSQL 2024 without any model: does the schema linker's confidence (how much of a question
 * links to the schema) separate the unanswerable questions (20%) from the answerable ones? A
 * semantic model is built from {@code tables.json} (table and column names, their natural names
 * as synonyms); the abstention threshold is fitted on the valid split (best RS(10)) and reported
 * on the test split, with the risk–coverage curve over the linker's confidence.
 *
 * <pre>./mvnw -q compile exec:java@ehrsql</pre>
 */
public final class EhrsqlAbstention {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Principal ANYONE = new Principal("eval", Set.of(), Map.of());

    /** A question, whether it is answerable, and the linker's confidence. */
    record Scored(String question, boolean answerable, double confidence) {}

    private EhrsqlAbstention() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path data = Path.of(options.getOrDefault("data", "../shared/data")).resolve("ehrsql-2024");
        SchemaLinker linker =
                new SchemaLinker(TablesJson.semanticModel(data.resolve("tables.json")), Permissions.unrestricted());
        List<Scored> valid = score(linker, data.resolve("valid"));
        List<Scored> test = score(linker, data.resolve("test"));

        double best = 0;
        double bestRs = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= 100; i++) {
            double t = i / 100.0;
            double rs = DecisionMetrics.reliability(judge(valid, t), 10);
            if (rs > bestRs) {
                bestRs = rs;
                best = t;
            }
        }
        report("valid (threshold fitted here)", valid, best);
        report("test", test, best);
        DecisionMetrics.Summary never = DecisionMetrics.summarize(judge(test, 0));
        System.out.printf(Locale.ROOT, "  (never abstaining on test: RS(10) %.1f)%n", never.rs10());
        System.out.println("  risk-coverage on test (linker confidence threshold: coverage, risk):");
        for (DecisionMetrics.CurvePoint p : DecisionMetrics.riskCoverage(judge(test, 0))) {
            System.out.printf(Locale.ROOT, "    >= %.2f: %.3f, %.3f%n", p.threshold(), p.coverage(), p.risk());
        }
    }

    private static void report(String split, List<Scored> scored, double threshold) {
        DecisionMetrics.Summary s = DecisionMetrics.summarize(judge(scored, threshold));
        System.out.printf(
                Locale.ROOT,
                "%s: %d questions, abstain below linker confidence %.2f -> abstention recall %.1f%%,"
                        + " false-abstention rate %.1f%%, RS(0) %.1f, RS(10) %.1f%n",
                split,
                s.questions(),
                threshold,
                100 * s.abstentionRecall(),
                100 * s.falseAbstentionRate(),
                s.rs0(),
                s.rs10());
    }

    /** Answering means "not abstaining"; an answer counts as right when the question is answerable. */
    static List<DecisionMetrics.Judged> judge(List<Scored> scored, double threshold) {
        List<DecisionMetrics.Judged> judged = new ArrayList<>();
        for (Scored s : scored) {
            DecisionMetrics.Outcome outcome = s.confidence() >= threshold && s.confidence() > 0
                    ? DecisionMetrics.Outcome.ANSWER
                    : DecisionMetrics.Outcome.ABSTAIN;
            judged.add(new DecisionMetrics.Judged(
                    s.answerable() ? DecisionMetrics.Expected.ANSWER : DecisionMetrics.Expected.ABSTAIN,
                    outcome,
                    s.answerable(),
                    s.confidence()));
        }
        return judged;
    }

    private static List<Scored> score(SchemaLinker linker, Path split) throws Exception {
        JsonNode data = JSON.readTree(split.resolve("data.json").toFile()).get("data");
        JsonNode labels = JSON.readTree(split.resolve("label.json").toFile());
        List<Scored> scored = new ArrayList<>();
        for (JsonNode q : data) {
            String question = q.get("question").asText();
            boolean answerable =
                    !"null".equals(labels.path(q.get("id").asText()).asText("null"));
            scored.add(new Scored(question, answerable, linker.coverage(question, ANYONE)));
        }
        return scored;
    }
}
