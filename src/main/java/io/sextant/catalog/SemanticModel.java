package io.sextant.catalog;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

    /** A dimension, time dimension or fact: a named SQL expression over one logical table. */
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

    /** A business entity backed by one physical table. */
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
            int line) {

        public LogicalTable {
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
