package io.sextant;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The PostgreSQL server the tests use (see {@code .ci/provision-postgres.sh}). These tests never
 * skip: without PostgreSQL they fail and say how to provide it.
 */
public final class PostgresTestDatabase {

    private PostgresTestDatabase() {}

    public static String url() {
        return env("SEXTANT_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static String user() {
        return env("SEXTANT_TEST_PG_USER", "postgres");
    }

    public static String password() {
        return env("SEXTANT_TEST_PG_PASSWORD", "");
    }

    /** A non-pooling data source for the test database. */
    public static javax.sql.DataSource dataSource() {
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setURL(url());
        dataSource.setUser(user());
        dataSource.setPassword(password());
        return dataSource;
    }

    public static Connection connect() throws SQLException {
        try {
            java.util.Properties properties = new java.util.Properties();
            properties.setProperty("user", user());
            properties.setProperty("password", password());
            return new org.postgresql.Driver().connect(url(), properties);
        } catch (SQLException e) {
            throw new SQLException(
                    "PostgreSQL for the tests is not reachable at " + url()
                            + " (run .ci/provision-postgres.sh, or set SEXTANT_TEST_PG_URL/USER/PASSWORD): "
                            + e.getMessage(),
                    e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Drops a schema and everything in it, so a test starts from nothing. */
    public static void dropSchema(String schema) {
        try (Connection c = connect();
                java.sql.Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
