package io.sextant.catalog;

import io.sextant.SextantException;
import io.sextant.StorageConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.jboss.logging.Logger;

/**
 * The warehouse the SQL runs on: the embedded Acme demo (a DuckDB file in the data directory)
 * unless {@code sextant.warehouse.url} names another JDBC source. Every connection it hands out
 * is read-only.
 */
@ApplicationScoped
public class Warehouse {

    /** Where the embedded demo warehouse lives, relative to the data directory. */
    public static final Path EMBEDDED_FILE = Path.of("warehouse", "acme.duckdb");

    private static final Logger LOG = Logger.getLogger(Warehouse.class);

    private final WarehouseConfig config;
    private final String url;
    private final boolean embedded;
    private final String kind;
    private final Path duckDbFile;
    private DuckDBConnection duckDbRoot;

    Warehouse(WarehouseConfig config, StorageConfig storage) {
        this.config = config;
        this.embedded = config.url().isEmpty();
        this.url = config.url()
                .orElseGet(() -> "jdbc:duckdb:"
                        + storage.dataDir()
                                .resolve(EMBEDDED_FILE)
                                .toAbsolutePath()
                                .normalize());
        this.kind = kindOf(url);
        this.duckDbFile = "duckdb".equals(kind) ? Path.of(url.substring("jdbc:duckdb:".length())) : null;
    }

    /** The database product behind a JDBC URL: duckdb, postgresql, h2, mysql, mariadb, ... */
    public static String kindOf(String jdbcUrl) {
        String rest = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring(5) : jdbcUrl;
        int colon = rest.indexOf(':');
        return (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    /** True when this is the embedded demo warehouse generated in the data directory. */
    public boolean embedded() {
        return embedded;
    }

    public String kind() {
        return kind;
    }

    /** The JDBC URL without credentials, safe to show to admins. */
    public String displayUrl() {
        return url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=***");
    }

    /**
     * The warehouse's database name as clients of the PostgreSQL protocol name it: the file name of
     * an embedded database without its extension, else the last part of the JDBC URL's path.
     */
    public String databaseName() {
        String rest = url.substring(url.indexOf(':') + 1);
        rest = rest.substring(rest.indexOf(':') + 1);
        int end = rest.length();
        for (char c : new char[] {'?', ';'}) {
            int at = rest.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String path = rest.substring(0, end);
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf(':')) + 1);
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
    }

    /** The schema that introspection and the semantic model refer to. */
    public String schema() {
        return config.schema().orElseGet(() -> switch (kind) {
            case "duckdb" -> "main";
            case "postgresql" -> "public";
            case "h2" -> "PUBLIC";
            default -> null;
        });
    }

    /**
     * Opens a read-only connection. The caller closes it.
     *
     * @throws SextantException {@code warehouse-unavailable} when the warehouse cannot be reached
     */
    public Connection connect() {
        try {
            if (duckDbFile != null) {
                return duckDbRoot().duplicate();
            }
            Connection connection = DriverManager.getConnection(
                    url, config.username().orElse(null), config.password().orElse(null));
            makeReadOnly(connection);
            return connection;
        } catch (SQLException e) {
            throw new SextantException(
                    SextantException.Kind.UNAVAILABLE,
                    "warehouse-unavailable",
                    "The warehouse at " + displayUrl() + " cannot be reached: " + e.getMessage(),
                    e);
        }
    }

    /** Reads the tables and columns of {@link #schema()}. */
    public WarehouseSchema introspect() {
        try (Connection connection = connect()) {
            String schema = schema() != null ? schema() : connection.getSchema();
            return WarehouseIntrospector.introspect(connection, schema);
        } catch (SQLException e) {
            throw new SextantException(
                    SextantException.Kind.UNAVAILABLE,
                    "warehouse-unavailable",
                    "Reading the warehouse schema failed: " + e.getMessage(),
                    e);
        }
    }

    /** Counts the rows of an introspected table (the name must come from {@link #introspect()}). */
    public long rowCount(String schema, String table) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            String quote = connection.getMetaData().getIdentifierQuoteString().trim();
            statement.setQueryTimeout((int) Math.max(1, config.probeTimeout().toSeconds()));
            String sql = "SELECT count(*) FROM " + quoted(schema, quote) + "." + quoted(table, quote);
            try (ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new SextantException(
                    SextantException.Kind.UNAVAILABLE,
                    "warehouse-unavailable",
                    "Counting rows of " + table + " failed: " + e.getMessage(),
                    e);
        }
    }

    /**
     * The distinct non-null values of a column (names from {@link #introspect()}), as text, or
     * empty when it has more than {@code limit} (not a small vocabulary).
     */
    public java.util.Optional<List<String>> distinctValues(String schema, String table, String column, int limit) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            String quote = connection.getMetaData().getIdentifierQuoteString().trim();
            statement.setQueryTimeout((int) Math.max(1, config.probeTimeout().toSeconds()));
            String c = quoted(column, quote);
            String sql = "SELECT DISTINCT " + c + " FROM " + quoted(schema, quote) + "." + quoted(table, quote)
                    + " WHERE " + c + " IS NOT NULL LIMIT " + (limit + 1);
            List<String> values = new java.util.ArrayList<>();
            try (ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values.size() > limit ? java.util.Optional.empty() : java.util.Optional.of(values);
        } catch (SQLException e) {
            throw new SextantException(
                    SextantException.Kind.UNAVAILABLE,
                    "warehouse-unavailable",
                    "Reading the values of " + table + "." + column + " failed: " + e.getMessage(),
                    e);
        }
    }

    /** Checks the warehouse answers within the probe timeout. */
    public boolean ping() {
        try (Connection connection = connect()) {
            return connection.isValid((int) Math.max(1, config.probeTimeout().toSeconds()));
        } catch (SQLException | SextantException e) {
            return false;
        }
    }

    /**
     * Makes the session read-only and makes it read string literals the way the guard renders
     * them. {@code setReadOnly} alone is a hint that drivers apply only inside explicit
     * transactions (PostgreSQL) or ignore, so the session default is set as well where the
     * database has one. PostgreSQL gets {@code standard_conforming_strings} on (a backslash is a
     * character); MySQL/MariaDB get NO_BACKSLASH_ESCAPES off, whatever the server's default,
     * because the guard's MySQL dialect writes a backslash as {@code \\}.
     */
    private void makeReadOnly(Connection connection) throws SQLException {
        prepareSession(connection, kind);
    }

    /** Sets up a warehouse session as Sextant runs statements in it (see {@link #makeReadOnly}). */
    public static void prepareSession(Connection connection, String kind) throws SQLException {
        connection.setReadOnly(true);
        try (Statement s = connection.createStatement()) {
            for (String statement : sessionSettings(kind)) {
                s.execute(statement);
            }
        }
    }

    /** The statements that set a new session of this kind of database up (after setReadOnly). */
    public static List<String> sessionSettings(String kind) {
        return switch (kind) {
            case "postgresql" ->
                List.of("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", "SET standard_conforming_strings = on");
            case "mysql", "mariadb" ->
                List.of(
                        "SET SESSION TRANSACTION READ ONLY",
                        "SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','),"
                                + " ',NO_BACKSLASH_ESCAPES,', ','))");
            default -> List.of();
        };
    }

    private static String quoted(String identifier, String quote) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    private synchronized DuckDBConnection duckDbRoot() throws SQLException {
        if (duckDbRoot == null || duckDbRoot.isClosed()) {
            if (!Files.exists(duckDbFile)) {
                throw new SQLException("the DuckDB file "
                        + duckDbFile
                        + " does not exist (enable sextant.demo.enabled to generate the Acme demo,"
                        + " or set sextant.warehouse.url)");
            }
            Properties properties = new Properties();
            properties.setProperty("duckdb.read_only", "true");
            // Bounded and sealed: no files, extensions or network from SQL, and no SET that undoes it.
            properties.setProperty("memory_limit", config.duckdbMemoryLimit());
            properties.setProperty("threads", Integer.toString(config.duckdbThreads()));
            properties.setProperty("enable_external_access", "false");
            properties.setProperty("autoinstall_known_extensions", "false");
            properties.setProperty("autoload_known_extensions", "false");
            properties.setProperty("jdbc_stream_results", "true");
            properties.setProperty("lock_configuration", "true");
            duckDbRoot = (DuckDBConnection) new DuckDBDriver().connect(url, properties);
            LOG.infof(
                    "Opened DuckDB warehouse %s read-only (memory limit %s, %d threads, no external access)",
                    duckDbFile, config.duckdbMemoryLimit(), config.duckdbThreads());
        }
        return duckDbRoot;
    }

    @PreDestroy
    synchronized void close() {
        if (duckDbRoot != null) {
            try {
                duckDbRoot.close();
            } catch (SQLException e) {
                LOG.warn("Closing the DuckDB warehouse failed", e);
            }
            duckDbRoot = null;
        }
    }
}
