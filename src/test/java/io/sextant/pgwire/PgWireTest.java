package io.sextant.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real PostgreSQL clients against the endpoint: pgjdbc in this JVM, psql, psycopg2, psycopg 3 and
 * SQLAlchemy as processes. Every statement runs through the guard as the signed-in user: elena
 * (sales, EMEA) sees only EMEA rows and no salary column, in her results and in her catalog.
 */
@QuarkusTest
class PgWireTest {

    @Inject
    PgServer server;

    private Connection connect(String user) throws SQLException {
        return connect(user, new Properties());
    }

    private Connection connect(String user, Properties extra) throws SQLException {
        Properties p = new Properties();
        p.putAll(extra);
        p.setProperty("user", user);
        p.setProperty("password", "demo");
        p.setProperty("sslmode", "disable");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/acme", p);
    }

    private static List<String> column(ResultSet rs, String name) throws SQLException {
        List<String> values = new ArrayList<>();
        while (rs.next()) {
            values.add(rs.getString(name));
        }
        return values;
    }

    @Test
    void should_sign_in_with_the_users_password_and_apply_their_row_policy() throws SQLException {
        try (Connection c = connect("elena");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT region_cd FROM orders")) {
            assertThat(column(rs, "region_cd")).containsExactly("EMEA");
            assertThat(c.getMetaData().getDatabaseProductVersion()).startsWith("16.");
        }
        try (Connection c = connect("ada");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT region_cd FROM orders ORDER BY 1")) {
            assertThat(column(rs, "region_cd")).hasSizeGreaterThan(1);
        }
    }

    @Test
    void should_refuse_a_wrong_password_an_unknown_user_and_another_database() {
        assertThatThrownBy(() -> DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + server.port() + "/acme?sslmode=disable", "elena", "nope"))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThatThrownBy(() -> DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + server.port() + "/acme?sslmode=disable", "nobody", "demo"))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThatThrownBy(() -> DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?sslmode=disable", "elena", "demo"))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("3D000"));
    }

    @Test
    void should_accept_an_api_token_as_the_password_and_audit_each_statement() throws SQLException {
        String token = io.restassured.RestAssured.given()
                .auth()
                .preemptive()
                .basic("elena", "demo")
                .contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("name", "BI tool", "expiresInDays", 1))
                .post("/api/v1/me/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        Properties p = new Properties();
        p.setProperty("user", "elena");
        p.setProperty("password", token);
        p.setProperty("sslmode", "disable");
        String marker = "pgwire-audit-" + System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/acme", p);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT '" + marker + "' AS m, count(*) FROM orders")) {
            assertThat(rs.next()).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + server.port() + "/acme?sslmode=disable", "noah", token))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        String audit = io.restassured.RestAssured.given()
                .header("X-Sextant-User", "ada")
                .get("/api/v1/admin/audit?user=elena&kind=sql.execute&limit=50")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(audit).contains(marker).contains("pgwire").contains("region_cd");
    }

    @Test
    void should_show_in_the_metadata_only_what_the_user_may_read_with_the_models_descriptions() throws SQLException {
        try (Connection c = connect("elena")) {
            DatabaseMetaData md = c.getMetaData();
            List<String> tables = new ArrayList<>();
            List<String> remarks = new ArrayList<>();
            try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                    remarks.add(rs.getString("REMARKS"));
                }
            }
            assertThat(tables).contains("orders", "employees", "customers");
            assertThat(remarks).anyMatch(r -> r != null && !r.isBlank());
            List<String> columns;
            try (ResultSet rs = md.getColumns(null, null, "employees", "%")) {
                columns = column(rs, "COLUMN_NAME");
            }
            assertThat(columns).contains("emp_id", "hire_dt").doesNotContain("annual_salary");
            try (ResultSet rs = md.getColumns(null, null, "orders", "order_dt")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("DATA_TYPE")).isEqualTo(java.sql.Types.DATE);
            }
            try (ResultSet rs = md.getPrimaryKeys(null, null, "orders")) {
                assertThat(column(rs, "COLUMN_NAME")).containsExactly("order_id");
            }
        }
        try (Connection c = connect("hana");
                ResultSet rs = c.getMetaData().getColumns(null, null, "employees", "annual_salary")) {
            assertThat(rs.next()).as("hr may read salaries").isTrue();
        }
    }

    @Test
    void should_bind_parameters_of_each_type_in_text_and_binary() throws SQLException {
        Properties binary = new Properties();
        binary.setProperty("prepareThreshold", "1");
        binary.setProperty("binaryTransfer", "true");
        for (Properties mode : List.of(new Properties(), binary)) {
            try (Connection c = connect("ada", mode);
                    PreparedStatement ps = c.prepareStatement("SELECT order_id, order_dt, region_cd, is_del, cust_id"
                            + " FROM orders WHERE order_id > ? AND cust_id > ? AND order_dt >= ? AND region_cd = ?"
                            + " AND is_del = ? AND order_id < ? ORDER BY order_id LIMIT 3")) {
                for (int round = 0; round < 3; round++) {
                    ps.setLong(1, 1_000_000L);
                    ps.setInt(2, 0);
                    ps.setDate(3, java.sql.Date.valueOf("2024-01-01"));
                    ps.setString(4, "EMEA");
                    ps.setBoolean(5, false);
                    ps.setBigDecimal(6, new BigDecimal("99999999.5"));
                    try (ResultSet rs = ps.executeQuery()) {
                        int n = 0;
                        while (rs.next()) {
                            n++;
                            assertThat(rs.getLong(1)).isGreaterThan(1_000_000L);
                            assertThat(rs.getDate(2).toLocalDate()).isAfterOrEqualTo(LocalDate.of(2024, 1, 1));
                            assertThat(rs.getString(3)).isEqualTo("EMEA");
                            assertThat(rs.getBoolean(4)).isFalse();
                        }
                        assertThat(n).isEqualTo(3);
                    }
                }
            }
            try (Connection c = connect("ada", mode);
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT unit_price, qty FROM order_items WHERE unit_price > ? AND qty >= ? LIMIT 2")) {
                for (int round = 0; round < 3; round++) {
                    ps.setDouble(1, 1.25);
                    ps.setShort(2, (short) 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getBigDecimal(1)).isGreaterThan(new BigDecimal("1.25"));
                    }
                }
            }
            try (Connection c = connect("ada", mode);
                    PreparedStatement ps = c.prepareStatement("SELECT ? AS t, ? AS ts, ? AS d")) {
                for (int round = 0; round < 3; round++) {
                    ps.setString(1, "it's");
                    ps.setTimestamp(2, Timestamp.valueOf("2025-03-04 05:06:07"));
                    ps.setDouble(3, 2.5);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("it's");
                        assertThat(rs.getTimestamp(2)).isEqualTo(Timestamp.valueOf("2025-03-04 05:06:07"));
                        assertThat(rs.getDouble(3)).isEqualTo(2.5);
                    }
                }
            }
        }
    }

    @Test
    void should_never_let_a_parameter_become_sql() throws SQLException {
        try (Connection c = connect("elena");
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM orders WHERE region_cd = ?")) {
            ps.setString(1, "EMEA' OR '1'='1");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            ps.setString(1, "x'; DELETE FROM orders; --");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
        try (Connection c = connect("elena");
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM orders WHERE order_id > ?::int")) {
            ps.setString(1, "1 OR 1=1");
            assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void should_fetch_a_large_result_in_pages_through_a_portal() throws SQLException {
        try (Connection c = connect("ada")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(7);
                try (ResultSet rs = s.executeQuery("SELECT order_id FROM orders ORDER BY order_id LIMIT 50")) {
                    Set<Long> ids = new HashSet<>();
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                    assertThat(ids).hasSize(50);
                }
            }
            c.commit();
        }
    }

    @Test
    void should_refuse_what_the_guard_refuses_with_its_sqlstate_and_keep_the_connection() throws SQLException {
        try (Connection c = connect("elena");
                Statement s = c.createStatement()) {
            assertSqlState(() -> s.executeQuery("DELETE FROM orders"), "0A000");
            assertSqlState(() -> s.executeQuery("SELECT annual_salary FROM employees"), "42703");
            assertSqlState(() -> s.executeQuery("SELECT * FROM no_such_table"), "42P01");
            assertSqlState(() -> s.executeQuery("SELEC 1"), "42601");
            assertSqlState(() -> s.executeQuery("DROP TABLE orders"), "0A000");
            assertSqlState(() -> s.executeQuery("SELECT * FROM orders o JOIN pg_class c ON true"), "42P01");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void should_keep_a_failed_transaction_failed_until_it_ends() throws SQLException {
        try (Connection c = connect("elena")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                assertSqlState(() -> s.executeQuery("SELECT nope FROM orders"), "42703");
                assertSqlState(() -> s.executeQuery("SELECT 1"), "25P02");
                c.rollback();
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM regions")) {
                    assertThat(rs.next()).isTrue();
                }
            }
            c.commit();
        }
    }

    @Test
    void should_answer_session_statements_itself() throws SQLException {
        try (Connection c = connect("elena");
                Statement s = c.createStatement()) {
            s.execute("SET application_name = 'bi tool'");
            try (ResultSet rs = s.executeQuery("SHOW application_name")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("bi tool");
            }
            try (ResultSet rs = s.executeQuery("SELECT current_user, current_database(), current_schema()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("elena");
                assertThat(rs.getString(2)).isEqualTo("acme");
                assertThat(rs.getMetaData().getColumnLabel(2)).isEqualTo("current_database");
            }
            assertSqlState(() -> s.execute("SET client_encoding = 'LATIN1'"), "22023");
            assertSqlState(() -> s.execute("SET ROLE ada"), "42501");
            s.execute("BEGIN READ ONLY");
            s.execute("DECLARE c1 CURSOR FOR SELECT order_id FROM orders ORDER BY order_id LIMIT 10");
            try (ResultSet rs = s.executeQuery("FETCH 4 FROM c1")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(4);
            }
            try (ResultSet rs = s.executeQuery("FETCH ALL IN c1")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(6);
            }
            s.execute("CLOSE c1");
            s.execute("COMMIT");
            s.execute("-- ping");
            s.execute("DISCARD ALL");
        }
    }

    @Test
    void should_cancel_a_running_statement_at_once() throws Exception {
        try (Connection c = connect("ada");
                Statement s = c.createStatement()) {
            CompletableFuture<Long> cancelledAt = CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(1_000);
                    s.cancel();
                    return System.nanoTime();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertSqlState(
                    () -> s.executeQuery("SELECT sum(a.unit_price * b.unit_price) FROM order_items a, order_items b"
                            + " WHERE a.order_id - b.order_id > 5"),
                    "57014");
            long after = (System.nanoTime() - cancelledAt.get(5, TimeUnit.SECONDS)) / 1_000_000;
            assertThat(after).as("ms from cancel to the error").isLessThan(2_000);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void should_run_the_catalog_queries_bi_tools_send() throws Exception {
        String text = Files.readString(Path.of("src/test/resources/pgwire/client-catalog-queries.sql"));
        List<String> failures = new ArrayList<>();
        int run = 0;
        try (Connection c = connect("elena");
                Statement s = c.createStatement()) {
            for (String block : text.split("\n;\n")) {
                String sql = block.lines()
                        .filter(l -> !l.startsWith("--"))
                        .reduce("", (a, b) -> a + b + "\n")
                        .trim();
                // a block of comments only is Grafana's ping, an empty query
                sql = sql.isEmpty() ? block.trim() : sql;
                run++;
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    failures.add(e.getMessage() + "\n    in: "
                            + sql.lines().findFirst().orElse(""));
                }
            }
            assertThat(failures).isEmpty();
            assertThat(run).isGreaterThan(20);
            // consistent and permission-filtered: Metabase's table list, Grafana's columns
            try (ResultSet rs = s.executeQuery(
                    "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                            + " WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY 1")) {
                List<String> viaPgClass = column(rs, "relname");
                try (ResultSet is = s.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = current_schema() ORDER BY 1")) {
                    assertThat(column(is, "table_name")).isEqualTo(viaPgClass);
                }
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT column_name FROM information_schema.columns" + " WHERE table_name = 'employees'")) {
                assertThat(column(rs, "column_name")).contains("emp_id").doesNotContain("annual_salary");
            }
        }
    }

    @Test
    void should_keep_the_catalog_read_only_and_away_from_files() throws SQLException {
        try (Connection c = connect("elena");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("SELECT file_read('/etc/passwd') FROM pg_catalog.pg_class"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.execute("SELECT * FROM pg_catalog.pg_class, csvread('/etc/passwd')"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.execute("DELETE FROM pg_catalog.pg_class"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.execute("CREATE ALIAS x FOR 'java.lang.System.exit'"))
                    .isInstanceOf(SQLException.class);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_catalog.pg_class WHERE relkind = 'r'")) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThan(5);
            }
        }
    }

    @Test
    void should_work_with_psql() throws Exception {
        String out = psql(
                "elena",
                "\\dt",
                "\\d orders",
                "\\d employees",
                "SELECT DISTINCT region_cd FROM orders",
                "SELECT annual_salary FROM employees",
                "DELETE FROM orders",
                "SELECT count(*) FROM regions",
                "SELECT count(*) > 0 AS ok FROM stores");
        assertThat(out).contains("orders", "customers", "order_id", "region_cd", "PRIMARY KEY");
        assertThat(out).doesNotContain("annual_salary |");
        assertThat(out).contains(" EMEA").doesNotContain(" APAC");
        assertThat(out).contains("42703").contains("0A000").contains(" t\n");
        assertThat(out).as("the column named as PostgreSQL names it").contains(" count \n");
    }

    @Test
    void should_work_with_psycopg2_psycopg3_and_sqlalchemy() throws Exception {
        Process p = new ProcessBuilder(
                        "/usr/bin/python3",
                        "src/test/resources/pgwire/python_clients.py",
                        "127.0.0.1",
                        Integer.toString(server.port()),
                        "acme",
                        "elena",
                        "demo")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotContain("fail ").doesNotContain("Traceback");
        assertThat(out).contains("ok sqlalchemy.query", "ok psycopg3.binary", "ok psycopg2.named_cursor");
        assertThat(p.exitValue()).as(out).isZero();
    }

    private String psql(String user, String... commands) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "psql",
                "-X",
                "-v",
                "VERBOSITY=verbose",
                "host=127.0.0.1 port=" + server.port() + " dbname=acme user=" + user + " sslmode=disable"));
        for (String c : commands) {
            command.add("-c");
            command.add(c);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("PGPASSWORD", "demo", "PGCONNECT_TIMEOUT", "10"));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private interface SqlCall {
        void run() throws SQLException;
    }

    private static void assertSqlState(SqlCall call, String state) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(state));
    }
}
