package io.sextant.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.commons.text.similarity.LevenshteinDistance;

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
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }
}
