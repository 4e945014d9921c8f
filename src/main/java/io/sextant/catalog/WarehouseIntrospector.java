package io.sextant.catalog;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads tables, columns and primary keys of one schema through JDBC metadata. */
public final class WarehouseIntrospector {

    private WarehouseIntrospector() {}

    /**
     * Reads {@code schema} through the connection's metadata; a null schema reads the
     * connection's only one (SQLite), named {@code main}.
     */
    public static WarehouseSchema introspect(Connection connection, String schema) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE", "VIEW", "BASE TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        List<WarehouseSchema.Table> tables = new ArrayList<>();
        for (String name : names.stream().sorted().distinct().toList()) {
            tables.add(new WarehouseSchema.Table(name, columns(meta, schema, name), primaryKey(meta, schema, name)));
        }
        return WarehouseSchema.of(schema == null ? "main" : schema, tables);
    }

    private static List<WarehouseSchema.Column> columns(DatabaseMetaData meta, String schema, String table)
            throws SQLException {
        Map<Integer, WarehouseSchema.Column> byPosition = new TreeMap<>();
        try (ResultSet rs = meta.getColumns(null, schema, table, "%")) {
            while (rs.next()) {
                byPosition.put(
                        rs.getInt("ORDINAL_POSITION"),
                        new WarehouseSchema.Column(
                                rs.getString("COLUMN_NAME"),
                                rs.getString("TYPE_NAME"),
                                rs.getInt("DATA_TYPE"),
                                rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
            }
        }
        return List.copyOf(byPosition.values());
    }

    private static List<String> primaryKey(DatabaseMetaData meta, String schema, String table) throws SQLException {
        Map<Integer, String> byPosition = new TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(null, schema, table)) {
            while (rs.next()) {
                byPosition.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        } catch (SQLException | UnsupportedOperationException e) {
            // Some drivers do not report keys; the semantic model's primary_key then stands alone.
            return List.of();
        }
        return List.copyOf(byPosition.values());
    }
}
