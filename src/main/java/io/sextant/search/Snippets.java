package io.sextant.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cuts the passage of a chunk that best matches the query and marks the matching words. */
final class Snippets {

    private static final int WINDOW = 240;
    private static final Set<String> STOP_WORDS = Set.of(
            "the", "and", "for", "are", "was", "what", "who", "how", "our", "with", "from", "that", "this", "which",
            "does", "did", "can", "per", "any", "all", "not", "you", "your", "when", "where", "why", "is", "of", "to",
            "in", "on", "a", "an", "by", "or", "be", "it", "we", "do");

    private final Pattern terms;

    Snippets(String query) {
        List<String> words = new ArrayList<>();
        for (String word : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() >= 2 && !STOP_WORDS.contains(word)) {
                // a short stem matches inflections: "policies" finds "policy"
                String stem = word.length() > 5 ? word.substring(0, word.length() - 2) : word;
                words.add(Pattern.quote(stem));
            }
        }
        this.terms =
                words.isEmpty() ? null : Pattern.compile("(?iu)\\b(?:" + String.join("|", words) + ")[\\p{L}\\p{N}]*");
    }

    /** The best window of the text with {@code <mark>} around matching words. */
    String of(String text) {
        if (terms == null || text.length() <= WINDOW && !terms.matcher(text).find()) {
            return abbreviate(text, 0);
        }
        List<Integer> starts = new ArrayList<>();
        Matcher m = terms.matcher(text);
        while (m.find()) {
            starts.add(m.start());
        }
        if (starts.isEmpty()) {
            return abbreviate(text, 0);
        }
        int best = starts.get(0);
        int bestCount = 0;
        for (int i = 0, j = 0; i < starts.size(); i++) {
            while (starts.get(i) - starts.get(j) > WINDOW - 40) {
                j++;
            }
            if (i - j + 1 > bestCount) {
                bestCount = i - j + 1;
                best = starts.get(j);
            }
        }
        int from = Math.max(0, text.lastIndexOf(' ', Math.max(0, best - 30)) + 1);
        if (best - from > 40) {
            from = Math.max(0, best - 30);
        }
        String window = abbreviate(text, from);
        return terms.matcher(window).replaceAll("<mark>$0</mark>");
    }

    private static String abbreviate(String text, int from) {
        String cleaned = text.substring(from).replaceAll("\\s+", " ").strip();
        String prefix = from > 0 ? "…" : "";
        if (cleaned.length() <= WINDOW) {
            return prefix + cleaned;
        }
        int cut = cleaned.lastIndexOf(' ', WINDOW);
        return prefix + cleaned.substring(0, cut > WINDOW / 2 ? cut : WINDOW) + "…";
    }
}
