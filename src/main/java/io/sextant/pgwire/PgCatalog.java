package io.sextant.pgwire;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The emulated {@code pg_catalog} and {@code information_schema} of one view of the warehouse:
 * an in-memory H2 database holding real catalog tables with the rows of exactly the tables and
 * columns a caller may see, in which catalog queries run. Callers who see the same objects share
 * one database. Queries run as a user of that database who may only read (H2 refuses it file
 * access, DDL and writes), with a timeout and a row limit.
 */
final class PgCatalog {

    private static final Logger LOG = Logger.getLogger(PgCatalog.class);

    static final long PG_CATALOG_OID = 11;
    static final long SCHEMA_OID = 2200;
    static final long INFORMATION_SCHEMA_OID = 13_000;
    static final long ROLE_OID = 10;
    static final long DATABASE_OID = 16_380;
    static final long PG_CLASS_OID = 1259;
    static final long FIRST_TABLE_OID = 16_384;
    static final long FIRST_PROC_OID = 6_000;

    /** The catalog's definition ({@code /pgwire/catalog.sql}), read once. */
    static final String SCRIPT = script();

    /** Its statements but the first (the schema {@link Database} creates before its functions). */
    private static final List<String> SCRIPT_STATEMENTS = java.util.Arrays.stream(SCRIPT.split(";\\s*\n"))
            .map(statement -> statement
                    .lines()
                    .filter(l -> !l.trim().startsWith("--"))
                    .reduce("", (a, b) -> a + "\n" + b)
                    .trim())
            .filter(sql -> !sql.isEmpty() && !sql.equalsIgnoreCase("CREATE SCHEMA pg_catalog"))
            .toList();

    private static String script() {
        try (InputStream in = PgCatalog.class.getResourceAsStream("/pgwire/catalog.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("The catalog script /pgwire/catalog.sql is missing", e);
        }
    }

    /** A column as the caller sees it; the description is the semantic model's. */
    record Column(String name, PgType type, int typmod, boolean notNull, String description) {}

    /** A table as the caller sees it. */
    record Table(String name, List<Column> columns, List<String> primaryKey, String description) {}

    /** Everything a caller's catalog shows: equal shapes share one database. */
    record Shape(String database, String schema, String user, List<Table> tables) {

        Shape {
            tables = List.copyOf(tables);
        }

        /** The OID of a table of this shape (stable for the shape), 0 when it has none. */
        int tableOid(String table) {
            for (int i = 0; i < tables.size(); i++) {
                if (tables.get(i).name().equalsIgnoreCase(table)) {
                    return (int) (FIRST_TABLE_OID + 2L * i);
                }
            }
            return 0;
        }
    }

    /** Rows of a catalog query. */
    record Rows(List<String> names, List<PgType> types, List<List<Object>> rows) {}

    private final Cache<Shape, Database> databases = Caffeine.newBuilder()
            .maximumSize(64)
            .expireAfterAccess(Duration.ofMinutes(30))
            .removalListener((Shape shape, Database db, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                if (db != null) {
                    db.close();
                }
            })
            .build();

    private final Duration timeout;
    private final int maxRows;

    PgCatalog(Duration timeout, int maxRows) {
        this.timeout = timeout;
        this.maxRows = maxRows;
    }

    /**
     * Runs a catalog query (already rewritten by {@link CatalogSql}) against the caller's catalog.
     *
     * @throws SQLException when the catalog database refuses or fails the query
     */
    Rows query(Shape shape, String sql) throws SQLException {
        Database db = databases.get(shape, Database::new);
        try (Connection c = db.reader();
                Statement st = c.createStatement()) {
            st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            st.setMaxRows(maxRows);
            try (ResultSet rs = st.executeQuery(sql)) {
                ResultSetMetaData meta = rs.getMetaData();
                int n = meta.getColumnCount();
                List<String> names = new ArrayList<>(n);
                List<PgType> types = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    names.add(meta.getColumnLabel(i));
                    types.add(PgType.ofJdbcType(meta.getColumnType(i), meta.getColumnTypeName(i)));
                }
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        row.add(v instanceof java.sql.Array a ? Arrays.asList((Object[]) a.getArray()) : v);
                    }
                    rows.add(row);
                }
                return new Rows(names, types, rows);
            }
        }
    }

    void close() {
        databases.invalidateAll();
        databases.cleanUp();
    }

    /** One shape's in-memory database: built once, kept open by its owner connection. */
    private static final class Database {

        private final String url;
        private final String password = UUID.randomUUID().toString();
        private final Connection owner;

        Database(Shape shape) {
            this.url =
                    "jdbc:h2:mem:pgcatalog-" + UUID.randomUUID() + ";DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            try {
                owner = DriverManager.getConnection(
                        url, "owner", UUID.randomUUID().toString());
                build(owner, shape);
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("Building the PostgreSQL catalog failed: " + e.getMessage(), e);
            }
        }

        Connection reader() throws SQLException {
            Connection c = DriverManager.getConnection(url, "reader", password);
            try (Statement st = c.createStatement()) {
                st.execute("SET SCHEMA pg_catalog");
                st.execute("SET SCHEMA_SEARCH_PATH pg_catalog, pg_information_schema");
            }
            return c;
        }

        void close() {
            try {
                owner.close();
            } catch (SQLException e) {
                LOG.debugf("Closing a catalog database failed: %s", e.getMessage());
            }
        }

        private void build(Connection c, Shape shape) throws SQLException, IOException {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA pg_catalog");
                for (String[] alias : CatalogFunctions.ALIASES) {
                    st.execute("CREATE ALIAS pg_catalog." + alias[0] + " FOR '" + CatalogFunctions.class.getName() + "."
                            + alias[1] + "'");
                }
                for (String sql : SCRIPT_STATEMENTS) {
                    st.execute(sql);
                }
                fill(c, shape);
                st.execute("CREATE USER reader PASSWORD '" + password + "'");
                st.execute("GRANT SELECT ON SCHEMA pg_catalog TO reader");
                st.execute("GRANT SELECT ON SCHEMA pg_information_schema TO reader");
            }
        }

        private static void fill(Connection c, Shape shape) throws SQLException {
            insert(
                    c,
                    "pg_namespace",
                    List.of(
                            new Object[] {PG_CATALOG_OID, "pg_catalog", ROLE_OID, null},
                            new Object[] {SCHEMA_OID, shape.schema(), ROLE_OID, null},
                            new Object[] {INFORMATION_SCHEMA_OID, "information_schema", ROLE_OID, null}));
            insert(c, "pg_database", List.<Object[]>of(new Object[] {
                DATABASE_OID,
                shape.database(),
                ROLE_OID,
                6,
                "c",
                false,
                true,
                -1,
                0L,
                0L,
                1663L,
                "C.UTF-8",
                "C.UTF-8",
                null,
                null,
                null,
                null
            }));
            insert(c, "pg_roles", List.<Object[]>of(new Object[] {
                ROLE_OID, shape.user(), false, true, false, false, true, false, -1, "********", null, false, null
            }));
            insert(c, "pg_user", List.<Object[]>of(new Object[] {
                shape.user(), ROLE_OID, false, false, false, false, "********", null, null
            }));
            insert(c, "pg_am", List.of(new Object[] {2L, "heap", "heap_tableam_handler", "t"}, new Object[] {
                403L, "btree", "bthandler", "i"
            }));
            insert(c, "pg_tablespace", List.of(new Object[] {1663L, "pg_default", ROLE_OID, null, null}, new Object[] {
                1664L, "pg_global", ROLE_OID, null, null
            }));
            insert(
                    c,
                    "pg_collation",
                    List.of(
                            new Object[] {
                                100L, "default", PG_CATALOG_OID, ROLE_OID, "d", true, -1, null, null, null, null, null
                            },
                            new Object[] {950L, "C", PG_CATALOG_OID, ROLE_OID, "c", true, -1, "C", "C", null, null, null
                            }));
            insert(
                    c,
                    "pg_language",
                    List.of(
                            new Object[] {12L, "internal", ROLE_OID, false, false, 0L, 0L, 0L, null},
                            new Object[] {13L, "c", ROLE_OID, false, false, 0L, 0L, 0L, null},
                            new Object[] {14L, "sql", ROLE_OID, false, true, 0L, 0L, 0L, null}));
            List<Object[]> types = new ArrayList<>();
            Map<String, Long> procs = new java.util.LinkedHashMap<>();
            for (PgType t : PgType.values()) {
                types.add(type(
                        procs, t.oid, t.typeName, t.length, t.category == 'P' ? "p" : "b", t.category, 0, t.arrayOid));
                if (t.arrayOid != 0 && PgType.byOid(t.arrayOid).isEmpty()) {
                    types.add(type(procs, t.arrayOid, "_" + t.typeName, -1, "b", 'A', t.oid, 0));
                }
            }
            insert(c, "pg_type", types);
            List<Object[]> functions = new ArrayList<>();
            procs.forEach((name, oid) -> functions.add(new Object[] {
                oid,
                name,
                PG_CATALOG_OID,
                ROLE_OID,
                12L,
                1f,
                0f,
                0L,
                null,
                "f",
                false,
                false,
                true,
                false,
                "i",
                "s",
                (short) 1,
                (short) 0,
                0L,
                "",
                null,
                null,
                null,
                null,
                null,
                name,
                null,
                null,
                null,
                null
            }));
            insert(c, "pg_proc", functions);

            List<Object[]> classes = new ArrayList<>();
            List<Object[]> attributes = new ArrayList<>();
            List<Object[]> descriptions = new ArrayList<>();
            List<Object[]> indexes = new ArrayList<>();
            List<Object[]> constraints = new ArrayList<>();
            for (Table table : shape.tables()) {
                long oid = shape.tableOid(table.name());
                boolean keyed = !table.primaryKey().isEmpty();
                classes.add(relation(oid, table.name(), "r", table.columns().size(), keyed, 2L));
                if (table.description() != null) {
                    descriptions.add(new Object[] {oid, PG_CLASS_OID, 0, table.description()});
                }
                List<Short> key = new ArrayList<>();
                for (int i = 0; i < table.columns().size(); i++) {
                    Column col = table.columns().get(i);
                    short attnum = (short) (i + 1);
                    boolean inKey = table.primaryKey().stream().anyMatch(k -> k.equalsIgnoreCase(col.name()));
                    if (inKey) {
                        key.add(attnum);
                    }
                    attributes.add(new Object[] {
                        oid,
                        col.name(),
                        (long) col.type().oid,
                        -1,
                        (short) col.type().length,
                        attnum,
                        0,
                        -1,
                        col.typmod(),
                        col.type().length > 0 && col.type().length <= 8,
                        "i",
                        "p",
                        "",
                        col.notNull() || inKey,
                        false,
                        false,
                        "",
                        "",
                        false,
                        true,
                        0,
                        col.type().category == 'S' ? 100L : 0L,
                        null,
                        null,
                        null,
                        null
                    });
                    if (col.description() != null) {
                        descriptions.add(new Object[] {oid, PG_CLASS_OID, (int) attnum, col.description()});
                    }
                }
                if (keyed && !key.isEmpty()) {
                    long index = oid + 1;
                    String name = table.name() + "_pkey";
                    classes.add(relation(index, name, "i", key.size(), false, 403L));
                    indexes.add(new Object[] {
                        index,
                        oid,
                        (short) key.size(),
                        (short) key.size(),
                        true,
                        false,
                        true,
                        false,
                        true,
                        false,
                        true,
                        false,
                        true,
                        true,
                        false,
                        key.toArray(new Short[0]),
                        null,
                        null,
                        null,
                        null,
                        null
                    });
                    constraints.add(new Object[] {
                        index,
                        name,
                        SCHEMA_OID,
                        "p",
                        false,
                        false,
                        true,
                        oid,
                        0L,
                        index,
                        0L,
                        0L,
                        " ",
                        " ",
                        " ",
                        true,
                        0,
                        true,
                        key.toArray(new Short[0]),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null
                    });
                }
            }
            insert(c, "pg_class", classes);
            insert(c, "pg_attribute", attributes);
            insert(c, "pg_description", descriptions);
            insert(c, "pg_index", indexes);
            insert(c, "pg_constraint", constraints);
            List<Object[]> keyUsage = new ArrayList<>();
            for (Table table : shape.tables()) {
                for (int i = 0; i < table.primaryKey().size(); i++) {
                    keyUsage.add(new Object[] {
                        shape.database(),
                        shape.schema(),
                        table.name() + "_pkey",
                        shape.database(),
                        shape.schema(),
                        table.name(),
                        table.primaryKey().get(i),
                        i + 1,
                        null
                    });
                }
            }
            insert(c, "pg_information_schema.key_column_usage", keyUsage);
            List<Object[]> settings = new ArrayList<>();
            for (Map.Entry<String, String> s : Settings.DEFAULTS.entrySet()) {
                settings.add(new Object[] {
                    s.getKey(),
                    s.getValue(),
                    null,
                    "Sextant",
                    null,
                    null,
                    "user",
                    "string",
                    "default",
                    null,
                    null,
                    null,
                    s.getValue(),
                    s.getValue(),
                    null,
                    null,
                    false
                });
            }
            insert(c, "pg_settings", settings);
        }

        /**
         * A pg_type row; its input, output, receive and send functions are rows of pg_proc (arrays
         * share array_in, array_out, array_recv and array_send, which is how drivers tell arrays).
         */
        private static Object[] type(
                Map<String, Long> procs,
                int oid,
                String name,
                int length,
                String kind,
                char category,
                int element,
                int array) {
            String base = element != 0 ? "array_" : name;
            java.util.function.Function<String, Long> proc =
                    f -> procs.computeIfAbsent(f, k -> FIRST_PROC_OID + procs.size());
            return new Object[] {
                (long) oid,
                name,
                PG_CATALOG_OID,
                ROLE_OID,
                (short) length,
                length > 0 && length <= 8,
                kind,
                String.valueOf(category),
                false,
                true,
                ",",
                0L,
                null,
                (long) element,
                (long) array,
                proc.apply(base + "in"),
                proc.apply(base + "out"),
                proc.apply(base + "recv"),
                proc.apply(base + "send"),
                null,
                null,
                null,
                "i",
                "p",
                false,
                0L,
                -1,
                0,
                category == 'S' ? 100L : 0L,
                null,
                null,
                null
            };
        }

        private static Object[] relation(long oid, String name, String kind, int columns, boolean indexed, long am) {
            return new Object[] {
                oid,
                name,
                SCHEMA_OID,
                0L,
                0L,
                ROLE_OID,
                am,
                oid,
                0L,
                0,
                -1f,
                0,
                0L,
                indexed,
                false,
                "p",
                kind,
                (short) columns,
                (short) 0,
                false,
                false,
                false,
                false,
                false,
                true,
                "d",
                false,
                0L,
                0L,
                0L,
                null,
                null,
                null,
                false
            };
        }

        private static void insert(Connection c, String table, List<Object[]> rows) throws SQLException {
            if (rows.isEmpty()) {
                return;
            }
            int n = rows.getFirst().length;
            String marks = String.join(", ", java.util.Collections.nCopies(n, "?"));
            String qualified = table.contains(".") ? table : "pg_catalog." + table;
            try (PreparedStatement st = c.prepareStatement("INSERT INTO " + qualified + " VALUES (" + marks + ")")) {
                for (Object[] row : rows) {
                    for (int i = 0; i < n; i++) {
                        Object v = row[i];
                        if (v instanceof Object[] array) {
                            st.setArray(i + 1, c.createArrayOf("SMALLINT", array));
                        } else {
                            st.setObject(i + 1, v);
                        }
                    }
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
    }
}
