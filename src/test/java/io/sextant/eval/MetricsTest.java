package io.sextant.eval;

import static io.sextant.eval.DecisionMetrics.Expected;
import static io.sextant.eval.DecisionMetrics.Outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sextant.sql.ResultComparison;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private final ResultComparison compare = new ResultComparison(1e-6);

    private static List<Object> row(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    @Test
    void should_compare_rows_as_multisets_unless_ordered() {
        List<List<Object>> gold = List.of(row("EMEA", 10), row("NA", 20), row("NA", 20));
        List<List<Object>> shuffled = List.of(row("NA", 20), row("EMEA", 10), row("NA", 20));
        assertThat(compare.same(gold, shuffled, false)).isTrue();
        assertThat(compare.same(gold, shuffled, true)).isFalse();
        // multisets: duplicates count
        assertThat(compare.same(gold, List.of(row("NA", 20), row("EMEA", 10), row("EMEA", 10)), false))
                .isFalse();
        assertThat(compare.same(gold, List.of(row("EMEA", 10), row("NA", 20)), false))
                .isFalse();
    }

    @Test
    void should_judge_as_a_user_the_gold_columns_among_the_answers_in_any_order() {
        List<List<Object>> gold = List.of(row("EMEA", 10), row("NA", 20));
        // extra column, other column order, other row order
        List<List<Object>> answer = List.of(row(20, "Store", "NA"), row(10, "Online", "EMEA"));
        assertThat(compare.covers(gold, answer, false)).isTrue();
        assertThat(compare.same(gold, answer, false)).isFalse();
        // the rows must still pair up: values that appear in the columns but in other rows
        assertThat(compare.covers(gold, List.of(row(10, "x", "NA"), row(20, "y", "EMEA")), false))
                .isFalse();
        // ordered gold: the answer's order counts
        assertThat(compare.covers(gold, List.of(row(10, "EMEA"), row(20, "NA")), true))
                .isTrue();
        assertThat(compare.covers(gold, List.of(row(20, "NA"), row(10, "EMEA")), true))
                .isFalse();
        // a missing gold column or another row count is wrong
        assertThat(compare.covers(gold, List.of(row("EMEA"), row("NA")), false)).isFalse();
        assertThat(compare.covers(gold, List.of(row("EMEA", 10)), false)).isFalse();
        // two gold columns may not both take the same answer column
        assertThat(compare.covers(List.of(row(1, 1)), List.of(row(1, 2)), false))
                .isFalse();
    }

    @Test
    void should_read_time_buckets_by_their_first_day() {
        assertThat(compare.sameValue("2025-01-01", "2025-01-01T00:00")).isTrue();
        assertThat(compare.sameValue("2025-01-01 00:00:00", "2025-01")).isTrue();
        assertThat(compare.sameValue("2025-01-01T00:00", "2025-02")).isFalse();
        assertThat(compare.sameValue("2025-01-01T10:30", "2025-01-01")).isFalse();
    }

    @Test
    void should_compare_numbers_within_tolerance_across_types_and_nulls_exactly() {
        assertThat(compare.same(List.of(row(new BigDecimal("1234.5600"), 3L)), List.of(row(1234.56, 3)), true))
                .isTrue();
        assertThat(compare.sameValue(0.1 + 0.2, 0.3)).isTrue();
        assertThat(compare.sameValue(100.0, 100.01)).isFalse();
        assertThat(compare.sameValue(null, null)).isTrue();
        assertThat(compare.sameValue(null, 0)).isFalse();
        assertThat(compare.sameValue("0", 0)).isFalse();
        assertThat(new ResultComparison(1e-2).sameValue(100.0, 100.5)).isTrue();
    }

    @Test
    void should_see_only_a_top_level_order_by() {
        assertThat(ResultComparison.orders("SELECT a FROM t ORDER BY a")).isTrue();
        assertThat(ResultComparison.orders("SELECT a FROM (SELECT a FROM t ORDER BY a LIMIT 3) x"))
                .isFalse();
        assertThat(ResultComparison.orders("select a, row_number() over (order by a) from t"))
                .isFalse();
    }

    @Test
    void should_score_reliability_as_ehrsql_does() {
        List<DecisionMetrics.Judged> judged = List.of(
                new DecisionMetrics.Judged(Expected.ANSWER, Outcome.ANSWER, true, 0.9), // +1
                new DecisionMetrics.Judged(Expected.ANSWER, Outcome.ANSWER, false, 0.6), // -c
                new DecisionMetrics.Judged(Expected.ANSWER, Outcome.ABSTAIN, false, 0), // 0
                new DecisionMetrics.Judged(Expected.ABSTAIN, Outcome.ABSTAIN, false, 0), // +1
                new DecisionMetrics.Judged(Expected.ABSTAIN, Outcome.ANSWER, false, 0.7), // -c
                new DecisionMetrics.Judged(Expected.CLARIFY, Outcome.CLARIFY, false, 0), // +1
                new DecisionMetrics.Judged(Expected.CLARIFY, Outcome.ABSTAIN, false, 0), // 0
                new DecisionMetrics.Judged(Expected.CLARIFY, Outcome.ANSWER, false, 0.8)); // -c

        DecisionMetrics.Summary s = DecisionMetrics.summarize(judged);

        assertThat(s.rs0()).isCloseTo(100 * 3.0 / 8, within(1e-9));
        assertThat(s.rs10()).isCloseTo(100 * (3.0 - 30) / 8, within(1e-9));
        assertThat(s.rsN()).isCloseTo(100 * (3.0 - 24) / 8, within(1e-9));
        assertThat(s.coverage()).isCloseTo(4.0 / 8, within(1e-9));
        assertThat(s.precisionWhenAnswered()).isCloseTo(1.0 / 4, within(1e-9));
        assertThat(s.abstentionRecall()).isCloseTo(1.0 / 2, within(1e-9));
        assertThat(s.clarificationRate()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(s.falseAbstentionRate()).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void should_trace_risk_against_coverage_with_ties_entering_together() {
        List<DecisionMetrics.Judged> judged = List.of(
                new DecisionMetrics.Judged(Expected.ANSWER, Outcome.ANSWER, true, 0.9),
                new DecisionMetrics.Judged(Expected.ANSWER, Outcome.ANSWER, false, 0.7),
                new DecisionMetrics.Judged(Expected.ANSWER, Outcome.ANSWER, true, 0.7),
                new DecisionMetrics.Judged(Expected.ABSTAIN, Outcome.ANSWER, false, 0.5),
                new DecisionMetrics.Judged(Expected.ANSWER, Outcome.ABSTAIN, false, 0.0));

        List<DecisionMetrics.CurvePoint> curve = DecisionMetrics.riskCoverage(judged);

        assertThat(curve).hasSize(3);
        assertThat(curve.get(0)).isEqualTo(new DecisionMetrics.CurvePoint(0.9, 0.2, 0.0));
        assertThat(curve.get(1).coverage()).isCloseTo(0.6, within(1e-9));
        assertThat(curve.get(1).risk()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(curve.get(2).risk()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void should_rank_retrieval_results() {
        Map<String, Integer> relevant = Map.of("a", 1, "c", 1);
        assertThat(RetrievalMetrics.reciprocalRank(List.of("b", "a", "c"), relevant))
                .isEqualTo(0.5);
        assertThat(RetrievalMetrics.recall(List.of("b", "a"), relevant, 2)).isEqualTo(0.5);
        assertThat(RetrievalMetrics.ndcg(List.of("a", "c", "b"), relevant, 10)).isCloseTo(1.0, within(1e-9));
        assertThat(RetrievalMetrics.ndcg(List.of("b", "x"), relevant, 10)).isZero();
    }
}
