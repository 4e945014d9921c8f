package io.sextant.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How good Sextant's decisions were over a suite: coverage, precision when answered, abstention
 * recall, clarification rate, the reliability score RS(c) of EHRSQL 2024 / TrustSQL, and the
 * risk–coverage curve over the confidence.
 *
 * <p>Per question RS gives +1 for a correct answer, +1 for declining (abstaining or clarifying)
 * a question that should be declined (unanswerable, restricted) and for clarifying an ambiguous
 * one, 0 for declining an answerable (or ambiguous) question, and −c for a wrong answer, an answer
 * to a question that should be declined, or a guess on an ambiguous one. RS is the mean × 100.
 */
public final class DecisionMetrics {

    /** What a question should get. */
    public enum Expected {
        ANSWER,
        CLARIFY,
        ABSTAIN
    }

    /** What Sextant did. */
    public enum Outcome {
        ANSWER,
        CLARIFY,
        ABSTAIN
    }

    /**
     * One judged question.
     *
     * @param correct for answers: whether the answer was right (rows equal to the gold rows, or
     *     the expected document cited)
     */
    public record Judged(Expected expected, Outcome outcome, boolean correct, double confidence) {}

    /** A point of the risk–coverage curve: answering only at or above this confidence. */
    public record CurvePoint(double threshold, double coverage, double risk) {}

    /** The headline numbers. */
    public record Summary(
            int questions,
            double coverage,
            double precisionWhenAnswered,
            double abstentionRecall,
            double clarificationRate,
            double falseAbstentionRate,
            double rs0,
            double rs10,
            double rsN,
            List<CurvePoint> riskCoverage) {}

    private DecisionMetrics() {}

    public static Summary summarize(List<Judged> judged) {
        int n = judged.size();
        long answered =
                judged.stream().filter(j -> j.outcome() == Outcome.ANSWER).count();
        long correct = judged.stream().filter(DecisionMetrics::rightAnswer).count();
        long shouldDecline =
                judged.stream().filter(j -> j.expected() == Expected.ABSTAIN).count();
        long declined = judged.stream()
                .filter(j -> j.expected() == Expected.ABSTAIN && j.outcome() != Outcome.ANSWER)
                .count();
        long ambiguous =
                judged.stream().filter(j -> j.expected() == Expected.CLARIFY).count();
        long clarified = judged.stream()
                .filter(j -> j.expected() == Expected.CLARIFY && j.outcome() == Outcome.CLARIFY)
                .count();
        long answerable =
                judged.stream().filter(j -> j.expected() == Expected.ANSWER).count();
        long falselyDeclined = judged.stream()
                .filter(j -> j.expected() == Expected.ANSWER && j.outcome() != Outcome.ANSWER)
                .count();
        return new Summary(
                n,
                ratio(answered, n),
                ratio(correct, answered),
                ratio(declined, shouldDecline),
                ratio(clarified, ambiguous),
                ratio(falselyDeclined, answerable),
                reliability(judged, 0),
                reliability(judged, 10),
                reliability(judged, n),
                riskCoverage(judged));
    }

    /** RS(c) in percent. */
    public static double reliability(List<Judged> judged, double c) {
        if (judged.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (Judged j : judged) {
            sum += score(j, c);
        }
        return 100 * sum / judged.size();
    }

    static double score(Judged j, double c) {
        return switch (j.expected()) {
            case ANSWER -> j.outcome() == Outcome.ANSWER ? (j.correct() ? 1 : -c) : 0;
            case ABSTAIN -> j.outcome() == Outcome.ANSWER ? -c : 1;
            case CLARIFY ->
                switch (j.outcome()) {
                    case CLARIFY -> 1;
                    case ABSTAIN -> 0;
                    case ANSWER -> -c;
                };
        };
    }

    /**
     * Coverage and risk (share of wrong answers among those kept) when answering only at or
     * above each confidence that occurs, from the highest down. Ties enter together.
     */
    public static List<CurvePoint> riskCoverage(List<Judged> judged) {
        List<Judged> answered = new ArrayList<>(
                judged.stream().filter(j -> j.outcome() == Outcome.ANSWER).toList());
        answered.sort(Comparator.comparingDouble(Judged::confidence).reversed());
        List<CurvePoint> curve = new ArrayList<>();
        int kept = 0;
        int wrong = 0;
        for (int i = 0; i < answered.size(); i++) {
            Judged j = answered.get(i);
            kept++;
            if (!rightAnswer(j)) {
                wrong++;
            }
            boolean lastOfTie = i + 1 == answered.size() || answered.get(i + 1).confidence() != j.confidence();
            if (lastOfTie) {
                curve.add(new CurvePoint(j.confidence(), ratio(kept, judged.size()), ratio(wrong, kept)));
            }
        }
        return curve;
    }

    private static boolean rightAnswer(Judged j) {
        return j.outcome() == Outcome.ANSWER && j.expected() == Expected.ANSWER && j.correct();
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
