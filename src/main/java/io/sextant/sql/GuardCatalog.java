package io.sextant.sql;

import static java.util.Objects.requireNonNull;

import io.sextant.catalog.WarehouseSchema;
import java.sql.Types;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * What the guard validates SQL against: the introspected tables and columns of one warehouse
 * schema, the dialect the warehouse speaks, and synonyms from the semantic model that make
 * "did you mean" suggestions smarter. Immutable and shared across requests; the Calcite schema
 * is built once.
 */
public final class GuardCatalog {

    /** Type names of PostgreSQL, DuckDB, MySQL and SQLite that standard SQL spells differently. */
    static final Map<String, SqlTypeName> TYPE_ALIASES = Map.ofEntries(
            Map.entry("TEXT", SqlTypeName.VARCHAR),
            Map.entry("STRING", SqlTypeName.VARCHAR),
            Map.entry("BOOL", SqlTypeName.BOOLEAN),
            Map.entry("INT2", SqlTypeName.SMALLINT),
            Map.entry("INT4", SqlTypeName.INTEGER),
            Map.entry("INT8", SqlTypeName.BIGINT),
            Map.entry("FLOAT4", SqlTypeName.REAL),
            Map.entry("FLOAT8", SqlTypeName.DOUBLE),
            Map.entry("DATETIME", SqlTypeName.TIMESTAMP),
            Map.entry("TIMESTAMPTZ", SqlTypeName.TIMESTAMP),
            Map.entry("HUGEINT", SqlTypeName.DECIMAL),
            Map.entry("SIGNED", SqlTypeName.BIGINT),
            Map.entry("UNSIGNED", SqlTypeName.BIGINT));

    private final WarehouseSchema schema;
    private final SqlTarget target;
    private final Map<String, List<String>> synonyms;
    private final Map<String, String> canonicalNames = new HashMap<>();
    private volatile CalciteSchema calcite;

    private GuardCatalog(WarehouseSchema schema, SqlTarget target, Map<String, List<String>> synonyms) {
        this.schema = requireNonNull(schema, "schema");
        this.target = requireNonNull(target, "target");
        Map<String, List<String>> lower = new LinkedHashMap<>();
        synonyms.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        this.synonyms = Map.copyOf(lower);
        for (WarehouseSchema.Table table : schema.tables()) {
            canonicalNames.putIfAbsent(key(table.name()), table.name());
            table.columns().forEach(c -> canonicalNames.putIfAbsent(key(c.name()), c.name()));
        }
        canonicalNames.putIfAbsent(key(schema.schema()), schema.schema());
    }

    /** A catalog of the schema's tables for SQL written for (and rendered to) the target. */
    public static GuardCatalog of(WarehouseSchema schema, SqlTarget target) {
        return new GuardCatalog(schema, target, Map.of());
    }

    /**
     * The same catalog with synonyms: a word users say (e.g. "revenue") to the {@code table} or
     * {@code table.column} names it stands for.
     */
    public GuardCatalog withSynonyms(Map<String, List<String>> synonyms) {
        return new GuardCatalog(schema, target, synonyms);
    }

    /** The same catalog rendering for another dialect (e.g. to export SQL for Snowflake). */
    public GuardCatalog forTarget(SqlTarget other) {
        return new GuardCatalog(schema, other, synonyms);
    }

    public WarehouseSchema schema() {
        return schema;
    }

    public SqlTarget target() {
        return target;
    }

    /** Names the synonym stands for, or an empty list. */
    List<String> synonym(String word) {
        return synonyms.getOrDefault(word.toLowerCase(Locale.ROOT), List.of());
    }

    /** The catalog's spelling of a table, column or schema name, or null when it names none. */
    String canonical(String name) {
        return canonicalNames.get(key(name));
    }

    /**
     * The Calcite schema of every table, built on first use. Permissions are not applied here:
     * the guard refuses denied tables and wraps partly readable ones in subqueries.
     */
    CalciteSchema calciteSchema() {
        CalciteSchema root = calcite;
        if (root == null) {
            Map<String, Table> tables = new LinkedHashMap<>();
            schema.tables().forEach(table -> tables.put(table.name(), new IntrospectedTable(table.columns())));
            root = CalciteSchema.createRootSchema(false, false);
            tables.forEach(root::add);
            CalciteSchema types = root;
            TYPE_ALIASES.forEach((alias, type) -> types.add(alias, factory -> factory.createSqlType(type)));
            root.add(schema.schema(), new AbstractSchema() {
                @Override
                protected Map<String, Table> getTableMap() {
                    return tables;
                }
            });
            calcite = root;
        }
        return root;
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** A warehouse table as Calcite sees it: a row type and nothing else. */
    private static final class IntrospectedTable extends AbstractTable {

        private final List<WarehouseSchema.Column> columns;

        IntrospectedTable(List<WarehouseSchema.Column> columns) {
            this.columns = columns;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory types) {
            RelDataTypeFactory.Builder row = types.builder();
            for (WarehouseSchema.Column column : columns) {
                row.add(column.name(), types.createTypeWithNullability(type(types, column), true));
            }
            return row.build();
        }

        private static RelDataType type(RelDataTypeFactory types, WarehouseSchema.Column column) {
            return switch (column.jdbcType()) {
                case Types.BIT, Types.BOOLEAN -> types.createSqlType(SqlTypeName.BOOLEAN);
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> types.createSqlType(SqlTypeName.INTEGER);
                case Types.BIGINT -> types.createSqlType(SqlTypeName.BIGINT);
                case Types.REAL, Types.FLOAT, Types.DOUBLE -> types.createSqlType(SqlTypeName.DOUBLE);
                case Types.NUMERIC, Types.DECIMAL -> types.createSqlType(SqlTypeName.DECIMAL, 38, 10);
                case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.CLOB ->
                    types.createSqlType(SqlTypeName.VARCHAR);
                case Types.DATE -> types.createSqlType(SqlTypeName.DATE);
                case Types.TIME, Types.TIME_WITH_TIMEZONE -> types.createSqlType(SqlTypeName.TIME);
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> types.createSqlType(SqlTypeName.TIMESTAMP);
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
                    types.createSqlType(SqlTypeName.VARBINARY);
                default -> types.createSqlType(SqlTypeName.ANY);
            };
        }
    }
}
