package io.sextant.ask;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Words of a question: normalized tokens, and the values and contrasts that change its meaning. */
final class Phrases {

    /** A decimal number ("2.5") is one word; so is a number with thousands separators ("1,000"). */
    private static final Pattern WORD = Pattern.compile("\\d+\\.\\d+(?![\\p{L}\\p{N}_])|[\\p{L}\\p{N}_]+");

    private static final Pattern THOUSANDS = Pattern.compile("(?<=\\d),(?=\\d{3}(?!\\d))");
    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(
            Map.entry("one", "1"),
            Map.entry("two", "2"),
            Map.entry("three", "3"),
            Map.entry("four", "4"),
            Map.entry("five", "5"),
            Map.entry("six", "6"),
            Map.entry("seven", "7"),
            Map.entry("eight", "8"),
            Map.entry("nine", "9"),
            Map.entry("ten", "10"),
            Map.entry("eleven", "11"),
            Map.entry("twelve", "12"),
            Map.entry("twenty", "20"),
            Map.entry("fifty", "50"),
            Map.entry("hundred", "100"));

    static final Set<String> STOPWORDS = Set.of(
            "a",
            "an",
            "the",
            "of",
            "in",
            "on",
            "for",
            "to",
            "by",
            "per",
            "each",
            "every",
            "and",
            "or",
            "with",
            "what",
            "which",
            "who",
            "whom",
            "how",
            "many",
            "much",
            "is",
            "are",
            "was",
            "were",
            "do",
            "does",
            "did",
            "show",
            "me",
            "list",
            "give",
            "tell",
            "our",
            "we",
            "us",
            "i",
            "you",
            "it",
            "its",
            "there",
            "their",
            "from",
            "at",
            "as",
            "be",
            "been",
            "this",
            "that",
            "these",
            "those",
            "all",
            "any",
            "have",
            "has",
            "had",
            "please",
            "can",
            "could",
            "would",
            "should",
            "get",
            "find",
            "versus",
            "vs",
            "than",
            "into",
            "number",
            "broken",
            "down",
            "came",
            "come",
            "bring",
            "brought",
            "used",
            "current",
            "currently",
            // time and aggregation words: they shape the SQL but name nothing in the data model
            "last",
            "next",
            "year",
            "years",
            "month",
            "months",
            "quarter",
            "quarters",
            "week",
            "weeks",
            "day",
            "days",
            "today",
            "yesterday",
            "trend",
            "change",
            "changed",
            "over",
            "time",
            "between",
            "since",
            "ago",
            "recent",
            "recently",
            "average",
            "avg",
            "mean",
            "median",
            "sum",
            "total",
            "count",
            "highest",
            "lowest",
            "most",
            "least",
            "top",
            "bottom",
            "max",
            "maximum",
            "min",
            "minimum",
            "make",
            "made",
            // light verbs: they carry the sentence, not a condition on the data
            "based",
            "located",
            "take",
            "took",
            "taken",
            "got",
            "receive",
            "received");

    private Phrases() {}

    /** Lower-case words, number words as digits. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m =
                WORD.matcher(THOUSANDS.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(""));
        while (m.find()) {
            words.add(NUMBER_WORDS.getOrDefault(m.group(), m.group()));
        }
        return words;
    }

    /** A word without a plural s, for matching "orders" to "order". */
    static String stem(String word) {
        if (word.length() > 3 && word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    /** Content words (no stopwords), stemmed. */
    static List<String> content(String text) {
        return words(text).stream()
                .filter(w -> !STOPWORDS.contains(w))
                .map(Phrases::stem)
                .toList();
    }
}
