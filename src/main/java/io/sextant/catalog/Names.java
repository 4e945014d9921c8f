package io.sextant.catalog;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** Suggests the closest known name for a misspelt one. */
final class Names {

    private Names() {}

    /** The candidate nearest to {@code name} by edit distance, if it is plausibly a typo of it. */
    static Optional<String> closest(String name, Collection<String> candidates) {
        String lower = name.toLowerCase(Locale.ROOT);
        int budget = Math.max(2, lower.length() / 3);
        record Scored(String candidate, int distance) {}
        return candidates.stream()
                .map(c -> new Scored(c, distance(lower, c.toLowerCase(Locale.ROOT))))
                .filter(s -> s.distance() <= budget)
                .min(Comparator.comparingInt(Scored::distance).thenComparing(Scored::candidate))
                .map(Scored::candidate);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }
}
