package io.sextant.sql;

import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;
import org.apache.calcite.sql.dialect.H2SqlDialect;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.apache.calcite.sql.dialect.SqliteSqlDialect;
import org.apache.calcite.sql.dialect.TrinoSqlDialect;

/**
 * A SQL dialect the guard renders to. The first five are warehouses Sextant runs queries on;
 * Snowflake and Trino are export targets for BI tools that run the SQL elsewhere.
 */
public enum SqlTarget {
    POSTGRESQL(PostgresqlSqlDialect.DEFAULT, false, true),
    DUCKDB(DuckDBSqlDialect.DEFAULT, false, true),
    MYSQL(SafeDialects.MYSQL, true, true),
    H2(H2SqlDialect.DEFAULT, false, true),
    SQLITE(SqliteSqlDialect.DEFAULT, true, true),
    SNOWFLAKE(SafeDialects.SNOWFLAKE, false, false),
    TRINO(TrinoSqlDialect.DEFAULT, false, false);

    private final SqlDialect dialect;
    private final boolean doubleQuotedStrings;
    private final boolean executable;

    SqlTarget(SqlDialect dialect, boolean doubleQuotedStrings, boolean executable) {
        this.dialect = dialect;
        this.doubleQuotedStrings = doubleQuotedStrings;
        this.executable = executable;
    }

    /** The Calcite dialect that renders SQL for this target. */
    public SqlDialect dialect() {
        return dialect;
    }

    /**
     * True when the database reads a double-quoted word that names no column as a string literal
     * (SQLite always; MySQL unless ANSI_QUOTES is set), so SQL written for it may do so.
     */
    public boolean doubleQuotedStrings() {
        return doubleQuotedStrings;
    }

    /** True when booleans are the numbers 0 and 1, so {@code SUM(a = b)} counts (SQLite, MySQL). */
    public boolean booleansAreNumbers() {
        return this == SQLITE || this == MYSQL;
    }

    /** True when the database reads {@code JOIN} without a condition as a cross join (SQLite, MySQL). */
    public boolean joinsWithoutCondition() {
        return this == SQLITE || this == MYSQL;
    }

    /**
     * True when {@code OFFSET 0} alone is valid and keeps the planner from evaluating outer
     * predicates inside a subquery (PostgreSQL, DuckDB, H2), so row-policy subqueries get it.
     */
    public boolean fencesWithOffset() {
        return this == POSTGRESQL || this == DUCKDB || this == H2;
    }

    /** True when Sextant can run queries on this kind of warehouse (else it only exports SQL). */
    public boolean executable() {
        return executable;
    }

    /** The target for a warehouse kind as {@code Warehouse.kindOf} reports it (mariadb is MySQL). */
    public static Optional<SqlTarget> forWarehouseKind(String kind) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "postgresql", "postgres", "pgsql" -> Optional.of(POSTGRESQL);
            case "duckdb" -> Optional.of(DUCKDB);
            case "mysql", "mariadb" -> Optional.of(MYSQL);
            case "h2" -> Optional.of(H2);
            case "sqlite" -> Optional.of(SQLITE);
            default -> Optional.empty();
        };
    }

    /** Parses a target name case-insensitively ({@code postgresql}, {@code trino}, ...). */
    public static Optional<SqlTarget> named(String name) {
        for (SqlTarget target : values()) {
            if (target.name().equalsIgnoreCase(name)) {
                return Optional.of(target);
            }
        }
        return forWarehouseKind(name);
    }
}
