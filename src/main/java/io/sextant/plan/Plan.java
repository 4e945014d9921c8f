package io.sextant.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A structured reading of a question over the semantic model: what is measured, grouped by
 * what (and at which time grain), filtered how, over which period, in which order and how many.
 * Plans are values: two questions with equal plans ask for the same numbers, whatever their
 * wording; a plan that differs in any part (a quarter instead of the year, subcategory instead of
 * category, another measure, an exclusion) asks for different numbers.
 *
 * <p>Elements are named by their model ids ({@code metric:order_items.net_revenue}); filters as
 * {@code element=value}, {@code !element=value} when negated, a {@link Range} ({@code
 * element>20}), or the id of a named filter.
 * {@code unplaced} holds the content words the reading could not place: a plan with unplaced
 * words is incomplete.
 *
 * @param order {@code desc} (top, highest, most), {@code asc} (bottom, lowest) or empty
 * @param limit how many rows were asked for (top 10), or empty
 * @param periods the time restriction; two periods for a comparison
 */
public record Plan(
        SortedSet<String> measures,
        SortedSet<String> dimensions,
        Optional<Grain> grain,
        SortedSet<String> filters,
        List<Period> periods,
        Optional<String> order,
        Optional<Integer> limit,
        SortedSet<String> subjects,
        SortedSet<String> unplaced) {

    public Plan {
        measures = new TreeSet<>(measures);
        dimensions = new TreeSet<>(dimensions);
        filters = new TreeSet<>(filters);
        periods = List.copyOf(periods);
        subjects = new TreeSet<>(subjects);
        unplaced = new TreeSet<>(unplaced);
    }

    /** True when every content word of the question was placed. */
    public boolean complete() {
        return unplaced.isEmpty();
    }

    /** True when the question compares two periods. */
    public boolean comparison() {
        return periods.size() > 1;
    }

    /**
     * True when both plans ask for the same numbers: same measures, groupings, grain, filters,
     * periods, order and limit, and the same subjects and unplaced words.
     */
    public boolean sameAs(Plan other) {
        return equals(other);
    }

    /**
     * True when both plans agree in every structural part (measures, groupings, grain, filters,
     * periods, order, limit, subjects) and each plan's unplaced words occur among the other
     * question's words: no content word of either question goes unexplained.
     *
     * @param words the stemmed words of this plan's question
     * @param otherWords the stemmed words of the other plan's question
     */
    public boolean sameAs(Plan other, java.util.Collection<String> words, java.util.Collection<String> otherWords) {
        return measures.equals(other.measures)
                && dimensions.equals(other.dimensions)
                && grain.equals(other.grain)
                && filters.equals(other.filters)
                && periods.equals(other.periods)
                && order.equals(other.order)
                && limit.equals(other.limit)
                && subjects.equals(other.subjects)
                && sameWords(other, words, otherWords);
    }

    /** True when each plan's unplaced words occur among the other question's words or unplaced words. */
    public boolean sameWords(Plan other, java.util.Collection<String> words, java.util.Collection<String> otherWords) {
        return explained(unplaced, otherWords, other.unplaced) && explained(other.unplaced, words, unplaced);
    }

    private static boolean explained(
            SortedSet<String> unplaced, java.util.Collection<String> words, SortedSet<String> theirs) {
        return unplaced.stream().allMatch(u -> theirs.contains(u) || words.contains(u));
    }

    /** What differs from another plan, for reasons ("period 2025-Q4 instead of 2025"). */
    public List<String> differences(Plan other) {
        List<String> out = new ArrayList<>();
        diff(out, "measures", measures, other.measures);
        diff(out, "grouping", dimensions, other.dimensions);
        diff(out, "time grain", grain, other.grain);
        diff(out, "filters", filters, other.filters);
        diff(out, "period", periods, other.periods);
        diff(out, "order", order, other.order);
        diff(out, "limit", limit, other.limit);
        diff(out, "subjects", subjects, other.subjects);
        diff(out, "unplaced words", unplaced, other.unplaced);
        return out;
    }

    private static void diff(List<String> out, String what, Object mine, Object theirs) {
        if (!mine.equals(theirs)) {
            out.add(what + " " + show(mine) + " instead of " + show(theirs));
        }
    }

    private static String show(Object value) {
        if (value instanceof Optional<?> o) {
            return o.map(String::valueOf).orElse("none");
        }
        if (value instanceof java.util.Collection<?> c && c.isEmpty()) {
            return "none";
        }
        return String.valueOf(value);
    }

    /** One line for people: "net revenue · by category · 2025-Q4 · top 10". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        measures.forEach(m -> parts.add(name(m)));
        dimensions.forEach(d -> parts.add("by " + name(d)));
        grain.ifPresent(g -> parts.add("by " + g.name().toLowerCase(java.util.Locale.ROOT)));
        filters.forEach(f -> parts.add(name(f)));
        periods.forEach(p -> parts.add(p.label()));
        order.ifPresent(o -> parts.add(
                (o.equals("desc") ? "top" : "bottom") + limit.map(n -> " " + n).orElse("")));
        subjects.forEach(s -> parts.add(name(s)));
        return String.join(" · ", parts);
    }

    private static String name(String id) {
        Optional<Range> range = Range.parse(id);
        if (range.isPresent()) {
            return name(range.get().element()) + " " + range.get().describe();
        }
        String negated = id.startsWith("!") ? "not " : "";
        String bare = id.startsWith("!") ? id.substring(1) : id;
        int eq = bare.indexOf('=');
        String ids = eq < 0 ? bare : bare.substring(0, eq);
        if (ids.contains("|")) {
            // a phrase naming several elements: shown by the first (the planner reports its choice)
            bare = ids.substring(0, ids.indexOf('|')) + (eq < 0 ? "" : bare.substring(eq));
        }
        int colon = bare.indexOf(':');
        int dot = bare.indexOf('.', colon + 1);
        String name = dot >= 0 ? bare.substring(dot + 1) : bare.substring(colon + 1);
        return negated + name.replace('_', ' ');
    }
}
