package io.sextant;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * Opens DuckDB files in tests through the driver itself: after a Quarkus test has run in the
 * same JVM, {@code DriverManager} may no longer see the driver from the test class loader.
 */
public final class DuckDbFiles {

    private DuckDbFiles() {}

    public static Connection open(Path file) throws SQLException {
        return new DuckDBDriver().connect("jdbc:duckdb:" + file.toAbsolutePath(), new Properties());
    }

    public static Connection openReadOnly(Path file) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        return new DuckDBDriver().connect("jdbc:duckdb:" + file.toAbsolutePath(), properties);
    }
}
