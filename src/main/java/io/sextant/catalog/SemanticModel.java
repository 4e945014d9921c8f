package io.sextant.catalog;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The business meaning of a warehouse, in the spirit of Snowflake Cortex Analyst's semantic
 * model: logical tables over physical ones, their dimensions, time dimensions, facts, metrics and
 * named filters, the relationships that join them, and verified question-to-SQL pairs. Every
 * element remembers the line it was read from so errors can point at it.
 */
public record SemanticModel(
        Path file,
        String name,
        String description,
        List<LogicalTable> tables,
        List<Relationship> relationships,
        List<VerifiedQuery> verifiedQueries) {

    public SemanticModel {
        tables = List.copyOf(tables);
        relationships = List.copyOf(relationships);
        verifiedQueries = List.copyOf(verifiedQueries);
    }

    /** Finds a logical table by name, ignoring case. */
    public Optional<LogicalTable> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The physical table a logical table reads. */
    public record BaseTable(String database, String schema, String table, int line) {}

    /** What sort of column-level element a {@link Field} is. */
    public enum FieldKind {
        DIMENSION("dimensions"),
        TIME_DIMENSION("time_dimensions"),
        FACT("facts");

        private final String yamlKey;

        FieldKind(String yamlKey) {
            this.yamlKey = yamlKey;
        }

        public String yamlKey() {
            return yamlKey;
        }
    }

    /**
     * A dimension, time dimension or fact: a named SQL expression over one logical table. {@code
     * parent} names the dimension of the same table a value of this one belongs under when values
     * repeat (a subcategory under its category): grouping by this one groups by both.
     */
    public record Field(
            FieldKind kind,
            String name,
            String expr,
            String dataType,
            String description,
            List<String> synonyms,
            List<String> sampleValues,
            boolean isEnum,
            String defaultAggregation,
            String parent,
            int line) {

        public Field {
            synonyms = List.copyOf(synonyms);
            sampleValues = List.copyOf(sampleValues);
        }
    }

    /** An aggregate over one or more tables, e.g. {@code SUM(order_items.amt_rev2)}. */
    public record Metric(String name, String expr, String description, List<String> synonyms, int line) {

        public Metric {
            synonyms = List.copyOf(synonyms);
        }
    }

    /** A reusable condition, e.g. {@code is_del = FALSE}. */
    public record NamedFilter(String name, String expr, String description, List<String> synonyms, int line) {

        public NamedFilter {
            synonyms = List.copyOf(synonyms);
        }
    }

    /**
     * A business entity backed by one physical table. {@code defaultFilters} name the filters
     * (of this table, or {@code table.filter} of a table it joins to) that hold whenever this
     * table's rows are measured — valid orders for revenue — unless a question filters the columns
     * they read itself; {@code defaultTimeDimension} ({@code name} or {@code table.name}) is the
     * date a period or time grain of a measure of this table refers to.
     */
    public record LogicalTable(
            String name,
            String description,
            BaseTable baseTable,
            List<String> primaryKey,
            List<String> synonyms,
            List<Field> dimensions,
            List<Field> timeDimensions,
            List<Field> facts,
            List<Metric> metrics,
            List<NamedFilter> filters,
            List<String> defaultFilters,
            String defaultTimeDimension,
            int line) {

        public LogicalTable {
            defaultFilters = List.copyOf(defaultFilters);
            primaryKey = List.copyOf(primaryKey);
            synonyms = List.copyOf(synonyms);
            dimensions = List.copyOf(dimensions);
            timeDimensions = List.copyOf(timeDimensions);
            facts = List.copyOf(facts);
            metrics = List.copyOf(metrics);
            filters = List.copyOf(filters);
        }

        /** Dimensions, time dimensions and facts together. */
        public Stream<Field> fields() {
            return Stream.of(dimensions, timeDimensions, facts).flatMap(List::stream);
        }
    }

    /**
     * The physical columns the model describes, by physical table (lower case): the columns its
     * fields, metrics and filters name, primary keys and relationship columns. A table the model
     * does not describe is absent.
     */
    public Map<String, Set<String>> describedColumns() {
        Map<String, Set<String>> described = new HashMap<>();
        Map<String, String> physical = new HashMap<>();
        for (LogicalTable t : tables) {
            if (t.baseTable() == null) {
                continue;
            }
            String table = t.baseTable().table().toLowerCase(Locale.ROOT);
            physical.put(t.name(), table);
            Set<String> columns = described.computeIfAbsent(table, k -> new HashSet<>());
            t.primaryKey().forEach(c -> columns.add(c.toLowerCase(Locale.ROOT)));
            Stream.concat(
                            t.fields().map(Field::expr),
                            Stream.concat(
                                    t.metrics().stream().map(Metric::expr),
                                    t.filters().stream().map(NamedFilter::expr)))
                    .filter(java.util.Objects::nonNull)
                    .forEach(expr -> IDENTIFIER
                            .matcher(expr)
                            .results()
                            .filter(m -> m.group(1) == null)
                            .map(m -> m.group().toLowerCase(Locale.ROOT))
                            .filter(w -> !w.startsWith("'") && !SQL_WORDS.contains(w))
                            .forEach(columns::add));
        }
        for (Relationship r : relationships) {
            for (ColumnPair pair : r.columns()) {
                Optional.ofNullable(physical.get(r.leftTable()))
                        .ifPresent(t -> described.get(t).add(pair.leftColumn().toLowerCase(Locale.ROOT)));
                Optional.ofNullable(physical.get(r.rightTable()))
                        .ifPresent(t -> described.get(t).add(pair.rightColumn().toLowerCase(Locale.ROOT)));
            }
        }
        return described;
    }

    /** A string literal, or an identifier with what follows it when that is a dot or a parenthesis. */
    private static final java.util.regex.Pattern IDENTIFIER =
            java.util.regex.Pattern.compile("'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_]*(\\s*[.(])?");

    /** Words of SQL expressions that are not column names. */
    private static final Set<String> SQL_WORDS = Set.of(
            "and",
            "or",
            "not",
            "null",
            "is",
            "in",
            "like",
            "ilike",
            "between",
            "case",
            "when",
            "then",
            "else",
            "end",
            "true",
            "false",
            "date",
            "timestamp",
            "time",
            "interval",
            "as",
            "distinct",
            "from",
            "year",
            "quarter",
            "month",
            "week",
            "day",
            "hour",
            "minute",
            "second",
            "escape",
            "similar",
            "to",
            "over",
            "partition",
            "by",
            "order",
            "asc",
            "desc",
            "current_date",
            "current_timestamp",
            "unknown");

    /** One pair of join columns in a relationship. */
    public record ColumnPair(String leftColumn, String rightColumn, int line) {}

    /** How two logical tables join: many rows on the left to one on the right, usually. */
    public record Relationship(
            String name,
            String leftTable,
            String rightTable,
            List<ColumnPair> columns,
            String joinType,
            String relationshipType,
            int line) {

        public Relationship {
            columns = List.copyOf(columns);
        }
    }

    /** A question whose SQL a person checked and vouches for. */
    public record VerifiedQuery(
            String name,
            String question,
            String sql,
            String verifiedBy,
            Instant verifiedAt,
            boolean onboardingQuestion,
            int line) {}
}
