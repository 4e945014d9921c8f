package io.sextant.ask;

import io.sextant.catalog.SemanticModel;
import io.sextant.plan.Grain;
import io.sextant.plan.Period;
import io.sextant.plan.Plan;
import io.sextant.plan.Range;
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
 * another row limit, the other end of a top N (its one sort direction), or another column of a
 * table the verified query already joins (a grouping or a measure: subcategory for category,
 * gross for net revenue). Every other part of the plans must be equal, and each literal to replace
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
        if (question.filters().stream().anyMatch(Range::is)
                || verified.filters().stream().anyMatch(Range::is)) {
            return Optional.empty(); // a comparison is compiled, not edited into a verified query
        }
        boolean sameElsewhere = question.subjects().equals(verified.subjects())
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

        // another grouping or measure: a column of a table the verified query already joins
        for (boolean measures : List.of(false, true)) {
            java.util.SortedSet<String> asked = measures ? question.measures() : question.dimensions();
            java.util.SortedSet<String> had = measures ? verified.measures() : verified.dimensions();
            if (asked.equals(had)) {
                continue;
            }
            Optional<String> swapped = swapColumn(out, had, asked, measures ? "fact" : "dimension", verified, model);
            if (swapped.isEmpty()) {
                return Optional.empty();
            }
            out = swapped.get();
            changes.add((measures ? "" : "by ") + name(only(asked, had)) + " instead of " + name(only(had, asked)));
        }

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

    private static final Pattern SELECT = Pattern.compile("(?i)\\bSELECT\\b");

    /**
     * Replaces the column of one model element by the column of another of the same kind on the
     * same table, which the statement already reads, so no join and no row count changes: in the
     * select list, GROUP BY and ORDER BY, never in WHERE (a filter on it would change meaning).
     * The output name follows ({@code AS category} becomes {@code AS subcategory}). Only for a
     * single SELECT (no CTE, no subquery) and element ids that name one field each.
     */
    private static Optional<String> swapColumn(
            String sql,
            java.util.SortedSet<String> had,
            java.util.SortedSet<String> asked,
            String kind,
            Plan verified,
            SemanticModel model) {
        java.util.Set<String> removed = new java.util.TreeSet<>(had);
        removed.removeAll(asked);
        java.util.Set<String> added = new java.util.TreeSet<>(asked);
        added.removeAll(had);
        if (removed.size() != 1 || added.size() != 1) {
            return Optional.empty();
        }
        String from = removed.iterator().next();
        String to = added.iterator().next();
        if (!from.startsWith(kind + ":") || !to.startsWith(kind + ":") || from.contains("|") || to.contains("|")) {
            return Optional.empty();
        }
        Optional<SemanticModel.Field> a = field(model, from);
        Optional<SemanticModel.Field> b = field(model, to);
        String tableA = from.substring(from.indexOf(':') + 1, from.indexOf('.'));
        String tableB = to.substring(to.indexOf(':') + 1, to.indexOf('.'));
        boolean filtered = verified.filters().stream().anyMatch(f -> f.contains(from) || f.contains(to));
        if (a.isEmpty() || b.isEmpty() || !tableA.equals(tableB) || filtered) {
            return Optional.empty();
        }
        if (kind.equals("dimension") && !b.get().isEnum()) {
            // Only a declared enumeration groups unambiguously: a free-text level such as a
            // subcategory may repeat under two parents ("Furniture" under Home and Office), which
            // a grouping by it alone would merge.
            return Optional.empty();
        }
        String column = a.get().expr();
        String replacement = b.get().expr();
        if (!column.matches("\\w+") || !replacement.matches("\\w+")) {
            return Optional.empty();
        }
        Matcher selects = SELECT.matcher(sql);
        int count = 0;
        while (selects.find()) {
            count++;
        }
        Optional<String> alias = alias(sql, model, tableA);
        if (count != 1 || alias.isEmpty()) {
            return Optional.empty();
        }
        String where = whereClause(sql);
        Pattern reference = Pattern.compile("(?i)(?<![\\w.])" + Pattern.quote(alias.get()) + "\\."
                + Pattern.quote(column) + "\\b(\\s+AS\\s+\\w+)?");
        Pattern bare = Pattern.compile("(?i)(?<![\\w.])" + Pattern.quote(column) + "\\b");
        if (reference.matcher(where).find()
                || bare.matcher(sql.replaceAll(reference.pattern(), " ")).find()) {
            return Optional.empty(); // filtered on, or named without its table: not a plain swap
        }
        Pattern already = Pattern.compile(
                "(?i)(?<![\\w.])" + Pattern.quote(alias.get()) + "\\." + Pattern.quote(replacement) + "\\b");
        if (already.matcher(sql).find()) {
            return Optional.empty(); // already read (by category and subcategory): another shape
        }
        // an aggregate of the column keeps its place, under the new element's name:
        // SUM(i.amt_rev2) AS net_revenue ... ORDER BY net_revenue -> SUM(i.amt_rev1) AS gross_revenue ...
        Matcher agg = Pattern.compile("(?i)(\\w+\\(\\s*(?:DISTINCT\\s+)?" + Pattern.quote(alias.get()) + "\\."
                        + Pattern.quote(column) + "\\s*\\))\\s+AS\\s+(\\w+)")
                .matcher(sql);
        if (agg.find()) {
            String old = agg.group(2);
            if (agg.find()) {
                return Optional.empty();
            }
            sql = sql.replaceAll(
                    "(?i)(?<![\\w.])" + Pattern.quote(old) + "\\b",
                    Matcher.quoteReplacement(b.get().name()));
        }
        Matcher m = reference.matcher(sql);
        StringBuilder out = new StringBuilder();
        int found = 0;
        while (m.find()) {
            String named = m.group(1) == null ? "" : " AS " + b.get().name();
            m.appendReplacement(out, Matcher.quoteReplacement(alias.get() + "." + replacement + named));
            found++;
        }
        m.appendTail(out);
        return found == 0 ? Optional.empty() : Optional.of(out.toString());
    }

    /** How the statement names the model table (its alias, or the table itself). */
    private static Optional<String> alias(String sql, SemanticModel model, String logical) {
        Optional<String> physical = model.tables().stream()
                .filter(t -> t.name().equals(logical))
                .map(t -> t.baseTable() == null ? t.name() : t.baseTable().table())
                .findFirst();
        if (physical.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+\"?" + Pattern.quote(physical.get())
                        + "\"?(?:\\s+(?:AS\\s+)?(?!ON\\b|JOIN\\b|WHERE\\b|LEFT\\b|INNER\\b|GROUP\\b)(\\w+))?")
                .matcher(sql);
        if (!m.find()) {
            return Optional.empty();
        }
        String alias = m.group(1) != null ? m.group(1) : physical.get();
        return m.find() ? Optional.empty() : Optional.of(alias); // joined twice: which one?
    }

    /** The text of the top-level WHERE clause, up to GROUP BY, ORDER BY or LIMIT. */
    private static String whereClause(String sql) {
        Matcher m = Pattern.compile("(?is)\\bWHERE\\b(.*?)(\\bGROUP\\s+BY\\b|\\bORDER\\s+BY\\b|\\bLIMIT\\b|$)")
                .matcher(sql);
        return m.find() ? m.group(1) : "";
    }

    /** The field an element id ({@code dimension:orders.region_code}) names, if it names one. */
    private static Optional<SemanticModel.Field> field(SemanticModel model, String id) {
        int colon = id.indexOf(':');
        int dot = id.indexOf('.', colon);
        if (colon < 0 || dot < 0 || id.contains("|")) {
            return Optional.empty();
        }
        String table = id.substring(colon + 1, dot);
        String name = id.substring(dot + 1);
        return model.tables().stream()
                .filter(t -> t.name().equals(table))
                .flatMap(SemanticModel.LogicalTable::fields)
                .filter(f -> f.name().equals(name))
                .findFirst();
    }

    private static String only(java.util.SortedSet<String> mine, java.util.SortedSet<String> theirs) {
        return mine.stream().filter(x -> !theirs.contains(x)).findFirst().orElse("");
    }

    private static String name(String id) {
        return id.substring(id.indexOf('.') + 1).replace('_', ' ');
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
        if (phrase.contains("|")) {
            return Optional.empty();
        }
        return field(model, elementIds).stream()
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
