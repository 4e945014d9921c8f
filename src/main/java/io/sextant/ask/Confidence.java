package io.sextant.ask;

import java.util.ArrayList;
import java.util.List;

/**
 * Confidence of an answer from explicit signals, each with its reason, so that a person can see
 * why and the evaluation runner can calibrate the thresholds. Starts from the path's base and
 * subtracts for each weakness.
 */
final class Confidence {

    private double value;
    private final List<String> reasons = new ArrayList<>();

    private Confidence(double base, String reason) {
        this.value = base;
        reasons.add(reason);
    }

    /** A verified query matched: the closer the question, the surer. */
    static Confidence verified(String name, double cosine, double threshold) {
        double closeness = Math.max(0, Math.min(1, (cosine - threshold) / Math.max(1e-9, 1 - threshold)));
        return new Confidence(
                0.8 + 0.2 * closeness,
                String.format(
                        java.util.Locale.ROOT,
                        "matches the verified query %s (similarity %.2f) with the same values",
                        name,
                        cosine));
    }

    /** A verified query adapted to the question's plan: its business rules, another literal. */
    static Confidence adapted(String name, List<String> changes) {
        return new Confidence(
                0.75,
                "adapted from the verified query " + name + " where the question differs: "
                        + String.join("; ", changes));
    }

    /**
     * The planner compiled the question's plan over the semantic model: every word placed, one
     * reading of each, joins only along many-to-one relationships. Below a verified answer.
     */
    static Confidence compiled(List<String> choices) {
        Confidence c =
                new Confidence(0.7, "compiled from the semantic model: every word of the question maps to one element");
        choices.forEach(c::note);
        return c;
    }

    /** The model wrote SQL over the linked schema. */
    static Confidence generated(double coverage) {
        Confidence c = new Confidence(0.75, "SQL written by the language model over the linked schema");
        if (coverage < 0.5) {
            c.lower(
                    0.2,
                    String.format(
                            java.util.Locale.ROOT,
                            "only %.0f%% of the question's words link to the data model",
                            100 * coverage));
        }
        return c;
    }

    /** Passages answer a document question. */
    static Confidence documents(double cosine, double threshold) {
        double closeness = Math.max(0, Math.min(1, (cosine - threshold) / Math.max(1e-9, 1 - threshold)));
        return new Confidence(
                0.6 + 0.4 * closeness,
                String.format(
                        java.util.Locale.ROOT, "the best passage matches the question (similarity %.2f)", cosine));
    }

    void raise(double by, String reason) {
        value = Math.min(1, value + by);
        reasons.add(reason);
    }

    void lower(double by, String reason) {
        value = Math.max(0, value - by);
        reasons.add(reason);
    }

    void note(String reason) {
        reasons.add(reason);
    }

    double value() {
        return Math.round(value * 100) / 100.0;
    }

    List<String> reasons() {
        return List.copyOf(reasons);
    }
}
