package io.sextant.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.access.RowPolicy;
import io.sextant.catalog.Warehouse;
import io.sextant.catalog.WarehouseIntrospector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Row policies hold in every query shape, on a real database: the guard's SQL run on the full
 * data must return exactly what the original SQL returns on a copy that holds only the rows the
 * principal may see. Each database runs the same shapes.
 */
abstract class RowPolicyContract {

    static final Principal EMEA_SALES = new Principal("elena", Set.of("sales"), Map.of("region", "EMEA"));

    static final Permissions PERMISSIONS = new Permissions(
            Map.of(),
            Map.of("customers.email", List.of("admins")),
            List.of(
                    new RowPolicy("orders", "region_cd = {region}", Set.of("sales"), Set.of()),
                    new RowPolicy(
                            "customers",
                            "region_id IN (SELECT region_id FROM regions WHERE region_cd = {region})",
                            Set.of("sales"),
                            Set.of())));

    static final List<String> SHAPES = List.of(
            "SELECT * FROM orders",
            "SELECT count(*) FROM orders",
            "SELECT region_cd, count(*) FROM orders GROUP BY region_cd",
            "SELECT * FROM orders WHERE region_cd = 'NA'",
            "SELECT * FROM orders WHERE region_cd <> 'EMEA' OR 1 = 1",
            "SELECT o.order_id, c.cust_nm FROM orders o JOIN customers c ON o.cust_id = c.cust_id",
            "SELECT c.cust_nm, o.order_id FROM customers c LEFT JOIN orders o ON o.cust_id = c.cust_id",
            "SELECT a.order_id, b.order_id FROM orders a JOIN orders b ON a.cust_id = b.cust_id AND a.order_id < b.order_id",
            "SELECT * FROM (SELECT * FROM orders) x",
            "SELECT * FROM (SELECT * FROM (SELECT order_id, region_cd FROM orders) a) b",
            "SELECT cust_nm FROM customers WHERE cust_id IN (SELECT cust_id FROM orders)",
            "SELECT cust_nm FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.cust_id = c.cust_id)",
            "SELECT cust_nm FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.cust_id = c.cust_id)",
            "SELECT cust_nm, (SELECT count(*) FROM orders o WHERE o.cust_id = c.cust_id) AS n FROM customers c",
            "SELECT * FROM orders WHERE amount > (SELECT avg(amount) FROM orders)",
            "WITH x AS (SELECT * FROM orders) SELECT count(*) FROM x",
            "WITH big AS (SELECT * FROM orders WHERE amount > 50) SELECT * FROM big b JOIN orders o ON o.cust_id ="
                    + " b.cust_id",
            "WITH a AS (SELECT * FROM orders), b AS (SELECT cust_id, count(*) AS n FROM a GROUP BY cust_id)"
                    + " SELECT * FROM b",
            "SELECT order_id FROM orders WHERE amount > 100 UNION SELECT order_id FROM orders WHERE amount < 10",
            "SELECT region_cd FROM orders UNION ALL SELECT r.region_cd FROM customers c JOIN regions r"
                    + " ON c.region_id = r.region_id",
            "SELECT cust_id FROM customers EXCEPT SELECT cust_id FROM orders",
            "SELECT cust_id FROM customers INTERSECT SELECT cust_id FROM orders",
            "SELECT order_id, row_number() OVER (PARTITION BY cust_id ORDER BY order_id) AS rn FROM orders",
            "SELECT order_id, sum(amount) OVER () AS total FROM orders",
            "SELECT o.* FROM orders o",
            "SELECT min(amount), max(amount), avg(amount), sum(amount) FROM orders",
            "SELECT cust_id FROM orders GROUP BY cust_id HAVING count(*) > 1",
            "SELECT DISTINCT region_cd FROM orders",
            "SELECT CASE WHEN amount > 100 THEN 'big' ELSE 'small' END AS size, count(*) FROM orders"
                    + " GROUP BY CASE WHEN amount > 100 THEN 'big' ELSE 'small' END",
            "SELECT order_id FROM orders ORDER BY amount DESC LIMIT 5",
            "SELECT c.cust_id, x.n FROM customers c, LATERAL (SELECT count(*) AS n FROM orders o"
                    + " WHERE o.cust_id = c.cust_id) x",
            "SELECT r.region_cd, x.n FROM regions r LEFT JOIN (SELECT region_cd, count(*) AS n FROM orders"
                    + " GROUP BY region_cd) x ON x.region_cd = r.region_cd",
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM orders WHERE region_cd = 'NA') THEN 'leak' ELSE 'ok' END AS r",
            "SELECT COUNT(*) FROM \"orders\"",
            "SELECT count(*) FROM ORDERS, Customers",
            "SELECT order_id FROM orders WHERE amount >= ALL (SELECT amount FROM orders)",
            "SELECT * FROM orders WHERE order_id IN (1, 2, 3, 4, 5, 6)",
            "SELECT o.order_id FROM orders o JOIN (VALUES (1), (2), (3), (4)) AS v(id) ON o.order_id = v.id",
            "SELECT c.cust_id, c.cust_nm, c.region_id FROM customers c",
            "SELECT * FROM orders o WHERE o.cust_id IN (SELECT c.cust_id FROM customers c WHERE c.region_id = 1)",
            "SELECT (SELECT max(order_id) FROM orders) AS m, (SELECT count(*) FROM customers) AS c");

    private Connection full;
    private Connection visible;

    /** A connection to the full data. */
    abstract Connection full() throws SQLException;

    /** A connection to a copy of the data with only the principal's rows. */
    abstract Connection visibleOnly() throws SQLException;

    abstract SqlTarget target();

    /** The schema name the full data is introspected under. */
    abstract String schema();

    /** False for query shapes the database cannot run at all (e.g. LATERAL in SQLite). */
    boolean supports(String shape) {
        return true;
    }

    @BeforeEach
    void load() throws SQLException {
        full = full();
        visible = visibleOnly();
        create(full, false);
        create(visible, true);
    }

    @AfterEach
    void close() throws SQLException {
        full.close();
        visible.close();
    }

    @Test
    void should_return_only_rows_the_policy_admits_in_every_query_shape() throws SQLException {
        // given
        GuardCatalog catalog = GuardCatalog.of(WarehouseIntrospector.introspect(full, schema()), target());
        SqlGuard guard = new SqlGuard(PERMISSIONS, 0, SqlGuard.DEFAULT_MAX_LENGTH);
        assertThat(SHAPES).hasSizeGreaterThanOrEqualTo(30);

        List<String> shapes = SHAPES.stream().filter(this::supports).toList();
        assertThat(shapes).hasSizeGreaterThanOrEqualTo(30);
        for (String shape : shapes) {
            // when
            SqlCheck check = guard.check(shape, EMEA_SALES, catalog);
            assertThat(check.errors()).as(shape).isEmpty();
            List<List<Object>> guarded = rows(full, check.checked().sql());
            List<List<Object>> allowed = rows(visible, shape);
            List<List<Object>> unguarded = rows(full, shape);

            // then
            assertThat(sorted(guarded))
                    .as(shape + "\n-> " + check.checked().sql())
                    .isEqualTo(sorted(allowed));
            if (!shape.contains("'NA'") && !shape.contains("EXCEPT") && !shape.contains("NOT EXISTS")) {
                assertThat(sorted(unguarded))
                        .as("the data must make the policy matter: " + shape)
                        .isNotEqualTo(sorted(allowed));
            }
        }
    }

    @Test
    void should_leave_unrestricted_principals_unfiltered() throws SQLException {
        GuardCatalog catalog = GuardCatalog.of(WarehouseIntrospector.introspect(full, schema()), target());
        SqlGuard guard = new SqlGuard(PERMISSIONS, 0, SqlGuard.DEFAULT_MAX_LENGTH);
        Principal analyst = new Principal("noah", Set.of("analysts"), Map.of("region", "NA"));
        String sql = guard.check("SELECT count(*) FROM orders", analyst, catalog)
                .checked()
                .sql();
        assertThat(rows(full, sql)).containsExactly(List.of("200"));
    }

    /** Values whose quoting databases disagree on: each must come back exactly as written. */
    static final List<String> HOSTILE_LITERALS = List.of(
            "\\",
            "'",
            "\\'",
            "\\\\'",
            "x\\",
            "\\\\",
            "''",
            "a\nb",
            "a\r\nb",
            "tab\there",
            "é漢字🙂",
            "\\n\\t\\0",
            "%_\\%\\_",
            "-- not a comment",
            "/* not a comment */",
            "\\' OR 1=1 -- ",
            "\"quoted\"",
            "`backtick`",
            "$$dollar$$",
            "E'x'",
            "\\x27",
            "?");

    @Test
    void should_run_every_literal_as_exactly_the_value_the_guard_read() throws SQLException {
        GuardCatalog catalog = GuardCatalog.of(WarehouseIntrospector.introspect(full, schema()), target());
        SqlGuard guard = new SqlGuard(PERMISSIONS, 0, SqlGuard.DEFAULT_MAX_LENGTH);
        asSextantRunsIt(full);

        for (String value : HOSTILE_LITERALS) {
            String sql = "SELECT '" + value.replace("'", "''") + "' AS v FROM customers WHERE cust_id = 1";
            SqlCheck check = guard.check(sql, EMEA_SALES, catalog);
            assertThat(check.errors()).as(sql).isEmpty();

            assertThat(rows(full, check.checked().sql()))
                    .as(value + " -> " + check.checked().sql())
                    .containsExactly(java.util.Collections.singletonList(value));
        }
        assertThat(guard.check("SELECT 'a\0b' AS v FROM customers", EMEA_SALES, catalog)
                        .accepted())
                .as("NUL in a literal")
                .isFalse();
    }

    /** Predicates that fail only on rows outside EMEA: an error at all would tell they exist. */
    static final List<String> BIT_ORACLES = List.of(
            "SELECT * FROM orders WHERE 1 / (CASE WHEN region_cd = 'NA' THEN 0 ELSE 1 END) = 1",
            "SELECT * FROM orders WHERE order_id = 5 AND CAST('zz' || CAST(amount AS VARCHAR(20)) AS INTEGER) = 0",
            "SELECT * FROM customers WHERE cust_id = 2 AND 1 / (cust_id - 2) = 0",
            "SELECT CASE WHEN region_cd = 'APAC' THEN CAST(region_cd AS INTEGER) ELSE 0 END AS x FROM orders",
            "SELECT sum(CASE WHEN region_cd <> 'EMEA' THEN 1 / (order_id - order_id) ELSE 1 END) AS s FROM orders",
            "SELECT o.order_id FROM orders o JOIN customers c ON o.cust_id = c.cust_id"
                    + " WHERE c.region_id = 1 AND CAST('zz' || c.cust_nm AS INTEGER) = 0",
            "SELECT * FROM orders WHERE order_id IN (SELECT order_id FROM orders WHERE region_cd = 'NA'"
                    + " AND CAST('zz' || region_cd AS INTEGER) = 0)",
            "SELECT * FROM orders WHERE region_cd = 'NA' AND CAST(amount * 1e30 AS INTEGER) > 0",
            "SELECT count(*) FROM orders WHERE CASE WHEN region_cd = 'NA' THEN CAST('2024-13-' || CAST(order_id AS VARCHAR(10)) AS DATE)"
                    + " ELSE DATE '2024-01-01' END > DATE '2000-01-01'",
            "SELECT * FROM (SELECT * FROM orders) x WHERE 1 / (CASE WHEN x.region_cd = 'APAC' THEN 0 ELSE 1 END) = 1");

    /** Predicates that fail on every row: the error may quote a value, which must be one the caller may read. */
    static final List<String> VALUE_ORACLES = List.of(
            "SELECT * FROM orders WHERE CAST('zz' || region_cd AS INTEGER) = 0",
            "SELECT * FROM customers WHERE CAST('zz' || cust_nm AS INTEGER) = 0",
            "SELECT * FROM orders WHERE CAST('zz' || CAST(amount AS VARCHAR(20)) AS INTEGER) = 0",
            "SELECT sum(CAST('zz' || region_cd AS INTEGER)) AS s FROM orders");

    /**
     * PostgreSQL, DuckDB and H2 pass thanks to the OFFSET 0 fence; MariaDB and SQLite, which get
     * none, pass because their SELECTs turn these failures into NULLs or warnings.
     */
    @Test
    void should_not_let_warehouse_errors_reveal_rows_outside_the_policy() throws SQLException {
        GuardCatalog catalog = GuardCatalog.of(WarehouseIntrospector.introspect(full, schema()), target());
        SqlGuard guard = new SqlGuard(PERMISSIONS, 0, SqlGuard.DEFAULT_MAX_LENGTH);
        Set<String> hidden = new java.util.HashSet<>();
        for (String table : List.of("orders", "customers")) {
            Set<String> visibleValues = new java.util.HashSet<>();
            rows(visible, "SELECT * FROM " + table).forEach(r -> r.forEach(v -> visibleValues.add(String.valueOf(v))));
            rows(full, "SELECT * FROM " + table)
                    .forEach(r -> r.forEach(v -> {
                        if (!visibleValues.contains(String.valueOf(v))) {
                            hidden.add(String.valueOf(v));
                        }
                    }));
        }
        assertThat(hidden).contains("NA", "APAC", "customer 2");

        for (String sql : BIT_ORACLES.stream().filter(this::supports).toList()) {
            SqlCheck check = guard.check(sql, EMEA_SALES, catalog);
            assertThat(check.errors()).as(sql).isEmpty();
            assertThatCode(() -> rows(full, check.checked().sql()))
                    .as("an error here tells rows outside the policy exist: "
                            + check.checked().sql())
                    .doesNotThrowAnyException();
        }
        for (String sql : VALUE_ORACLES) {
            SqlCheck check = guard.check(sql, EMEA_SALES, catalog);
            assertThat(check.errors()).as(sql).isEmpty();
            try {
                rows(full, check.checked().sql());
            } catch (SQLException e) {
                String text = String.valueOf(e.getMessage());
                for (String value : hidden) {
                    assertThat(text).as(sql).doesNotContain("zz" + value).doesNotContain("\"" + value + "\"");
                }
            }
        }
    }

    /** Applies the session settings Sextant's warehouse connections get. */
    private void asSextantRunsIt(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String setting : Warehouse.sessionSettings(target().name().toLowerCase(java.util.Locale.ROOT))) {
                s.execute(setting);
            }
        }
    }

    /** Literal pairs that would end early where a backslash escapes the closing quote. */
    static List<String> injectionVariants() {
        List<String> ends = List.of("x\\", "x\\\\\\", "\\", "x\\\\\\\\\\", "é\\");
        List<String> payloads = List.of(
                " OR cust_nm = ' UNION SELECT email FROM customers -- ",
                " OR 1=1 -- ",
                " UNION SELECT email FROM customers WHERE ''='",
                " OR email LIKE '%",
                ") OR (1=1",
                " UNION ALL SELECT CAST(region_id AS CHAR) FROM customers #");
        List<String> variants = new ArrayList<>();
        for (String end : ends) {
            for (String payload : payloads) {
                variants.add("SELECT cust_nm FROM customers WHERE cust_nm = '" + end + "' OR cust_nm = '"
                        + payload.replace("'", "''") + "'");
            }
        }
        return variants;
    }

    @Test
    void should_neutralise_backslash_injection_in_every_variant() throws SQLException {
        GuardCatalog catalog = GuardCatalog.of(WarehouseIntrospector.introspect(full, schema()), target());
        SqlGuard guard = new SqlGuard(PERMISSIONS, 0, SqlGuard.DEFAULT_MAX_LENGTH);
        asSextantRunsIt(full);
        List<String> variants = injectionVariants();
        assertThat(variants).hasSizeGreaterThanOrEqualTo(30);

        for (String sql : variants) {
            SqlCheck check = guard.check(sql, EMEA_SALES, catalog);
            assertThat(check.errors()).as(sql).isEmpty();
            // No customer has such a name: any row means the literal ended early and SQL ran.
            assertThat(rows(full, check.checked().sql()))
                    .as(sql + "\n-> " + check.checked().sql())
                    .isEmpty();
        }
        // The shape from the wild, with a name that exists: only that EMEA customer comes back.
        SqlCheck found = guard.check(
                "SELECT cust_nm FROM customers WHERE cust_nm = 'customer 1' OR cust_nm = 'x\\' OR cust_nm ="
                        + " ' UNION SELECT email FROM customers -- '",
                EMEA_SALES,
                catalog);
        assertThat(rows(full, found.checked().sql())).containsExactly(List.of("customer 1"));
    }

    private static void create(Connection connection, boolean emeaOnly) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(
                    "CREATE TABLE regions (region_id INTEGER PRIMARY KEY, region_cd VARCHAR(8), region_nm VARCHAR(40))");
            s.execute("CREATE TABLE customers (cust_id INTEGER PRIMARY KEY, cust_nm VARCHAR(40), region_id INTEGER,"
                    + " email VARCHAR(80))");
            s.execute("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, cust_id INTEGER, region_cd VARCHAR(8),"
                    + " amount DECIMAL(10,2))");
            s.execute(
                    "INSERT INTO regions VALUES (1, 'NA', 'North America'), (2, 'EMEA', 'Europe'), (3, 'APAC', 'Asia')");
            for (int c = 1; c <= 30; c++) {
                int region = c % 3 + 1;
                if (!emeaOnly || region == 2) {
                    s.execute("INSERT INTO customers VALUES (" + c + ", 'customer " + c + "', " + region + ", 'c" + c
                            + "@example.com')");
                }
            }
            String[] codes = {"NA", "EMEA", "APAC"};
            for (int o = 1; o <= 200; o++) {
                String region = codes[(o * 7) % 3];
                if (!emeaOnly || region.equals("EMEA")) {
                    s.execute("INSERT INTO orders VALUES (" + o + ", " + ((o * 13) % 30 + 1) + ", '" + region + "', "
                            + (o * 1.25 + (o % 7) * 3) + ")");
                }
            }
        }
    }

    static List<List<Object>> rows(Connection connection, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof Number number) {
                        v = new BigDecimal(number.toString())
                                .setScale(4, RoundingMode.HALF_UP)
                                .stripTrailingZeros()
                                .toPlainString();
                    }
                    row.add(v == null ? null : v.toString());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<String> sorted(List<List<Object>> rows) {
        return rows.stream().map(Object::toString).sorted().toList();
    }
}
