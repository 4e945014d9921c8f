package io.sextant.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The tables and columns of one warehouse schema, as introspected over JDBC. */
public record WarehouseSchema(String schema, Map<String, Table> tablesByKey) {

    /** A column and its SQL type as the driver reports it. */
    public record Column(String name, String typeName, int jdbcType, boolean nullable) {}

    /** A table or view with its columns in ordinal order and its primary key, if any. */
    public record Table(String name, List<Column> columns, List<String> primaryKey) {

        public Table {
            requireNonNull(name, "name");
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
        }

        /** Finds a column ignoring case, as unquoted SQL identifiers do. */
        public Optional<Column> column(String name) {
            return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
        }
    }

    public WarehouseSchema {
        requireNonNull(schema, "schema");
        tablesByKey = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tablesByKey));
    }

    public static WarehouseSchema of(String schema, List<Table> tables) {
        Map<String, Table> byKey = new LinkedHashMap<>();
        tables.forEach(t -> byKey.put(key(t.name()), t));
        return new WarehouseSchema(schema, byKey);
    }

    /** Finds a table ignoring case. */
    public Optional<Table> table(String name) {
        return Optional.ofNullable(tablesByKey.get(key(name)));
    }

    public Collection<Table> tables() {
        return tablesByKey.values();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
