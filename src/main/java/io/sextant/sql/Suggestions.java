package io.sextant.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/** "Did you mean" candidates for a name that does not exist: close spellings and synonyms. */
final class Suggestions {

    private static final int MAX = 3;

    private Suggestions() {}

    /**
     * Up to three candidates closest to {@code wrong}: synonyms from the semantic model first (only
     * those {@code visible} admits), then names within a small edit distance or containing it.
     */
    static List<String> closest(
            String wrong, Collection<String> candidates, GuardCatalog catalog, Predicate<String> visible) {
        String word = lastPart(wrong);
        Set<String> out = new LinkedHashSet<>();
        if (catalog != null) {
            catalog.synonym(word).stream().filter(visible).forEach(out::add);
        }
        record Scored(String name, int distance) {}
        List<Scored> scored = new ArrayList<>();
        for (String candidate : candidates) {
            String name = lastPart(candidate);
            int distance = distance(word, name);
            boolean close = distance <= Math.max(2, word.length() / 3);
            boolean contains = name.length() >= 3 && word.length() >= 3 && (name.contains(word) || word.contains(name));
            if (close || contains) {
                scored.add(new Scored(candidate, close ? distance : distance + 10));
            }
        }
        scored.stream()
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .forEach(s -> out.add(s.name()));
        return out.stream().limit(MAX).toList();
    }

    private static String lastPart(String name) {
        int dot = name.lastIndexOf('.');
        return (dot < 0 ? name : name.substring(dot + 1)).toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
