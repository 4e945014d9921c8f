package io.sextant.plan;

import io.sextant.catalog.SemanticModel;
import io.sextant.catalog.SemanticModel.Field;
import io.sextant.catalog.SemanticModel.LogicalTable;
import io.sextant.catalog.SemanticModel.Relationship;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compiles a complete {@link Plan} into SQL over the semantic model, or says why it will not.
 *
 * <p>One measure (a metric, the count of a table's rows, or a fact with its aggregation) is
 * computed on its own table; everything else the plan names must be reachable from that table
 * along declared many-to-one relationships, so a join never multiplies the measured rows (no
 * fan-out: a sum stays a sum of that table's rows). Two shortest join paths to the same table, a
 * phrase that names two elements at the same distance, a value that is not one of the model's
 * sample values, a period without a time dimension to put it on, two periods, or a word the
 * reading could not place: no SQL. The measured table's default filters hold unless the plan
 * filters a column they read itself.
 */
public final class PlanCompiler {

    /** SQL for a plan, with the choices made on the way (for reasons). */
    public record Compiled(String sql, List<String> notes) {}

    /** The SQL, or why there is none. */
    public record Outcome(Optional<Compiled> compiled, String refusal) {

        static Outcome refused(String why) {
            return new Outcome(Optional.empty(), why);
        }
    }

    private static final Pattern IDENTIFIER =
            Pattern.compile("'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_]*(\\s*\\.|\\s*\\()?");
    private static final Set<String> SINGULAR_VERBS = Set.of("has", "had", "is", "was", "does", "did");

    private final SemanticModel model;
    private final Map<String, LogicalTable> tables = new HashMap<>();
    private final Map<String, List<Relationship>> parents = new HashMap<>();
    private final Map<String, Set<String>> described;

    public PlanCompiler(SemanticModel model) {
        this.model = model;
        model.tables().forEach(t -> tables.put(t.name(), t));
        for (Relationship r : model.relationships()) {
            if (!"one_to_many".equals(r.relationshipType())) {
                parents.computeIfAbsent(r.leftTable(), k -> new ArrayList<>()).add(r);
            }
        }
        this.described = model.describedColumns();
    }

    /** The model this compiles over. */
    public SemanticModel model() {
        return model;
    }

    /**
     * Compiles the plan of a question.
     *
     * @param words the question's words (a singular "which store has the most" asks for one row)
     */
    public Outcome compile(Plan plan, List<String> words) {
        List<String> notes = new ArrayList<>();
        Optional<String> aggregation = Optional.empty();
        for (String u : plan.unplaced()) {
            if (u.startsWith("agg:") && aggregation.isEmpty()) {
                aggregation = Optional.of(u.substring(4));
            } else {
                return Outcome.refused("words the model does not explain: " + String.join(", ", plan.unplaced()));
            }
        }
        Set<String> measures = sameMeasures(plan.measures());
        if (measures.size() != 1) {
            return Outcome.refused(measures.isEmpty() ? "nothing to measure" : "more than one measure");
        }
        if (plan.comparison()) {
            return Outcome.refused("a comparison of two periods");
        }
        String measureId = measures.iterator().next();
        if (measureId.contains("|")) {
            return Outcome.refused("the measure is ambiguous");
        }
        Ref measure = Ref.of(measureId);
        LogicalTable base = tables.get(measure.table());
        if (base == null || base.baseTable() == null) {
            return Outcome.refused("no table for the measure");
        }
        Map<String, Path> paths = paths(base.name());
        Set<String> joined = new LinkedHashSet<>();

        // the measure
        String measureSql;
        String measureName;
        switch (measure.kind()) {
            case "metric" -> {
                if (aggregation.isPresent()) {
                    return Outcome.refused("an aggregation of a metric");
                }
                SemanticModel.Metric metric = base.metrics().stream()
                        .filter(m -> m.name().equals(measure.name()))
                        .findFirst()
                        .orElse(null);
                if (metric == null) {
                    return Outcome.refused("unknown metric");
                }
                measureSql = metric.expr();
                measureName = metric.name();
                for (String t : tablesNamedIn(metric.expr())) {
                    if (!t.equals(base.name())) {
                        if (!reachable(paths, t)) {
                            return Outcome.refused("the metric reads a table not joined many-to-one");
                        }
                        joined.add(t);
                    }
                }
            }
            case "list" -> {
                // the rows themselves, by their name: "which products were discontinued"
                Optional<Ref> name = byName(base.name());
                if (aggregation.isPresent() || name.isEmpty() || plan.order().isPresent()) {
                    return Outcome.refused(
                            "a list of " + base.name() + " without one name to show, or ordered by nothing");
                }
                measureSql = null;
                measureName = name.get().name();
            }
            case "count" -> {
                if (aggregation.isPresent()) {
                    return Outcome.refused("an aggregation of a count");
                }
                measureSql = "COUNT(*)";
                measureName = base.name();
            }
            case "fact" -> {
                Field fact = field(base, measure.name()).orElse(null);
                if (fact == null) {
                    return Outcome.refused("unknown fact");
                }
                String agg = aggregation.orElse(fact.defaultAggregation());
                if (agg == null || !Set.of("sum", "avg", "min", "max", "median").contains(agg)) {
                    return Outcome.refused("no aggregation for " + fact.name());
                }
                String expr = qualified(base, fact.expr());
                measureSql =
                        agg.equals("median") ? "MEDIAN(" + expr + ")" : agg.toUpperCase(Locale.ROOT) + "(" + expr + ")";
                measureName = (agg.equals("sum") ? "" : agg + "_") + fact.name();
            }
            default -> {
                return Outcome.refused("unknown measure kind");
            }
        }

        // groupings
        List<String[]> select = new ArrayList<>(); // {expression, alias}
        Optional<Ref> timeDimension = Optional.empty();
        List<Ref> groupings = new ArrayList<>();
        List<String> listConditions = new ArrayList<>();
        boolean namedDate = false;
        Set<String> listTables = new LinkedHashSet<>();
        for (String id : plan.dimensions()) {
            Optional<Ref> chosen = nearest(id, paths, notes);
            if (chosen.isEmpty() || !reachable(paths, chosen.get().table())) {
                return Outcome.refused("\"" + shortName(id) + "\" is not reachable from " + base.name()
                        + " or names two things equally near");
            }
            Field chosenField =
                    field(tables.get(chosen.get().table()), chosen.get().name()).orElseThrow();
            if (singleValue(plan, chosen.get())) {
                // "for the online channel": a filter on the channel, not a grouping by it
                continue;
            }
            if (chosen.get().kind().equals("time_dimension")
                    && (plan.grain().isPresent() || !plan.periods().isEmpty())) {
                if (timeDimension.isPresent()) {
                    return Outcome.refused("two dates");
                }
                timeDimension = chosen;
                namedDate = true;
            } else if (measureSql == null) {
                if (!"boolean".equalsIgnoreCase(chosenField.dataType())) {
                    return Outcome.refused("a list grouped by " + chosenField.name());
                }
                // "which products were discontinued": a yes/no field named in a list is its condition
                LogicalTable t = tables.get(chosen.get().table());
                listConditions.add(qualified(t, chosenField.expr()) + " = TRUE");
                listTables.add(t.name());
            } else {
                groupings.add(chosen.get());
            }
        }
        if (timeDimension.isEmpty()
                && (plan.grain().isPresent() || !plan.periods().isEmpty())) {
            if (measureSql == null) {
                return Outcome.refused("a list over a period that names no date");
            }
            timeDimension = defaultTime(base);
            if (timeDimension.isEmpty()) {
                return Outcome.refused("no date to put the period on");
            }
            if (!reachable(paths, timeDimension.get().table())) {
                return Outcome.refused("the date is not joined many-to-one");
            }
        }
        Set<String> filteredColumns = new LinkedHashSet<>();
        for (Ref g : groupings) {
            LogicalTable t = tables.get(g.table());
            Field f = field(t, g.name()).orElseThrow();
            Optional<Field> parent = f.parent() == null ? Optional.empty() : field(t, f.parent());
            if (parent.isPresent()
                    && groupings.stream()
                            .noneMatch(
                                    o -> o.table().equals(t.name()) && o.name().equals(f.parent()))) {
                // a subcategory is grouped under its category: the same name may sit under two
                select.add(new String[] {
                    qualified(t, parent.get().expr()), parent.get().name()
                });
            }
            select.add(new String[] {qualified(t, f.expr()), f.name()});
            // a grouping by a column asks about all its values: no default filter narrows them
            filteredColumns.addAll(columnsOf(t, f.expr()));
            joined.add(t.name());
            displayName(t, f).ifPresent(name -> select.add(new String[] {qualified(t, name.expr()), name.name()}));
        }
        String bucket = null;
        if (timeDimension.isPresent()) {
            LogicalTable t = tables.get(timeDimension.get().table());
            Field f = field(t, timeDimension.get().name()).orElseThrow();
            joined.add(t.name());
            String date = qualified(t, f.expr());
            if (plan.grain().isPresent()) {
                Grain grain = plan.grain().get();
                String unit = grain.name().toLowerCase(Locale.ROOT);
                bucket = grain == Grain.YEAR
                        ? "EXTRACT(YEAR FROM " + date + ")"
                        : "DATE_TRUNC('" + unit + "', " + date + ")";
                select.add(new String[] {bucket, f.name().replaceFirst("_date$", "") + "_" + unit});
            }
            for (Period p : plan.periods()) {
                notes.add(f.name().replace('_', ' ') + " in " + p.label());
            }
        }

        // filters
        List<String> where = new ArrayList<>(listConditions);
        joined.addAll(listTables);
        Map<String, List<String>> valuesByField = new TreeMap<>();
        for (String filter : plan.filters()) {
            Optional<Range> range = Range.parse(filter);
            if (range.isPresent()) {
                Ref ref = Ref.of(range.get().element());
                LogicalTable t = tables.get(ref.table());
                Optional<Field> f = t == null ? Optional.empty() : field(t, ref.name());
                if (f.isEmpty() || !reachable(paths, ref.table())) {
                    return Outcome.refused("the comparison on "
                            + shortName(range.get().element()) + " does not apply to " + base.name());
                }
                if (!numeric(ref.kind(), f.get())) {
                    return Outcome.refused(f.get().name() + " is not a number");
                }
                joined.add(t.name());
                where.add(qualified(t, f.get().expr()) + " " + range.get().operator() + " "
                        + range.get().bound().toPlainString());
                filteredColumns.addAll(columnsOf(t, f.get().expr()));
                continue;
            }
            boolean negated = filter.startsWith("!");
            String bare = negated ? filter.substring(1) : filter;
            int eq = bare.indexOf('=');
            if (eq < 0) {
                Ref ref = Ref.of(bare);
                if (bare.contains("|") || !reachable(paths, ref.table())) {
                    return Outcome.refused("the filter " + shortName(bare) + " does not apply to " + base.name());
                }
                LogicalTable t = tables.get(ref.table());
                SemanticModel.NamedFilter named = t.filters().stream()
                        .filter(f -> f.name().equals(ref.name()))
                        .findFirst()
                        .orElse(null);
                if (named == null) {
                    return Outcome.refused("unknown filter");
                }
                joined.add(t.name());
                where.add("(" + qualified(t, named.expr()) + ")");
                filteredColumns.addAll(columnsOf(t, named.expr()));
                continue;
            }
            String ids = bare.substring(0, eq);
            String phrase = bare.substring(eq + 1);
            // a value of several fields ("EMEA": the order's region and the region's code): the nearest
            Optional<Ref> chosen = nearest(ids, paths, notes);
            if (chosen.isEmpty()) {
                return Outcome.refused(
                        "\"" + phrase + "\" is a value of several fields, or of none reachable from " + base.name());
            }
            Ref ref = chosen.get();
            LogicalTable t = tables.get(ref.table());
            Field f = field(t, ref.name()).orElseThrow();
            if ("boolean".equalsIgnoreCase(f.dataType()) && (phrase.equals("true") || phrase.equals("false"))) {
                // a condition named by a flag: "discontinued products", "not discontinued"
                joined.add(t.name());
                where.add(qualified(t, f.expr()) + " = " + phrase.toUpperCase(Locale.ROOT));
                filteredColumns.addAll(columnsOf(t, f.expr()));
                continue;
            }
            // the phrase as the question wrote it, or as its words were stemmed ("electronic")
            List<String> matching = f.sampleValues().stream()
                    .filter(v -> v.equalsIgnoreCase(phrase) || singular(v).equalsIgnoreCase(singular(phrase)))
                    .toList();
            Optional<String> value = matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
            if (value.isEmpty()) {
                return Outcome.refused("\"" + phrase + "\" is not a known value of " + f.name());
            }
            joined.add(t.name());
            valuesByField
                    .computeIfAbsent((negated ? "!" : "") + t.name() + "." + f.name(), k -> new ArrayList<>())
                    .add(value.get());
            filteredColumns.addAll(columnsOf(t, f.expr()));
        }
        for (Map.Entry<String, List<String>> e : valuesByField.entrySet()) {
            boolean negated = e.getKey().startsWith("!");
            String key = negated ? e.getKey().substring(1) : e.getKey();
            LogicalTable t = tables.get(key.substring(0, key.indexOf('.')));
            Field f = field(t, key.substring(key.indexOf('.') + 1)).orElseThrow();
            String column = qualified(t, f.expr());
            List<String> literals =
                    e.getValue().stream().map(PlanCompiler::literal).toList();
            where.add(
                    literals.size() == 1
                            ? column + (negated ? " <> " : " = ") + literals.get(0)
                            : column + (negated ? " NOT IN (" : " IN (") + String.join(", ", literals) + ")");
        }
        if (timeDimension.isPresent() && plan.periods().size() == 1) {
            LogicalTable t = tables.get(timeDimension.get().table());
            String date = qualified(
                    t, field(t, timeDimension.get().name()).orElseThrow().expr());
            Period p = plan.periods().get(0);
            where.add(date + " >= DATE '" + p.start() + "' AND " + date + " < DATE '" + p.end() + "'");
        }
        for (String reference : base.defaultFilters()) {
            Optional<Ref> ref = reference(base, reference);
            if (ref.isEmpty() || !reachable(paths, ref.get().table())) {
                return Outcome.refused("the default filter " + reference + " does not apply");
            }
            LogicalTable t = tables.get(ref.get().table());
            SemanticModel.NamedFilter named = t.filters().stream()
                    .filter(f -> f.name().equals(ref.get().name()))
                    .findFirst()
                    .orElseThrow();
            List<String> kept = new ArrayList<>();
            for (String conjunct : conjuncts(named.expr())) {
                if (columnsOf(t, conjunct).stream().noneMatch(filteredColumns::contains)) {
                    kept.add(qualified(t, conjunct));
                }
            }
            if (!kept.isEmpty() && namedDate && (measure.kind().equals("count") || measureSql == null)) {
                // "how many customers signed up in 2024": every signup, or only customers still active?
                return Outcome.refused("whether the count of " + base.name() + " by "
                        + timeDimension.get().name().replace('_', ' ') + " includes rows outside "
                        + named.name().replace('_', ' ') + " (the model's default)");
            }
            if (!kept.isEmpty()) {
                joined.add(t.name());
                where.addAll(kept);
                notes.add(named.name().replace('_', ' '));
            }
        }
        for (String subject : plan.subjects()) {
            String table = Ref.of(subject).table();
            if (!reachable(paths, table)) {
                return Outcome.refused("the question is about " + table + ", which " + base.name() + " does not join");
            }
        }

        // order and limit
        Optional<Integer> limit = plan.limit();
        if (plan.order().isPresent() && limit.isEmpty()) {
            if (select.isEmpty()) {
                return Outcome.refused("an order without anything to order");
            }
            if (words.stream().noneMatch(SINGULAR_VERBS::contains)) {
                return Outcome.refused("how many rows the order asks for");
            }
            limit = Optional.of(1);
        }
        if (limit.isPresent() && (limit.get() < 1 || limit.get() > 1000)) {
            return Outcome.refused("a limit of " + limit.get());
        }
        if (limit.isPresent()) {
            // the top stores are stores: rows without one are not among them
            select.stream()
                    .filter(c -> !c[0].startsWith("EXTRACT(") && !c[0].startsWith("DATE_TRUNC("))
                    .forEach(c -> where.add(c[0] + " IS NOT NULL"));
        }

        // FROM and the joins along the paths
        Set<String> needed = new LinkedHashSet<>();
        for (String t : joined) {
            if (!t.equals(base.name())) {
                needed.addAll(paths.get(t).tables());
            }
        }
        StringBuilder from = new StringBuilder(physical(base) + " AS " + base.name());
        Set<String> done = new LinkedHashSet<>();
        done.add(base.name());
        for (String t : needed) {
            // paths list tables nearest first, so a table's parent is joined before it
            for (String step : paths.get(t).tables()) {
                if (done.add(step)) {
                    Relationship r = paths.get(step).last();
                    LogicalTable right = tables.get(step);
                    from.append("\n  JOIN ")
                            .append(physical(right))
                            .append(" AS ")
                            .append(step)
                            .append(" ON ");
                    from.append(r.columns().stream()
                            .map(c -> r.leftTable() + "." + c.leftColumn() + " = " + step + "." + c.rightColumn())
                            .collect(Collectors.joining(" AND ")));
                }
            }
        }

        if (measureSql == null) {
            StringBuilder list = new StringBuilder("SELECT ")
                    .append(qualified(
                            base, field(base, measureName).orElseThrow().expr()))
                    .append(" AS ")
                    .append(measureName)
                    .append("\nFROM ")
                    .append(from);
            if (!where.isEmpty()) {
                list.append("\nWHERE ").append(String.join("\n  AND ", where));
            }
            list.append("\nORDER BY ").append(measureName);
            limit.ifPresent(n -> list.append("\nLIMIT ").append(n));
            return new Outcome(Optional.of(new Compiled(list.toString(), List.copyOf(notes))), null);
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> columns = new ArrayList<>();
        select.forEach(s -> columns.add(s[0] + " AS " + s[1]));
        columns.add(measureSql + " AS " + measureName);
        sql.append(String.join(", ", columns)).append("\nFROM ").append(from);
        if (!where.isEmpty()) {
            sql.append("\nWHERE ").append(String.join("\n  AND ", where));
        }
        if (!select.isEmpty()) {
            sql.append("\nGROUP BY ").append(select.stream().map(s -> s[0]).collect(Collectors.joining(", ")));
        }
        if (plan.order().isPresent()) {
            // ties in the order of the groupings, so the first N are always the same rows
            sql.append("\nORDER BY ")
                    .append(measureName)
                    .append(plan.order().get().equals("desc") ? " DESC" : " ASC");
            select.forEach(c -> sql.append(", ").append(c[1]));
        } else if (bucket != null) {
            sql.append("\nORDER BY ").append(bucket);
        } else if (!select.isEmpty()) {
            sql.append("\nORDER BY ").append(measureName).append(" DESC");
        }
        limit.ifPresent(n -> sql.append("\nLIMIT ").append(n));
        return new Outcome(Optional.of(new Compiled(sql.toString(), List.copyOf(notes))), null);
    }

    /**
     * The measures, a fact dropped where a metric of the plan is its sum ("total refund amount"
     * names the fact refund_amount and the metric total_refunds = SUM(refund_amt): one measure).
     */
    private Set<String> sameMeasures(Set<String> ids) {
        Set<String> out = new LinkedHashSet<>(ids);
        for (String factId : ids) {
            Ref fact = Ref.of(factId);
            if (!fact.kind().equals("fact") || !tables.containsKey(fact.table())) {
                continue;
            }
            LogicalTable t = tables.get(fact.table());
            Optional<Field> f = field(t, fact.name());
            String sum = f.map(x -> ("SUM(" + t.name() + "." + x.expr() + ")")
                            .replace(" ", "")
                            .toLowerCase(Locale.ROOT))
                    .orElse("");
            boolean summed = ids.stream()
                    .map(Ref::of)
                    .filter(m -> m.kind().equals("metric") && m.table().equals(t.name()))
                    .flatMap(m -> t.metrics().stream().filter(x -> x.name().equals(m.name())))
                    .anyMatch(m ->
                            m.expr().replace(" ", "").toLowerCase(Locale.ROOT).equals(sum));
            if (summed) {
                out.remove(factId);
            }
        }
        return out;
    }

    /** An element id {@code kind:table.name} taken apart. */
    record Ref(String kind, String table, String name) {
        static Ref of(String id) {
            int colon = id.indexOf(':');
            String rest = id.substring(colon + 1);
            int dot = rest.indexOf('.');
            return dot < 0
                    ? new Ref(id.substring(0, colon), rest, rest)
                    : new Ref(id.substring(0, colon), rest.substring(0, dot), rest.substring(dot + 1));
        }
    }

    /** The many-to-one path from the measured table to another: the tables on it and the last step. */
    record Path(List<String> tables, Relationship last, int count) {}

    /**
     * Shortest many-to-one paths from the table; a table reached by two different shortest paths
     * is marked (count above one) and counts as unreachable.
     */
    private Map<String, Path> paths(String from) {
        Map<String, Path> paths = new LinkedHashMap<>();
        paths.put(from, new Path(List.of(), null, 1));
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        while (!queue.isEmpty()) {
            String t = queue.removeFirst();
            Path p = paths.get(t);
            for (Relationship r : parents.getOrDefault(t, List.of())) {
                String next = r.rightTable();
                List<String> via = new ArrayList<>(p.tables());
                via.add(next);
                Path known = paths.get(next);
                if (known == null) {
                    paths.put(next, new Path(List.copyOf(via), r, p.count()));
                    queue.addLast(next);
                } else if (known.tables().size() == via.size() && !next.equals(from)) {
                    paths.put(next, new Path(known.tables(), known.last(), known.count() + p.count()));
                }
            }
        }
        return paths;
    }

    private static boolean reachable(Map<String, Path> paths, String table) {
        Path p = paths.get(table);
        return p != null
                && p.count() == 1
                && p.tables().stream().allMatch(t -> paths.get(t).count() == 1);
    }

    /** Of the elements a phrase names ({@code a|b}), the one nearest the measured table, if unique. */
    private Optional<Ref> nearest(String ids, Map<String, Path> paths, List<String> notes) {
        List<Ref> candidates = new ArrayList<>();
        for (String id : ids.split("\\|")) {
            Ref r = id.startsWith("group:") ? byName(Ref.of(id).table()).orElse(null) : Ref.of(id);
            if (r == null) {
                continue;
            }
            if ((r.kind().equals("dimension") || r.kind().equals("time_dimension"))
                    && reachable(paths, r.table())
                    && tables.containsKey(r.table())
                    && field(tables.get(r.table()), r.name()).isPresent()) {
                candidates.add(r);
            }
        }
        int best = candidates.stream()
                .mapToInt(r -> paths.get(r.table()).tables().size())
                .min()
                .orElse(-1);
        List<Ref> nearest = candidates.stream()
                .filter(r -> paths.get(r.table()).tables().size() == best)
                .distinct()
                .toList();
        if (nearest.size() > 1 && nearest.stream().map(Ref::table).distinct().count() == 1) {
            // "each region": the region table and its code; the table itself is grouped by its name
            Optional<Ref> named = byName(nearest.get(0).table()).filter(nearest::contains);
            if (named.isPresent() && ids.contains("group:" + nearest.get(0).table() + ".")) {
                nearest = List.of(named.get());
            }
        }
        if (nearest.size() != 1) {
            return Optional.empty();
        }
        if (ids.contains("|")) {
            notes.add(nearest.get(0).table() + "." + nearest.get(0).name() + " as the nearest");
        }
        return Optional.of(nearest.get(0));
    }

    private static final Set<String> NUMERIC_TYPES =
            Set.of("integer", "int", "bigint", "smallint", "number", "numeric", "decimal", "double", "float", "real");

    /** Facts are numbers; a dimension is when its declared data type is. */
    private static boolean numeric(String kind, Field field) {
        String type = field.dataType() == null
                ? ""
                : field.dataType()
                        .toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("\\(.*", "")
                        .strip();
        return NUMERIC_TYPES.contains(type) || (kind.equals("fact") && type.isEmpty());
    }

    /** Whether the plan holds exactly one value of this field, not negated. */
    private static boolean singleValue(Plan plan, Ref field) {
        String id = "dimension:" + field.table() + "." + field.name();
        long values = plan.filters().stream()
                .filter(f -> !f.startsWith("!") && f.contains("="))
                .map(f -> List.of(f.substring(0, f.indexOf('=')).split("\\|")))
                .filter(ids -> ids.contains(id))
                .count();
        return values == 1;
    }

    /** Grouping by a table ("each region") is grouping by its one name dimension ("region_name"). */
    private Optional<Ref> byName(String table) {
        LogicalTable t = tables.get(table);
        if (t == null) {
            return Optional.empty();
        }
        List<Field> names =
                t.dimensions().stream().filter(f -> f.name().endsWith("_name")).toList();
        return names.size() == 1
                ? Optional.of(new Ref("dimension", table, names.get(0).name()))
                : Optional.empty();
    }

    /**
     * The date a period or grain of the table's measures refers to, as the model declares it (a
     * table's only date is not assumed: "discontinued in 2025" is not about the launch date).
     */
    private Optional<Ref> defaultTime(LogicalTable table) {
        return Optional.ofNullable(table.defaultTimeDimension())
                .flatMap(d -> reference(table, d))
                .map(r -> new Ref("time_dimension", r.table(), r.name()));
    }

    private Optional<Ref> reference(LogicalTable owner, String reference) {
        int dot = reference.indexOf('.');
        String table = dot < 0 ? owner.name() : reference.substring(0, dot);
        return tables.containsKey(table)
                ? Optional.of(new Ref("", table, reference.substring(dot + 1)))
                : Optional.empty();
    }

    /** A dimension to show next to a code or id: the table's name dimension ("region_name"). */
    private static Optional<Field> displayName(LogicalTable table, Field shown) {
        if (!(shown.name().endsWith("_code") || shown.name().endsWith("_id"))) {
            return Optional.empty();
        }
        String stem = shown.name().replaceFirst("_(code|id)$", "");
        return table.dimensions().stream()
                .filter(f -> f.name().equals(stem + "_name"))
                .findFirst();
    }

    private static Optional<Field> field(LogicalTable table, String name) {
        return table.fields().filter(f -> f.name().equals(name)).findFirst();
    }

    private static String physical(LogicalTable table) {
        return table.baseTable().table();
    }

    /** The logical tables an expression names as qualifiers ({@code order_items.amt_rev2}). */
    private Set<String> tablesNamedIn(String expr) {
        Set<String> named = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(expr);
        while (m.find()) {
            String token = m.group();
            if (token.endsWith(".")) {
                String t = token.substring(0, token.length() - 1).strip();
                if (tables.containsKey(t)) {
                    named.add(t);
                }
            }
        }
        return named;
    }

    /** The expression with the table's columns qualified by its alias; literals and functions untouched. */
    private String qualified(LogicalTable table, String expr) {
        Set<String> columns = described.getOrDefault(table.baseTable().table().toLowerCase(Locale.ROOT), Set.of());
        StringBuilder out = new StringBuilder();
        Matcher m = IDENTIFIER.matcher(expr);
        int last = 0;
        boolean afterDot = false;
        while (m.find()) {
            out.append(expr, last, m.start());
            String token = m.group();
            boolean plain = m.group(1) == null && !token.startsWith("'");
            if (plain && !afterDot && columns.contains(token.toLowerCase(Locale.ROOT))) {
                out.append(table.name()).append('.').append(token);
            } else {
                out.append(token);
            }
            afterDot = token.endsWith(".");
            last = m.end();
        }
        out.append(expr.substring(last));
        return out.toString();
    }

    /** The table's columns an expression reads (lower case). */
    private Set<String> columnsOf(LogicalTable table, String expr) {
        Set<String> columns = described.getOrDefault(table.baseTable().table().toLowerCase(Locale.ROOT), Set.of());
        Set<String> read = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(expr);
        while (m.find()) {
            String token = m.group().toLowerCase(Locale.ROOT);
            if (m.group(1) == null && columns.contains(token)) {
                read.add(table.name() + "." + token);
            }
        }
        return read;
    }

    /** The top-level AND-ed parts of a condition (the whole of it when it has parentheses). */
    private static List<String> conjuncts(String expr) {
        if (expr.contains("(") || expr.toUpperCase(Locale.ROOT).contains(" BETWEEN ")) {
            return List.of(expr);
        }
        return List.of(expr.split("(?i)\\s+AND\\s+"));
    }

    private static String singular(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return w.endsWith("s") && w.length() > 3 ? w.substring(0, w.length() - 1) : w;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String shortName(String id) {
        return id.substring(id.indexOf(':') + 1);
    }
}
