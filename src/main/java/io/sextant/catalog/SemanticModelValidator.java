package io.sextant.catalog;

import io.sextant.catalog.SemanticModel.ColumnPair;
import io.sextant.catalog.SemanticModel.Field;
import io.sextant.catalog.SemanticModel.FieldKind;
import io.sextant.catalog.SemanticModel.LogicalTable;
import io.sextant.catalog.SemanticModel.Relationship;
import io.sextant.catalog.SemanticModel.VerifiedQuery;
import java.nio.file.Path;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a parsed semantic model against itself (duplicate names, relationships to unknown
 * tables or non-key columns) and against the introspected warehouse (unknown tables and columns,
 * time dimensions over non-temporal columns). Expressions richer than a column reference are
 * checked only for their {@code table.column} references; full SQL validation belongs to the
 * SQL guard.
 */
public final class SemanticModelValidator {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern QUALIFIED =
            Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]*)\\.([A-Za-z_][A-Za-z0-9_]*)\\b");
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");

    private final SemanticModel model;
    private final WarehouseSchema warehouse;
    private final Path file;
    private final List<ModelIssue> issues = new ArrayList<>();

    private SemanticModelValidator(SemanticModel model, WarehouseSchema warehouse) {
        this.model = model;
        this.warehouse = warehouse;
        this.file = model.file();
    }

    /** Returns every problem found, in file order. */
    public static List<ModelIssue> validate(SemanticModel model, WarehouseSchema warehouse) {
        SemanticModelValidator validator = new SemanticModelValidator(model, warehouse);
        validator.run();
        return validator.issues.stream()
                .sorted(java.util.Comparator.comparingInt(ModelIssue::line))
                .toList();
    }

    private void run() {
        Set<String> tableNames = new HashSet<>();
        for (LogicalTable table : model.tables()) {
            if (table.name() != null && !tableNames.add(key(table.name()))) {
                error(table.line(), "duplicate-name", "table '" + table.name() + "' is defined twice");
            }
            checkTable(table);
        }
        checkRelationships();
        checkVerifiedQueries();
        model.tables().forEach(this::checkDefaults);
    }

    /** Default filters and the default time dimension name elements that exist. */
    private void checkDefaults(LogicalTable table) {
        for (String name : table.defaultFilters()) {
            if (resolve(table, name, t -> t.filters().stream().map(SemanticModel.NamedFilter::name))
                    .isEmpty()) {
                error(
                        table.line(),
                        "unknown-filter",
                        "table " + table.name() + ": default filter '" + name + "' is not a filter of the model");
            }
        }
        String time = table.defaultTimeDimension();
        if (time != null
                && resolve(table, time, t -> t.timeDimensions().stream().map(SemanticModel.Field::name))
                        .isEmpty()) {
            error(
                    table.line(),
                    "unknown-time-dimension",
                    "table " + table.name() + ": default time dimension '" + time + "' is not a time dimension");
        }
    }

    /** The table a {@code name} or {@code table.name} reference points into, when it names one of its elements. */
    private java.util.Optional<LogicalTable> resolve(
            LogicalTable owner,
            String reference,
            java.util.function.Function<LogicalTable, java.util.stream.Stream<String>> names) {
        int dot = reference.indexOf('.');
        String tableName = dot < 0 ? owner.name() : reference.substring(0, dot);
        String element = reference.substring(dot + 1);
        return model.tables().stream()
                .filter(t -> t.name().equalsIgnoreCase(tableName))
                .filter(t -> names.apply(t).anyMatch(n -> n.equalsIgnoreCase(element)))
                .findFirst();
    }

    private void checkTable(LogicalTable table) {
        String what = "table " + table.name();
        Set<String> names = new HashSet<>();
        table.fields().forEach(f -> unique(names, f.name(), f.line(), what));
        table.metrics().forEach(m -> unique(names, m.name(), m.line(), what));
        table.filters().forEach(f -> unique(names, f.name(), f.line(), what));

        Optional<WarehouseSchema.Table> physical = physical(table);
        if (table.baseTable() != null && table.baseTable().table() != null && physical.isEmpty()) {
            String schema = table.baseTable().schema();
            if (schema != null && !schema.equalsIgnoreCase(warehouse.schema())) {
                error(
                        table.baseTable().line(),
                        "unknown-table",
                        what + ": base table " + schema + "."
                                + table.baseTable().table() + " is outside the warehouse schema '" + warehouse.schema()
                                + "'");
            } else {
                error(
                        table.baseTable().line(),
                        "unknown-table",
                        what + ": base table '" + table.baseTable().table() + "' does not exist in warehouse schema '"
                                + warehouse.schema() + "'"
                                + suggestion(table.baseTable().table(), warehouseTableNames()));
            }
        }
        physical.ifPresent(p -> {
            for (String column : table.primaryKey()) {
                if (p.column(column).isEmpty()) {
                    error(
                            table.line(),
                            "unknown-column",
                            what + ": primary_key column '" + column + "' does not exist in " + p.name()
                                    + suggestion(column, columnNames(p)));
                }
            }
            table.fields().forEach(f -> checkField(table, p, f));
        });
        table.fields().forEach(f -> checkQualifiedReferences(f.expr(), f.line(), what + " " + f.name()));
        table.metrics().forEach(m -> checkQualifiedReferences(m.expr(), m.line(), what + " metric " + m.name()));
        table.filters().forEach(f -> checkQualifiedReferences(f.expr(), f.line(), what + " filter " + f.name()));
    }

    private void checkField(LogicalTable table, WarehouseSchema.Table physical, Field field) {
        if (field.expr() == null || !IDENTIFIER.matcher(field.expr()).matches()) {
            return;
        }
        String what = "table " + table.name() + " "
                + field.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + field.name();
        Optional<WarehouseSchema.Column> column = physical.column(field.expr());
        if (column.isEmpty()) {
            error(
                    field.line(),
                    "unknown-column",
                    what + ": column '" + field.expr() + "' does not exist in " + physical.name()
                            + suggestion(field.expr(), columnNames(physical)));
            return;
        }
        int type = column.get().jdbcType();
        if (field.kind() == FieldKind.TIME_DIMENSION && !isTemporal(type)) {
            error(
                    field.line(),
                    "type-mismatch",
                    what + ": a time dimension needs a date or timestamp column, but " + physical.name() + "."
                            + column.get().name() + " is " + column.get().typeName());
        }
        if (field.kind() == FieldKind.FACT && !isNumeric(type)) {
            error(
                    field.line(),
                    "type-mismatch",
                    what + ": a fact needs a numeric column, but " + physical.name() + "."
                            + column.get().name() + " is " + column.get().typeName());
        }
    }

    /** Checks {@code t.c} references where {@code t} names a logical table of this model. */
    private void checkQualifiedReferences(String expr, int line, String what) {
        if (expr == null) {
            return;
        }
        Matcher m = QUALIFIED.matcher(STRING_LITERAL.matcher(expr).replaceAll("''"));
        while (m.find()) {
            Optional<LogicalTable> referenced = model.table(m.group(1));
            if (referenced.isEmpty()) {
                continue;
            }
            String name = m.group(2);
            if (resolves(referenced.get(), name)) {
                continue;
            }
            Set<String> known = new LinkedHashSet<>();
            referenced.get().fields().forEach(f -> known.add(f.name()));
            physical(referenced.get()).ifPresent(p -> known.addAll(columnNames(p)));
            error(
                    line,
                    "unknown-column",
                    what + ": '" + m.group(1) + "." + name + "' names no column or field of table "
                            + referenced.get().name() + suggestion(name, known));
        }
    }

    private void checkRelationships() {
        Set<String> names = new HashSet<>();
        for (Relationship r : model.relationships()) {
            String what = "relationship " + r.name();
            if (r.name() != null && !names.add(key(r.name()))) {
                error(r.line(), "duplicate-name", "relationship '" + r.name() + "' is defined twice");
            }
            Optional<LogicalTable> left = tableOrError(r.leftTable(), r.line(), what, "left_table");
            Optional<LogicalTable> right = tableOrError(r.rightTable(), r.line(), what, "right_table");
            for (ColumnPair pair : r.columns()) {
                left.ifPresent(t -> columnOrError(t, pair.leftColumn(), pair.line(), what));
                right.ifPresent(t -> columnOrError(t, pair.rightColumn(), pair.line(), what));
            }
            right.ifPresent(t -> checkJoinKey(r, t, what));
        }
    }

    /** The right side of a many-to-one or one-to-one join must be the right table's key. */
    private void checkJoinKey(Relationship r, LogicalTable right, String what) {
        List<String> key = primaryKey(right);
        Set<String> joined = new HashSet<>();
        r.columns().forEach(p -> joined.add(key(columnOf(right, p.rightColumn()))));
        Set<String> keyColumns = new HashSet<>();
        key.forEach(k -> keyColumns.add(key(k)));
        if (key.isEmpty()) {
            error(
                    r.line(),
                    "missing-key",
                    what + ": right table " + right.name() + " declares no primary_key, so the join cannot be "
                            + r.relationshipType());
        } else if (!joined.equals(keyColumns)) {
            error(
                    r.line(),
                    "missing-key",
                    what + ": joins to " + right.name() + " on ("
                            + String.join(
                                    ", ",
                                    r.columns().stream()
                                            .map(ColumnPair::rightColumn)
                                            .toList()) + "), which is not its primary key (" + String.join(", ", key)
                            + ")");
        }
    }

    private void checkVerifiedQueries() {
        Set<String> names = new HashSet<>();
        Map<String, Integer> questions = new HashMap<>();
        for (VerifiedQuery q : model.verifiedQueries()) {
            if (!names.add(key(q.name()))) {
                error(q.line(), "duplicate-name", "verified query '" + q.name() + "' is defined twice");
            }
            Integer first = questions.putIfAbsent(normalize(q.question()), q.line());
            if (first != null) {
                issues.add(ModelIssue.warning(
                        file,
                        q.line(),
                        "duplicate-question",
                        "verified query " + q.name() + " asks the same question as the one on line " + first));
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Optional<LogicalTable> tableOrError(String name, int line, String what, String side) {
        if (name == null) {
            return Optional.empty();
        }
        Optional<LogicalTable> table = model.table(name);
        if (table.isEmpty()) {
            error(
                    line,
                    "unknown-table",
                    what + ": " + side + " '" + name + "' is not a table of this model"
                            + suggestion(
                                    name,
                                    model.tables().stream()
                                            .map(LogicalTable::name)
                                            .toList()));
        }
        return table;
    }

    private void columnOrError(LogicalTable table, String column, int line, String what) {
        if (column == null || resolves(table, column)) {
            return;
        }
        Set<String> known = new LinkedHashSet<>();
        table.fields().forEach(f -> known.add(f.name()));
        physical(table).ifPresent(p -> known.addAll(columnNames(p)));
        error(
                line,
                "unknown-column",
                what + ": column '" + column + "' does not exist in table " + table.name() + suggestion(column, known));
    }

    /** True when {@code name} is a column of the table's base table or one of its fields. */
    private boolean resolves(LogicalTable table, String name) {
        boolean field =
                table.fields().anyMatch(f -> f.name() != null && f.name().equalsIgnoreCase(name))
                        || table.metrics().stream()
                                .anyMatch(m -> m.name() != null && m.name().equalsIgnoreCase(name));
        Optional<WarehouseSchema.Table> physical = physical(table);
        // Without a base table there is nothing to check against; the missing table is reported.
        return field || physical.isEmpty() || physical.get().column(name).isPresent();
    }

    /** The physical column behind a name that is either a column or a column-valued field. */
    private String columnOf(LogicalTable table, String name) {
        return table.fields()
                .filter(f -> f.name() != null && f.name().equalsIgnoreCase(name))
                .map(Field::expr)
                .filter(e -> e != null && IDENTIFIER.matcher(e).matches())
                .findFirst()
                .orElse(name);
    }

    private List<String> primaryKey(LogicalTable table) {
        if (!table.primaryKey().isEmpty()) {
            return table.primaryKey();
        }
        return physical(table).map(WarehouseSchema.Table::primaryKey).orElse(List.of());
    }

    private Optional<WarehouseSchema.Table> physical(LogicalTable table) {
        if (table.baseTable() == null || table.baseTable().table() == null) {
            return Optional.empty();
        }
        String schema = table.baseTable().schema();
        if (schema != null && !schema.equalsIgnoreCase(warehouse.schema())) {
            return Optional.empty();
        }
        return warehouse.table(table.baseTable().table());
    }

    private void unique(Set<String> names, String name, int line, String what) {
        if (name != null && !names.add(key(name))) {
            error(line, "duplicate-name", what + ": '" + name + "' is defined twice");
        }
    }

    private List<String> warehouseTableNames() {
        return warehouse.tables().stream().map(WarehouseSchema.Table::name).toList();
    }

    private static List<String> columnNames(WarehouseSchema.Table table) {
        return table.columns().stream().map(WarehouseSchema.Column::name).toList();
    }

    private static String suggestion(String name, java.util.Collection<String> candidates) {
        return Names.closest(name, candidates)
                .map(s -> "; did you mean '" + s + "'?")
                .orElse("");
    }

    private static boolean isTemporal(int jdbcType) {
        return jdbcType == Types.DATE
                || jdbcType == Types.TIMESTAMP
                || jdbcType == Types.TIMESTAMP_WITH_TIMEZONE
                || jdbcType == Types.TIME
                || jdbcType == Types.TIME_WITH_TIMEZONE;
    }

    private static boolean isNumeric(int jdbcType) {
        return switch (jdbcType) {
            case Types.TINYINT,
                    Types.SMALLINT,
                    Types.INTEGER,
                    Types.BIGINT,
                    Types.FLOAT,
                    Types.REAL,
                    Types.DOUBLE,
                    Types.NUMERIC,
                    Types.DECIMAL -> true;
            default -> false;
        };
    }

    private static String key(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }

    private static String normalize(String question) {
        return question == null
                ? ""
                : question.toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9]+", " ")
                        .strip();
    }

    private void error(int line, String code, String message) {
        issues.add(ModelIssue.error(file, line, code, message));
    }
}
