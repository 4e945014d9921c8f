package io.sextant.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluation runner on a five-question suite whose right outcome is known. */
@QuarkusTest
class AskEvalTest {

    @Inject
    AskEval eval;

    @Test
    void should_judge_each_question_and_summarize() throws IOException {
        AskEval.Report report = eval.evaluate(Path.of("src/test/resources/eval-mini.yaml"), 1e-6);

        Map<String, AskEval.Result> byId = new java.util.HashMap<>();
        report.results().forEach(r -> byId.put(r.id(), r));
        assertThat(byId.get("a1").correct()).isTrue();
        assertThat(byId.get("a1").linkingRecalled()).isNotNull();
        assertThat(byId.get("a2").outcome()).isEqualTo(DecisionMetrics.Outcome.ANSWER);
        assertThat(byId.get("a2").correct()).isFalse();
        assertThat(byId.get("u1").outcome()).isEqualTo(DecisionMetrics.Outcome.ABSTAIN);
        assertThat(byId.get("c1").outcome()).isEqualTo(DecisionMetrics.Outcome.CLARIFY);
        assertThat(byId.get("d1").correct()).isTrue();

        DecisionMetrics.Summary s = report.summary();
        assertThat(s.coverage()).isCloseTo(3.0 / 5, within(1e-9));
        assertThat(s.precisionWhenAnswered()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(s.rs10()).isCloseTo(100 * (1 - 10 + 1 + 1 + 1) / 5.0, within(1e-9));
        assertThat(report.executionAccuracy()).isCloseTo(0.5, within(1e-9));
        assertThat(report.byTag()).containsKeys("paraphrase", "document", "ambiguous");
        assertThat(report.latency()).containsKey("without-model");
    }

    @Test
    void should_write_json_and_a_self_contained_html_report(@org.junit.jupiter.api.io.TempDir Path out)
            throws IOException {
        int code = eval.run(List.of("--suite", "src/test/resources/eval-mini.yaml", "--out", out.toString()));

        assertThat(code).isZero();
        try (var files = Files.list(out)) {
            List<Path> written = files.toList();
            assertThat(written).anyMatch(p -> p.toString().endsWith(".json"));
            Path html = written.stream()
                    .filter(p -> p.toString().endsWith(".html"))
                    .findFirst()
                    .orElseThrow();
            String page = Files.readString(html);
            assertThat(page).contains("<svg").contains("RS(0) / RS(10) / RS(N)").doesNotContain("http://", "https://");
        }
    }

    @Test
    void should_fit_the_answer_threshold_to_the_target_precision() {
        List<AskEval.Result> results = List.of(
                result("x1", DecisionMetrics.Expected.ANSWER, true, 0.95),
                result("x2", DecisionMetrics.Expected.ANSWER, true, 0.9),
                result("x3", DecisionMetrics.Expected.ANSWER, false, 0.7),
                result("x4", DecisionMetrics.Expected.ABSTAIN, false, 0.6));

        Calibration.Fitted fitted = Calibration.fit(results, 0.95);

        assertThat(fitted.threshold()).isEqualTo(0.9);
        assertThat(fitted.precision()).isEqualTo(1.0);
        assertThat(fitted.coverage()).isCloseTo(0.5, within(1e-9));
        assertThat(DecisionMetrics.summarize(Calibration.apply(results, 0.9)).abstentionRecall())
                .isEqualTo(1.0);
    }

    private static AskEval.Result result(
            String id, DecisionMetrics.Expected expected, boolean correct, double confidence) {
        return new AskEval.Result(
                id,
                "q",
                "noah",
                List.of(),
                expected,
                DecisionMetrics.Outcome.ANSWER,
                correct,
                correct,
                confidence,
                "GENERATED",
                null,
                List.of(),
                null,
                Map.of(),
                0,
                0,
                null);
    }
}
