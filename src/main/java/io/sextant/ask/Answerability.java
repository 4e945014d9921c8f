package io.sextant.ask;

import io.sextant.plan.Period;
import io.sextant.plan.Plan;
import io.sextant.plan.Range;
import io.sextant.plan.TimeExpressions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a passage answers a question, rather than being about the same topic: it must name
 * every entity the question is pinned to (the values it filters on, the years of its periods,
 * its numbers) and most of its content words; no passage answers a request for a measure broken
 * down by something ("how many products in each category"), and a figure for a period or filter
 * needs a number in the passage. A cosine says a passage is near the question;
 * this says whether it holds what was asked.
 */
final class Answerability {

    /** Least share of the question's content words a passage must contain (besides missing at most one). */
    static final double MIN_TERM_COVERAGE = 0.5;

    private static final Pattern STATEMENT = Pattern.compile(
            "^\\s*(drop|delete|insert|update|alter|truncate|create|grant|revoke|merge|exec|execute|call)\\b.*"
                    + "|^\\s*select\\b.+\\bfrom\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern FIGURE = Pattern.compile("\\d");
    private static final Pattern NAME = Pattern.compile("[\\p{L}][\\p{L}\\p{N}'-]*");

    /** Words that ask for a grouping ("by region", "in each category"). */
    private static final Set<String> GROUPING = Set.of("by", "per", "each", "every", "across");

    /**
     * First words of questions that ask whether, when, who or why rather than for figures ("is
     * revenue reported by order date", "when are the monthly targets set").
     */
    private static final Set<String> CLOSED_OR_CIRCUMSTANCE = Set.of(
            "is", "are", "was", "were", "does", "do", "did", "can", "could", "should", "will", "when", "who", "why",
            "where");

    /**
     * Words that shape a question but name nothing a passage must contain: interrogatives, modal
     * and auxiliary verbs, negation, and verbs that ask for an explanation.
     */
    private static final Set<String> FUNCTION_WORDS = Set.of(
            "when",
            "where",
            "why",
            "whose",
            "long",
            "must",
            "may",
            "might",
            "will",
            "shall",
            "need",
            "needs",
            "not",
            "no",
            "happen",
            "happens",
            "mean",
            "means",
            "meaning",
            "work",
            "works",
            "apply",
            "applies",
            "allowed",
            "explain",
            "about",
            "say",
            "says",
            "said",
            "define",
            "defined",
            "definition",
            "describe");

    /** A verdict and, when it does not answer, what is missing. */
    record Verdict(boolean answers, List<String> missing) {}

    private Answerability() {}

    /** True for a command or a SQL statement rather than a question ("DROP TABLE orders"). */
    static boolean isStatement(String question) {
        return STATEMENT.matcher(question).matches();
    }

    static Verdict check(String question, Plan plan, String passage, LocalDate today) {
        List<String> words = Phrases.words(question);
        Set<Integer> time = new HashSet<>(TimeExpressions.read(words, today).consumed());
        List<String> passageWords =
                Phrases.words(passage).stream().map(Phrases::stem).toList();
        Set<String> vocabulary = new HashSet<>(passageWords);
        String lowerPassage = " " + String.join(" ", passageWords) + " ";

        List<String> missing = new ArrayList<>();
        Set<String> entities = entities(plan, words);
        entities.addAll(names(question));
        for (String entity : entities) {
            if (!lowerPassage.contains(" " + entity + " ")) {
                missing.add(entity);
            }
        }
        Set<String> content = new LinkedHashSet<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!time.contains(i)
                    && !Phrases.STOPWORDS.contains(w)
                    && !FUNCTION_WORDS.contains(w)
                    && !w.chars().allMatch(Character::isDigit)) {
                content.add(Phrases.stem(w));
            }
        }
        int found = 0;
        List<String> absent = new ArrayList<>();
        for (String term : content) {
            if (present(term, vocabulary)) {
                found++;
            } else {
                absent.add(term);
            }
        }
        // all content words but one, and at least half of them
        boolean terms = content.isEmpty()
                || (found >= content.size() - 1 && (double) found / content.size() >= MIN_TERM_COVERAGE);
        if (!terms) {
            missing.addAll(absent);
        }
        // A breakdown ("by category", "in each region") is a data question no passage answers; a
        // figure for a period or filter needs a number in the passage. "What does average order
        // value mean" asks for neither.
        boolean grouped = (plan.grain().isPresent() || !plan.dimensions().isEmpty())
                && words.stream().anyMatch(GROUPING::contains);
        boolean asksHow = !words.isEmpty() && !CLOSED_OR_CIRCUMSTANCE.contains(words.get(0));
        if (!plan.measures().isEmpty() && grouped && asksHow) {
            missing.add("a breakdown by " + String.join(", ", plan.dimensions())
                    + plan.grain().map(g -> " " + g).orElse(""));
        } else if (!plan.measures().isEmpty()
                && (!plan.periods().isEmpty() || !plan.filters().isEmpty())
                && !FIGURE.matcher(withoutYears(passage, plan)).find()) {
            missing.add("a figure");
        }
        return new Verdict(missing.isEmpty(), missing);
    }

    /** Values filtered on, years and the question's other numbers, lower case. */
    private static Set<String> entities(Plan plan, List<String> words) {
        Set<String> out = new LinkedHashSet<>();
        for (String filter : plan.filters()) {
            Optional<Range> range = Range.parse(filter);
            int eq = filter.indexOf('=');
            if (range.isPresent()) {
                out.add(range.get().bound().toPlainString());
            } else if (eq > 0 && !filter.endsWith("=true") && !filter.endsWith("=false")) {
                out.add(filter.substring(eq + 1).toLowerCase(Locale.ROOT));
            }
        }
        plan.unplaced().stream().filter(u -> u.startsWith("#")).forEach(u -> out.add(u.substring(1)));
        // years written in the question; for a figure or a comparison, also the years of relative
        // periods ("revenue last quarter"), but not in "what does last quarter mean"
        words.stream().filter(w -> w.matches("(19|20)\\d\\d")).forEach(out::add);
        if (!plan.measures().isEmpty() || plan.comparison()) {
            plan.periods().forEach(p -> out.add(Integer.toString(p.start().getYear())));
        }
        return out;
    }

    /**
     * Names in the question — capitalised words after its first word ("Japan", "Berlin"), stemmed
     * and lower case: a passage about another place, person or product is not an answer.
     */
    private static Set<String> names(String question) {
        Set<String> out = new LinkedHashSet<>();
        java.util.regex.Matcher m = NAME.matcher(question);
        boolean first = true;
        while (m.find()) {
            String word = m.group();
            if (!first && Character.isUpperCase(word.charAt(0)) && !word.equals("I")) {
                String lower = word.toLowerCase(Locale.ROOT);
                if (!Phrases.STOPWORDS.contains(lower) && !FUNCTION_WORDS.contains(lower)) {
                    out.add(Phrases.stem(lower));
                }
            }
            first = false;
        }
        return out;
    }

    private static String withoutYears(String passage, Plan plan) {
        String out = passage;
        for (Period p : plan.periods()) {
            out = out.replace(Integer.toString(p.start().getYear()), " ");
        }
        return out;
    }

    /** The word or one sharing its first five letters ("recognised", "recognition"). */
    private static boolean present(String term, Set<String> vocabulary) {
        if (vocabulary.contains(term)) {
            return true;
        }
        if (term.length() < 5) {
            return false;
        }
        String prefix = term.substring(0, 5);
        return vocabulary.stream().anyMatch(w -> w.startsWith(prefix));
    }
}
