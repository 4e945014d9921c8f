package io.sextant.eval;

import java.util.List;
import java.util.TreeSet;

/**
 * Fits the answer threshold on judged results: the lowest confidence at which the answers kept
 * reach the target precision. Raising the threshold only turns answers into abstentions, so
 * applying it to results afterwards gives what a run with that threshold would decide.
 */
final class Calibration {

    /** The fitted threshold and what it gives on the questions it was fitted on. */
    record Fitted(double threshold, double precision, double coverage) {}

    private Calibration() {}

    static Fitted fit(List<AskEval.Result> results, double targetPrecision) {
        TreeSet<Double> candidates = new TreeSet<>();
        results.stream()
                .filter(r -> r.outcome() == DecisionMetrics.Outcome.ANSWER)
                .forEach(r -> candidates.add(r.confidence()));
        for (double t : candidates) {
            DecisionMetrics.Summary s = DecisionMetrics.summarize(apply(results, t));
            if (s.precisionWhenAnswered() >= targetPrecision) {
                return new Fitted(t, s.precisionWhenAnswered(), s.coverage());
            }
        }
        double none = candidates.isEmpty() ? 1.0 : Math.min(1.0, candidates.last() + 0.01);
        return new Fitted(none, 0, 0);
    }

    /** The results as a run with this answer threshold would have decided them. */
    static List<DecisionMetrics.Judged> apply(List<AskEval.Result> results, double threshold) {
        return results.stream()
                .map(r -> {
                    DecisionMetrics.Judged j = AskEval.judged(r);
                    return j.outcome() == DecisionMetrics.Outcome.ANSWER && j.confidence() < threshold
                            ? new DecisionMetrics.Judged(
                                    j.expected(), DecisionMetrics.Outcome.ABSTAIN, false, j.confidence())
                            : j;
                })
                .toList();
    }
}
