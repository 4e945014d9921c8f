package io.sextant.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.mariadb.jdbc.Driver;

/** The MySQL dialect on MariaDB (127.0.0.1:3306, root; override with SEXTANT_TEST_MARIADB_URL). */
class MariaDbRowPolicyTest extends RowPolicyContract {

    private static final String URL =
            System.getenv().getOrDefault("SEXTANT_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");

    @Override
    Connection full() throws SQLException {
        Connection connection = database("sextant_policy_full");
        // A server configured this way must not change how Sextant's sessions read literals.
        try (Statement s = connection.createStatement()) {
            s.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')");
        }
        return connection;
    }

    @Override
    Connection visibleOnly() throws SQLException {
        return database("sextant_policy_visible");
    }

    @Override
    SqlTarget target() {
        return SqlTarget.MYSQL;
    }

    @Override
    String schema() {
        return "sextant_policy_full";
    }

    @Override
    boolean supports(String shape) {
        // MariaDB has no LATERAL and no column names for VALUES, quotes names with backticks and
        // on Linux matches table names case-sensitively (the guard's output spells them right; the
        // original SQL run on the copy would not).
        return !shape.contains("LATERAL")
                && !shape.contains("VALUES (1)")
                && !shape.contains("\"orders\"")
                && !shape.contains("ORDERS");
    }

    private static Connection database(String name) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", System.getenv().getOrDefault("SEXTANT_TEST_MARIADB_USER", "root"));
        properties.setProperty("password", System.getenv().getOrDefault("SEXTANT_TEST_MARIADB_PASSWORD", ""));
        Connection connection = new Driver().connect(URL, properties);
        try (Statement s = connection.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
            s.execute("USE " + name);
        }
        return connection;
    }
}
