package io.sextant.ask;

import io.sextant.catalog.SemanticModel;
import io.sextant.plan.Grain;
import io.sextant.plan.Period;
import io.sextant.plan.Plan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a near miss of a verified query by editing the verified SQL where, and only where, the
 * question's plan differs from the verified question's: another period (its two date bounds),
 * another value of the same filter (its literal), another time grain (the DATE_TRUNC unit),
 * another row limit, or the other end of a top N (its one sort direction). Every other part of the plans must be equal, and each literal to replace
 * must occur exactly once in the SQL, or nothing is adapted. The verified SQL keeps its joins and
 * its business rules (valid orders, soft deletes), which a new query could easily miss.
 */
final class VerifiedAdaptation {

    /** SQL adapted from a verified query, and what was changed (for the answer's reasons). */
    record Adapted(String sql, List<String> changes) {}

    private static final Pattern LIMIT = Pattern.compile("(?i)\\bLIMIT\\s+(\\d+)\\b");
    private static final Pattern DIRECTION = Pattern.compile("(?i)\\b(ASC|DESC)\\b");
    private static final Pattern TRUNC = Pattern.compile("(?i)DATE_TRUNC\\s*\\(\\s*'(day|week|month|quarter|year)'");

    private VerifiedAdaptation() {}

    static Optional<Adapted> adapt(
            Plan question,
            Collection<String> questionWords,
            Plan verified,
            Collection<String> verifiedWords,
            String sql,
            SemanticModel model) {
        boolean sameElsewhere = question.measures().equals(verified.measures())
                && question.dimensions().equals(verified.dimensions())
                && question.subjects().equals(verified.subjects())
                && named(question).equals(named(verified))
                && valueElements(question)
                        .keySet()
                        .equals(valueElements(verified).keySet())
                && question.sameWords(verified, questionWords, verifiedWords);
        if (!sameElsewhere) {
            return Optional.empty();
        }
        String out = sql;
        List<String> changes = new ArrayList<>();

        if (!question.periods().equals(verified.periods())) {
            if (question.periods().size() != 1 || verified.periods().size() != 1) {
                return Optional.empty();
            }
            Period from = verified.periods().get(0);
            Period to = question.periods().get(0);
            Optional<String> edited = replaceBoth(
                    out,
                    "'" + from.start() + "'",
                    "'" + to.start() + "'",
                    "'" + from.end() + "'",
                    "'" + to.end() + "'");
            if (edited.isEmpty()) {
                return Optional.empty();
            }
            out = edited.get();
            changes.add("period " + to.label() + " instead of " + from.label());
        }

        Map<String, String> asked = valueElements(question);
        Map<String, String> had = valueElements(verified);
        for (Map.Entry<String, String> e : had.entrySet()) {
            String now = asked.get(e.getKey());
            if (now.equals(e.getValue())) {
                continue;
            }
            String element = e.getKey().startsWith("!") ? e.getKey().substring(1) : e.getKey();
            Optional<String> fromValue = sampleValue(model, element, e.getValue());
            Optional<String> toValue = sampleValue(model, element, now);
            if (fromValue.isEmpty() || toValue.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> edited = replaceOnce(
                    out,
                    "'" + fromValue.get().replace("'", "''") + "'",
                    "'" + toValue.get().replace("'", "''") + "'");
            if (edited.isEmpty()) {
                return Optional.empty();
            }
            out = edited.get();
            changes.add(toValue.get() + " instead of " + fromValue.get());
        }

        if (!question.grain().equals(verified.grain())) {
            if (question.grain().isEmpty() || verified.grain().isEmpty()) {
                return Optional.empty();
            }
            // every DATE_TRUNC of the statement (select list, GROUP BY) is at the verified grain
            Matcher m = TRUNC.matcher(out);
            StringBuilder edited = new StringBuilder();
            int count = 0;
            String unit = question.grain().get().name().toLowerCase(Locale.ROOT);
            while (m.find()) {
                if (!m.group(1).equalsIgnoreCase(verified.grain().get().name())) {
                    return Optional.empty();
                }
                m.appendReplacement(
                        edited, Matcher.quoteReplacement(m.group().substring(0, m.start(1) - m.start()) + unit + "'"));
                count++;
            }
            m.appendTail(edited);
            if (count == 0) {
                return Optional.empty();
            }
            out = edited.toString();
            changes.add("by " + unit + " instead of by "
                    + verified.grain().map(Grain::name).get().toLowerCase(Locale.ROOT));
        }

        if (!question.order().equals(verified.order())) {
            // top N turned into bottom N: one sort direction, under a LIMIT
            Matcher m = DIRECTION.matcher(out);
            if (question.order().isEmpty()
                    || verified.order().isEmpty()
                    || !LIMIT.matcher(out).find()
                    || !m.find()
                    || m.find()) {
                return Optional.empty();
            }
            m = DIRECTION.matcher(out);
            m.find();
            String direction = question.order().get().toUpperCase(Locale.ROOT);
            out = out.substring(0, m.start(1)) + direction + out.substring(m.end(1));
            changes.add((direction.equals("ASC") ? "lowest" : "highest") + " first instead of "
                    + (direction.equals("ASC") ? "highest" : "lowest"));
        }

        if (!question.limit().equals(verified.limit())) {
            if (question.limit().isEmpty() || verified.limit().isEmpty()) {
                return Optional.empty();
            }
            Matcher m = LIMIT.matcher(out);
            if (!m.find() || Integer.parseInt(m.group(1)) != verified.limit().get() || m.find()) {
                return Optional.empty();
            }
            m = LIMIT.matcher(out);
            m.find();
            out = out.substring(0, m.start(1)) + question.limit().get() + out.substring(m.end(1));
            changes.add("top " + question.limit().get() + " instead of "
                    + verified.limit().get());
        }
        return changes.isEmpty() ? Optional.empty() : Optional.of(new Adapted(out, changes));
    }

    /** Named filters (not value filters) of a plan. */
    private static List<String> named(Plan plan) {
        return plan.filters().stream().filter(f -> f.indexOf('=') < 0).toList();
    }

    /** Value filters by element (negation kept with the element), each with its value. */
    private static Map<String, String> valueElements(Plan plan) {
        Map<String, String> out = new TreeMap<>();
        for (String f : plan.filters()) {
            int eq = f.indexOf('=');
            if (eq > 0) {
                out.merge(f.substring(0, eq), f.substring(eq + 1), (a, b) -> a + "|" + b);
            }
        }
        return out;
    }

    /** The sample value of the element's field that the (stemmed) phrase names, as written in the model. */
    private static Optional<String> sampleValue(SemanticModel model, String elementIds, String phrase) {
        if (elementIds.contains("|") || phrase.contains("|")) {
            return Optional.empty();
        }
        int colon = elementIds.indexOf(':');
        int dot = elementIds.indexOf('.', colon);
        if (colon < 0 || dot < 0) {
            return Optional.empty();
        }
        String table = elementIds.substring(colon + 1, dot);
        String field = elementIds.substring(dot + 1);
        return model.tables().stream()
                .filter(t -> t.name().equals(table))
                .flatMap(SemanticModel.LogicalTable::fields)
                .filter(f -> f.name().equals(field))
                .flatMap(f -> f.sampleValues().stream())
                .filter(v -> String.join(
                                " ",
                                Phrases.words(v).stream().map(Phrases::stem).toList())
                        .equals(phrase))
                .findFirst();
    }

    /** Replaces two literals that each occur exactly once, at the same time. */
    private static Optional<String> replaceBoth(String text, String from1, String to1, String from2, String to2) {
        int a = text.indexOf(from1);
        int b = text.indexOf(from2);
        if (a < 0 || b < 0 || text.indexOf(from1, a + 1) >= 0 || text.indexOf(from2, b + 1) >= 0) {
            return Optional.empty();
        }
        if (a > b) {
            return replaceBoth(text, from2, to2, from1, to1);
        }
        return Optional.of(text.substring(0, a)
                + to1
                + text.substring(a + from1.length(), b)
                + to2
                + text.substring(b + from2.length()));
    }

    private static Optional<String> replaceOnce(String text, String from, String to) {
        int first = text.indexOf(from);
        if (first < 0 || text.indexOf(from, first + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(text.substring(0, first) + to + text.substring(first + from.length()));
    }
}
