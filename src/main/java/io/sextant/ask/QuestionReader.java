package io.sextant.ask;

import io.sextant.plan.Plan;
import io.sextant.plan.TimeExpressions;
import io.sextant.plan.TimeReading;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a question into a {@link Plan}: the schema linker's links give measures, groupings,
 * value filters (negated after "not", "excluding", ...), named filters and subjects; {@link
 * TimeExpressions} gives periods and the time grain; "top 10", "lowest" give order and limit.
 * Every content word left over is kept as unplaced, so two questions share a plan only if they
 * say the same thing in the model's terms. No rule names a question or a suite phrase.
 */
final class QuestionReader {

    private static final Set<String> DESCENDING =
            Set.of("top", "highest", "most", "largest", "biggest", "best", "greatest", "maximum", "max");
    private static final Set<String> ASCENDING =
            Set.of("bottom", "lowest", "least", "smallest", "worst", "fewest", "minimum", "min");
    private static final Set<String> NEGATIONS =
            Set.of("not", "excluding", "exclude", "except", "without", "non", "other", "besides", "no");
    private static final Set<String> FREQUENCY = Set.of("common", "frequent", "popular", "often");
    private static final Set<String> COUNTING = Set.of("many", "number", "count", "counts");
    private static final Pattern COUNT =
            Pattern.compile("(?i)\\s*count\\s*\\(\\s*(\\*|distinct\\s+[\\w.]+|[\\w.]+)\\s*\\)\\s*");
    private static final Map<String, String> AGGREGATIONS = Map.of(
            "average", "avg", "avg", "avg", "mean", "avg", "median", "median", "maximum", "max", "max", "max",
            "minimum", "min", "min", "min");

    private QuestionReader() {}

    static Plan read(String question, SchemaLinker.Linked linked, LocalDate today) {
        List<String> words = Phrases.words(question);
        TimeReading time = TimeExpressions.read(words, today);
        Set<Integer> placed = new HashSet<>(time.consumed());

        Set<String> measures = new TreeSet<>();
        Set<String> dimensions = new TreeSet<>();
        Set<String> filters = new TreeSet<>();
        Set<String> subjects = new TreeSet<>();
        Map<String, Integer> subjectAt = new LinkedHashMap<>();
        Map<String, List<String>> subjectAlternatives = new LinkedHashMap<>();
        Set<String> countable = new HashSet<>();
        Set<String> unplaced = new TreeSet<>();

        Map<String, List<SchemaLinker.Link>> bySpan = new LinkedHashMap<>();
        for (SchemaLinker.Link l : linked.links()) {
            if (l.element().visible()) {
                bySpan.computeIfAbsent(l.start() + ":" + l.end(), k -> new ArrayList<>())
                        .add(l);
            }
        }
        Set<String> qualifiers = qualifiers(new ArrayList<>(bySpan.values()), words);
        List<Comparison> comparisons = comparisons(words, placed);
        for (List<SchemaLinker.Link> span : bySpan.values()) {
            SchemaLinker.Link first = span.get(0);
            if (overlaps(placed, first) && time.consumed().contains(first.start())) {
                continue; // a time phrase ("year", "month") read by the time reader
            }
            Optional<Comparison> compared = compared(span, comparisons, words);
            if (compared.isPresent()) {
                // "a list price over 20": the field is compared, not measured
                String element = span.stream()
                        .filter(l -> !l.value())
                        .findFirst()
                        .orElseThrow()
                        .element()
                        .id();
                compared.get().ranges(element).forEach(r -> filters.add(r.toString()));
                comparisons.remove(compared.get());
                for (int i = Math.min(first.start(), compared.get().start());
                        i < Math.max(first.end(), compared.get().end());
                        i++) {
                    placed.add(i);
                }
                continue;
            }
            if (qualifiers.contains(first.start() + ":" + first.end())) {
                for (int i = first.start(); i < first.end(); i++) {
                    placed.add(i);
                }
                continue;
            }
            List<SchemaLinker.Link> named =
                    span.stream().filter(l -> !l.value()).toList();
            List<SchemaLinker.Link> chosen = named.isEmpty() ? span : named;
            String ids = String.join(
                    "|",
                    chosen.stream()
                            .map(l -> l.element().id())
                            .distinct()
                            .sorted()
                            .toList());
            for (int i = first.start(); i < first.end(); i++) {
                placed.add(i);
            }
            if (named.isEmpty()) {
                boolean negated = negationBefore(words, first.start(), placed);
                filters.add((negated ? "!" : "") + ids + "=" + first.phrase());
                continue;
            }
            SchemaLinker.Element element = chosen.get(0).element();
            if (chosen.size() > 1
                    && chosen.stream().anyMatch(l -> l.element().kind().equals("table"))) {
                String tableId = chosen.stream()
                        .filter(l -> l.element().kind().equals("table"))
                        .findFirst()
                        .get()
                        .element()
                        .id();
                if (chosen.stream()
                        .anyMatch(l -> l.element().kind().equals("metric")
                                && countOf(l.element()).isPresent())) {
                    countable.add(tableId); // "headcount": the employees table and its count
                }
                subjectAlternatives.put(
                        tableId,
                        chosen.stream()
                                .map(SchemaLinker.Link::element)
                                .filter(e -> e.kind().equals("dimension"))
                                .map(SchemaLinker.Element::id)
                                .distinct()
                                .sorted()
                                .toList());
                // "orders" names the table, and its metrics and filters by their head word: the table
                element = chosen.stream()
                        .filter(l -> l.element().kind().equals("table"))
                        .findFirst()
                        .get()
                        .element();
                ids = element.id();
            }
            switch (element.kind()) {
                case "metric" -> measures.add(countOf(element).orElse(ids));
                case "fact" -> measures.add(ids);
                case "filter" -> filters.add(ids);
                case "table" -> {
                    subjects.add(ids);
                    subjectAt.putIfAbsent(ids, first.start());
                }
                default -> {
                    if (element.flag() && chosen.size() == 1 && !groupedBy(words, first.start())) {
                        // "discontinued products", "products that are not discontinued": a condition
                        boolean negated = negationBefore(words, first.start(), placed);
                        filters.add(ids + "=" + !negated);
                    } else {
                        dimensions.add(ids);
                    }
                }
            }
        }

        for (Comparison c : comparisons) {
            // a comparison with nothing to compare ("customers with over 5 orders"): not understood
            for (int i = c.start(); i < c.end(); i++) {
                placed.add(i);
            }
            unplaced.add("compared:" + String.join(" ", words.subList(c.start(), c.end())));
        }
        if (measures.isEmpty() && !subjects.isEmpty()) {
            // "how many orders", "number of customers", "the most customers": the count of the table's rows
            Optional<String> counted = subjectAt.entrySet().stream()
                    .filter(e -> counts(words, e.getValue()))
                    .map(Map.Entry::getKey)
                    .findFirst();
            if (counted.isEmpty()
                    && subjects.size() == 1
                    && (words.stream().anyMatch(COUNTING::contains) || countable.containsAll(subjects))) {
                counted = Optional.of(subjects.iterator().next());
            }
            if (counted.isEmpty() && subjects.size() == 1) {
                // "which products were discontinued", "list the stores in Germany": the rows themselves
                String table = subjects.iterator().next();
                int at = subjectAt.get(table);
                int before = at - 1;
                // "which products", "list the discontinued products", "which Gold customers"
                while (before > 0 && (words.get(before).equals("the") || placed.contains(before))) {
                    before--;
                }
                if (before >= 0 && LISTING.contains(words.get(before))) {
                    measures.add("list:" + table.substring(table.indexOf(':') + 1, table.indexOf('.')));
                    subjects.remove(table);
                }
            }
            counted.ifPresent(table -> {
                measures.add("count:" + table.substring(table.indexOf(':') + 1, table.indexOf('.')));
                subjects.remove(table);
            });
        }
        if (!measures.isEmpty()) {
            // "each region", "per store", "the top 10 products", "which stores": grouped by the table
            // (by its name, or by a dimension the same word names)
            for (Map.Entry<String, Integer> e : subjectAt.entrySet()) {
                if (subjects.contains(e.getKey()) && groups(words, e.getValue())) {
                    subjects.remove(e.getKey());
                    List<String> ids = new ArrayList<>();
                    ids.add("group:" + e.getKey().substring(e.getKey().indexOf(':') + 1));
                    ids.addAll(subjectAlternatives.getOrDefault(e.getKey(), List.of()));
                    dimensions.add(String.join("|", ids));
                }
            }
        }
        Optional<String> order = Optional.empty();
        Optional<Integer> limit = Optional.empty();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (placed.contains(i)) {
                continue;
            }
            if (FREQUENCY.contains(w)
                    && i > 0
                    && (DESCENDING.contains(words.get(i - 1)) || ASCENDING.contains(words.get(i - 1)))) {
                placed.add(i); // "most common", "least frequent": the order of a count
            } else if (DESCENDING.contains(w) || ASCENDING.contains(w)) {
                order = Optional.of(DESCENDING.contains(w) ? "desc" : "asc");
                placed.add(i);
            } else if (AGGREGATIONS.containsKey(w)) {
                unplaced.add("agg:" + AGGREGATIONS.get(w));
                placed.add(i);
            }
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!placed.contains(i) && w.matches("\\d{1,4}")) {
                placed.add(i);
                if (order.isPresent() && limit.isEmpty()) {
                    limit = Optional.of(Integer.parseInt(w));
                } else {
                    unplaced.add("#" + w);
                }
            }
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!placed.contains(i) && !Phrases.STOPWORDS.contains(w) && !NEGATIONS.contains(w)) {
                unplaced.add(Phrases.stem(w));
            } else if (!placed.contains(i) && NEGATIONS.contains(w) && !w.equals("other")) {
                unplaced.add("not");
            }
        }
        return new Plan(
                new TreeSet<>(measures),
                new TreeSet<>(dimensions),
                time.grain(),
                new TreeSet<>(filters),
                time.periods(),
                order,
                limit,
                new TreeSet<>(subjects),
                new TreeSet<>(unplaced));
    }

    private static final Set<String> GROUPING = Set.of("each", "per", "every", "by");
    private static final Set<String> WHICH = Set.of("which", "what");
    private static final Set<String> LISTING = Set.of("which", "list", "show", "name");

    /** Whether the word at {@code at} follows "by", "per" or "each" (the "the" between skipped). */
    private static boolean groupedBy(List<String> words, int at) {
        int i = at - 1;
        if (i >= 0 && words.get(i).equals("the")) {
            i--;
        }
        return i >= 0 && GROUPING.contains(words.get(i));
    }

    /** Whether a table named at {@code at} is what the rows are: "by store", "top 10 products", "which stores". */
    private static boolean groups(List<String> words, int at) {
        for (int i = at - 1; i >= Math.max(0, at - 3); i--) {
            String w = words.get(i);
            if (GROUPING.contains(w)
                    || WHICH.contains(w)
                    || DESCENDING.contains(w)
                    || ASCENDING.contains(w)
                    || w.matches("\\d{1,4}")) {
                return true;
            }
            if (!w.equals("the") && !w.equals("our")) {
                break;
            }
        }
        // "the stores with the highest net revenue"
        for (int i = at + 1; i < Math.min(words.size(), at + 4); i++) {
            String w = words.get(i);
            if (DESCENDING.contains(w) || ASCENDING.contains(w)) {
                return true;
            }
            if (!w.equals("with") && !w.equals("the") && !w.equals("by")) {
                return false;
            }
        }
        return false;
    }

    /** Whether the word at {@code at} is counted: right after "how many", "number of", "most", "fewest". */
    private static boolean counts(List<String> words, int at) {
        for (int i = at - 1; i >= Math.max(0, at - 2); i--) {
            String w = words.get(i);
            if (COUNTING.contains(w) || DESCENDING.contains(w) || ASCENDING.contains(w)) {
                return true;
            }
            if (!w.equals("of") && !w.equals("the")) {
                return false;
            }
        }
        return false;
    }

    /**
     * Spans that only qualify their neighbour (keys {@code start:end}): the field or table word
     * after a value ("the online channel", "the APAC region": the value says it all), and a table
     * word before one of its own fields ("store channel", "product category": the field says it).
     */
    private static Set<String> qualifiers(List<List<SchemaLinker.Link>> spans, List<String> words) {
        Set<String> out = new HashSet<>();
        for (List<SchemaLinker.Link> a : spans) {
            for (List<SchemaLinker.Link> b : spans) {
                if (a.get(0).end() != b.get(0).start()) {
                    continue;
                }
                Set<String> valueFields = a.stream()
                        .filter(SchemaLinker.Link::value)
                        .map(l -> l.element().id())
                        .collect(java.util.stream.Collectors.toSet());
                Set<String> valueTables = a.stream()
                        .filter(SchemaLinker.Link::value)
                        .map(l -> l.element().table())
                        .collect(java.util.stream.Collectors.toSet());
                boolean namesTheValuesField = b.stream()
                        .filter(l -> !l.value())
                        .anyMatch(l -> valueFields.contains(l.element().id())
                                || (l.element().kind().equals("table")
                                        && valueTables.contains(l.element().table())));
                Set<String> tables = a.stream()
                        .filter(l -> !l.value() && l.element().kind().equals("table"))
                        .map(l -> l.element().table())
                        .collect(java.util.stream.Collectors.toSet());
                boolean ownField = b.stream()
                        .anyMatch(l -> !l.value()
                                && l.element().kind().equals("dimension")
                                && tables.contains(l.element().table()));
                // not "how many stores ...": there the table is what is counted
                if (!tables.isEmpty() && ownField && !counts(words, a.get(0).start())) {
                    out.add(a.get(0).start() + ":" + a.get(0).end());
                } else if (!valueFields.isEmpty()
                        && namesTheValuesField
                        && a.stream().allMatch(SchemaLinker.Link::value)
                        // "how many Platinum customers": the customers are what is counted
                        && !(b.stream().anyMatch(l -> l.element().kind().equals("table"))
                                && counts(words, a.get(0).start()))) {
                    out.add(b.get(0).start() + ":" + b.get(0).end());
                }
            }
        }
        return out;
    }

    private static final Set<String> ABOVE =
            Set.of("over", "above", "exceeding", "exceeds", "exceed", "more", "greater", "larger", "bigger", "higher");
    private static final Set<String> BELOW = Set.of("under", "below", "less", "fewer", "smaller", "lower");
    /** Words between a compared field and its comparison: "a list price of over 20", "quantity is above 5". */
    private static final Set<String> BRIDGE = Set.of(
            "with", "a", "an", "the", "of", "is", "was", "were", "are", "has", "have", "had", "whose", "where", "that",
            "its", "their");

    private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?)([km]?)");

    /**
     * A comparison with a number in the question — "over 20", "more than 5", "at least 3", "5 or
     * more", "between 10 and 50" — spanning words {@code start} to {@code end} (exclusive).
     */
    private record Comparison(int start, int end, String operator, BigDecimal bound, BigDecimal upper) {

        List<io.sextant.plan.Range> ranges(String element) {
            return upper == null
                    ? List.of(new io.sextant.plan.Range(element, operator, bound))
                    : List.of(
                            new io.sextant.plan.Range(element, ">=", bound),
                            new io.sextant.plan.Range(element, "<=", upper));
        }
    }

    /** The comparisons with numbers among the words not placed yet, in order. */
    private static List<Comparison> comparisons(List<String> words, Set<Integer> placed) {
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (placed.contains(i)) {
                continue;
            }
            String w = words.get(i);
            String next = i + 1 < words.size() ? words.get(i + 1) : "";
            int at; // where the number is
            String op;
            if (w.equals("between")) {
                Optional<BigDecimal> low = number(words, i + 1);
                Optional<BigDecimal> high = number(words, i + 3);
                if (low.isPresent()
                        && high.isPresent()
                        && words.get(i + 2).equals("and")
                        && low.get().compareTo(high.get()) <= 0) {
                    out.add(new Comparison(i, i + 4, ">=", low.get(), high.get()));
                    i += 3;
                }
                continue;
            } else if ((w.equals("at") || w.equals("no"))
                    && (next.equals("least")
                            || next.equals("most")
                            || next.equals("more")
                            || next.equals("less")
                            || next.equals("fewer"))) {
                boolean least = next.equals("least") || (w.equals("no") && !next.equals("more"));
                op = least ? ">=" : "<=";
                at = w.equals("no") ? i + 3 : i + 2;
                if (w.equals("no") && !(i + 2 < words.size() && words.get(i + 2).equals("than"))) {
                    continue;
                }
            } else if (w.equals("up") && next.equals("to")) {
                op = "<=";
                at = i + 2;
            } else if (ABOVE.contains(w) || BELOW.contains(w)) {
                op = ABOVE.contains(w) ? ">" : "<";
                at = next.equals("than") ? i + 2 : i + 1;
            } else if (number(words, i).isPresent()
                    && next.equals("or")
                    && i + 2 < words.size()
                    && (ABOVE.contains(words.get(i + 2)) || BELOW.contains(words.get(i + 2)))) {
                // "5 or more units"
                out.add(new Comparison(
                        i,
                        i + 3,
                        ABOVE.contains(words.get(i + 2)) ? ">=" : "<=",
                        number(words, i).get(),
                        null));
                i += 2;
                continue;
            } else {
                continue;
            }
            Optional<BigDecimal> bound = number(words, at);
            if (bound.isPresent() && !placed.contains(at)) {
                out.add(new Comparison(i, at + 1, op, bound.get(), null));
                i = at;
            }
        }
        return out;
    }

    /** The number written at {@code at} ("20", "2.5", "20k"), if there is one. */
    private static Optional<BigDecimal> number(List<String> words, int at) {
        if (at < 0 || at >= words.size()) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = NUMBER.matcher(words.get(at));
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal n = new BigDecimal(m.group(1));
        return Optional.of(
                switch (m.group(2)) {
                    case "k" -> n.multiply(BigDecimal.valueOf(1_000));
                    case "m" -> n.multiply(BigDecimal.valueOf(1_000_000));
                    default -> n;
                });
    }

    /**
     * The comparison a span's field is compared in: a fact or a dimension named right before it
     * ("a list price of over 20") or right after its number ("more than 20000 square feet").
     */
    private static Optional<Comparison> compared(
            List<SchemaLinker.Link> span, List<Comparison> comparisons, List<String> words) {
        List<SchemaLinker.Link> named = span.stream().filter(l -> !l.value()).toList();
        if (named.size() != 1
                || !(named.get(0).element().kind().equals("fact")
                        || named.get(0).element().kind().equals("dimension"))) {
            return Optional.empty();
        }
        SchemaLinker.Link link = named.get(0);
        for (Comparison c : comparisons) {
            boolean before = link.end() <= c.start()
                    && java.util.stream.IntStream.range(link.end(), c.start())
                            .allMatch(i -> BRIDGE.contains(words.get(i)));
            boolean after = link.start() >= c.end()
                    && java.util.stream.IntStream.range(c.end(), link.start())
                            .allMatch(i ->
                                    words.get(i).equals("of") || words.get(i).equals("in"));
            if (before || after) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** A metric that counts its table's rows, as the same measure "how many" asks for. */
    private static Optional<String> countOf(SchemaLinker.Element metric) {
        return metric.expr() != null && COUNT.matcher(metric.expr()).matches()
                ? Optional.of("count:" + metric.table())
                : Optional.empty();
    }

    private static boolean overlaps(Set<Integer> placed, SchemaLinker.Link l) {
        for (int i = l.start(); i < l.end(); i++) {
            if (placed.contains(i)) {
                return true;
            }
        }
        return false;
    }

    /** A negation within the three words before a value ("not EMEA", "excluding the online ..."). */
    private static boolean negationBefore(List<String> words, int start, Set<Integer> placed) {
        for (int i = start - 1; i >= Math.max(0, start - 3); i--) {
            if (NEGATIONS.contains(words.get(i)) && !placed.contains(i)) {
                if (words.get(i).equals("other")
                        && !(i + 1 < words.size() && words.get(i + 1).equals("than"))) {
                    continue;
                }
                placed.add(i);
                if (words.get(i).equals("other")) {
                    placed.add(i + 1);
                }
                return true;
            }
        }
        return false;
    }
}
