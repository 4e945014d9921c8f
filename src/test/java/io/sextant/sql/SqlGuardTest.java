package io.sextant.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.access.Principal;
import io.sextant.catalog.SemanticModel;
import io.sextant.catalog.SemanticModelParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlGuardTest {

    private static final GuardCatalog DUCKDB = AcmeCatalog.catalog(SqlTarget.DUCKDB);
    private final SqlGuard guard = new SqlGuard(AcmeCatalog.PERMISSIONS, 1000, 10_000);

    private SqlCheck check(String sql, Principal principal) {
        return guard.check(sql, principal, DUCKDB);
    }

    private CheckedSql accepted(String sql, Principal principal) {
        SqlCheck check = check(sql, principal);
        assertThat(check.errors()).as(sql).isEmpty();
        return check.checked();
    }

    private GuardError refused(String sql, Principal principal) {
        SqlCheck check = check(sql, principal);
        assertThat(check.accepted()).as("should refuse: " + sql).isFalse();
        return check.errors().get(0);
    }

    @Test
    void should_refuse_every_statement_of_the_rejection_corpus_with_its_code() throws IOException {
        // given
        List<String[]> corpus = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/sql/rejected.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    corpus.add(line.split("\t", 3));
                }
            }
        }
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);

        // when
        List<String> wrong = new ArrayList<>();
        for (String[] entry : corpus) {
            String sql = entry[2].replace("\\n", "\n");
            SqlCheck check = check(sql, AcmeCatalog.USERS.get(entry[1]));
            GuardError first = check.accepted() ? null : check.errors().get(0);
            // The corpus names denials apart; callers see them as unknown names (denied is internal).
            String got = first == null
                    ? "ACCEPTED as " + check.checked().sql()
                    : first.denial()
                            ? (first.code().equals(GuardError.UNKNOWN_TABLE) ? "sql-table-denied" : "sql-column-denied")
                            : first.code();
            if (!got.equals(entry[0])) {
                wrong.add(entry[0] + " expected, got " + got + " for [" + entry[1] + "] " + sql);
            }
        }

        // then
        assertThat(wrong).isEmpty();
    }

    @Test
    void should_suggest_close_names_and_synonyms_for_a_hallucinated_column() {
        GuardError error = refused("SELECT sum(revenue) FROM order_items", AcmeCatalog.NOAH);
        assertThat(error.code()).isEqualTo(GuardError.UNKNOWN_COLUMN);
        assertThat(error.message()).contains("revenue");
        assertThat(error.suggestions()).contains("order_items.amt_rev2");
        assertThat(error.line()).isEqualTo(1);
        assertThat(error.column()).isEqualTo(12);

        GuardError typo = refused("SELECT order_date FROM orders", AcmeCatalog.NOAH);
        assertThat(typo.suggestions()).first().isEqualTo("orders.order_dt");
    }

    @Test
    void should_suggest_close_table_names() {
        GuardError error = refused("SELECT * FROM order_item", AcmeCatalog.NOAH);
        assertThat(error.code()).isEqualTo(GuardError.UNKNOWN_TABLE);
        assertThat(error.suggestions()).first().isEqualTo("order_items");
        assertThat(error.describe()).contains("sql-unknown-table").contains("order_items");
    }

    @Test
    void should_not_reveal_restricted_names_in_suggestions() {
        GuardError column = refused("SELECT salary FROM employees", AcmeCatalog.NOAH);
        assertThat(column.code()).isEqualTo(GuardError.UNKNOWN_COLUMN);
        assertThat(String.join(",", column.suggestions()) + column.message()).doesNotContain("annual_salary");

        GuardError table = refused("SELECT * FROM sales_target", AcmeCatalog.NOAH);
        assertThat(table.suggestions()).doesNotContain("sales_targets");

        GuardError allowed = refused("SELECT salary FROM employees", AcmeCatalog.HANA);
        assertThat(allowed.suggestions()).contains("employees.annual_salary");
    }

    @Test
    void should_tell_a_denied_name_exactly_as_one_that_does_not_exist() {
        GuardError deniedColumn = refused("SELECT annual_salary FROM employees", AcmeCatalog.NOAH);
        GuardError missingColumn = refused("SELECT annual_salarx FROM employees", AcmeCatalog.NOAH);
        GuardError deniedTable = refused("SELECT * FROM sales_targets", AcmeCatalog.ELENA);
        GuardError missingTable = refused("SELECT * FROM sales_targetz", AcmeCatalog.ELENA);

        assertThat(deniedColumn.denial()).isTrue();
        assertThat(missingColumn.denial()).isFalse();
        assertThat(deniedColumn.code()).isEqualTo(missingColumn.code()).isEqualTo(GuardError.UNKNOWN_COLUMN);
        assertThat(deniedColumn.message())
                .isEqualTo("Column annual_salary does not exist in the tables of this query or you may not read it.");
        assertThat(missingColumn.message()).isEqualTo(deniedColumn.message().replace("annual_salary", "annual_salarx"));
        assertThat(deniedColumn.suggestions())
                .isEqualTo(missingColumn.suggestions())
                .doesNotContain("annual_salary");

        assertThat(deniedTable.code()).isEqualTo(missingTable.code()).isEqualTo(GuardError.UNKNOWN_TABLE);
        assertThat(deniedTable.message()).isEqualTo("Table sales_targets does not exist or you may not read it.");
        assertThat(missingTable.message()).isEqualTo("Table sales_targetz does not exist or you may not read it.");
        assertThat(deniedTable.suggestions()).doesNotContain("sales_targets");
        assertThat(missingTable.suggestions()).doesNotContain("sales_targets");
    }

    @Test
    void should_hide_denied_columns_from_select_star_instead_of_refusing() {
        CheckedSql noah = accepted("SELECT * FROM employees", AcmeCatalog.NOAH);
        assertThat(noah.sql()).doesNotContain("annual_salary").contains("\"first_nm\"");
        assertThat(noah.columns()).doesNotContain("employees.annual_salary");

        CheckedSql hana = accepted("SELECT * FROM employees", AcmeCatalog.HANA);
        assertThat(hana.columns()).contains("employees.annual_salary");
    }

    @Test
    void should_inject_the_row_policy_for_every_reference_to_a_protected_table() {
        CheckedSql checked = accepted(
                "SELECT o.order_id FROM orders o WHERE o.cust_id IN (SELECT cust_id FROM orders WHERE status_cd = 'X')",
                AcmeCatalog.ELENA);
        assertThat(checked.sql().split("'EMEA'", -1)).hasSize(3);
        assertThat(accepted("SELECT count(*) FROM orders", AcmeCatalog.NOAH).sql())
                .doesNotContain("EMEA");
    }

    @Test
    void should_filter_out_every_row_for_a_principal_without_the_policy_attribute() {
        assertThat(accepted("SELECT count(*) FROM orders", AcmeCatalog.NOBODY).sql())
                .contains("1 = 0");
    }

    @Test
    void should_refuse_a_cte_named_like_a_table() {
        GuardError error = refused(
                "WITH orders AS (SELECT * FROM orders WHERE status_cd = 'S') SELECT count(*) FROM orders",
                AcmeCatalog.ELENA);
        assertThat(error.code()).isEqualTo(GuardError.CTE_SHADOWS_TABLE);
        assertThat(error.message()).contains("orders");
    }

    @Test
    void should_scope_ctes_as_sql_does() {
        CheckedSql checked = accepted(
                "WITH a AS (SELECT * FROM orders WHERE status_cd = 'S'), b AS (SELECT * FROM a) SELECT count(*) FROM b"
                        + " JOIN orders o ON o.order_id = b.order_id",
                AcmeCatalog.ELENA);
        assertThat(checked.sql().split("'EMEA'", -1)).hasSize(3);
    }

    @Test
    void should_add_or_lower_the_limit_to_the_row_cap() {
        CheckedSql none = accepted("SELECT order_id FROM orders", AcmeCatalog.NOAH);
        assertThat(none.sql()).containsPattern("(LIMIT|FETCH NEXT) 1000");
        assertThat(none.rowCap()).isEqualTo(1000);

        CheckedSql lower = accepted("SELECT order_id FROM orders LIMIT 10", AcmeCatalog.NOAH);
        assertThat(lower.sql()).containsPattern("(LIMIT|FETCH NEXT) 10\\b");
        assertThat(lower.rowCap()).isZero();

        assertThat(accepted("SELECT order_id FROM orders ORDER BY 1 LIMIT 5000", AcmeCatalog.NOAH)
                        .sql())
                .containsPattern("(LIMIT|FETCH NEXT) 1000");
        assertThat(accepted("SELECT 1 UNION SELECT 2", AcmeCatalog.NOAH).sql())
                .containsPattern("(LIMIT|FETCH NEXT) 1000");
        assertThat(accepted("WITH a AS (SELECT 1 AS x) SELECT x FROM a", AcmeCatalog.NOAH)
                        .sql())
                .containsPattern("(LIMIT|FETCH NEXT) 1000");
    }

    @Test
    void should_report_the_tables_and_columns_read() {
        CheckedSql checked = accepted(
                "SELECT r.region_nm, sum(i.amt_rev2) FROM orders o JOIN order_items i ON o.order_id = i.order_id"
                        + " JOIN regions r ON r.region_cd = o.region_cd WHERE o.is_del = false GROUP BY r.region_nm",
                AcmeCatalog.NOAH);
        assertThat(checked.tables()).containsExactlyInAnyOrder("orders", "order_items", "regions");
        assertThat(checked.columns())
                .contains(
                        "regions.region_nm",
                        "order_items.amt_rev2",
                        "orders.order_id",
                        "order_items.order_id",
                        "orders.is_del");
    }

    @Test
    void should_accept_the_sql_people_and_models_write() {
        for (String sql : List.of(
                "select ORDER_ID, Order_Dt from ORDERS where STATUS_CD ilike 's'",
                "SELECT date_trunc('month', order_dt) AS m, count(*) FROM orders GROUP BY 1 ORDER BY 1",
                "SELECT strftime(order_dt, '%Y') AS y, count(*) FROM orders GROUP BY y",
                "SELECT cust_id, sum(amt_rev2) OVER (PARTITION BY cust_id ORDER BY order_dt) FROM orders JOIN"
                        + " order_items USING (order_id)",
                "WITH m AS (SELECT cust_id, count(*) AS n FROM orders GROUP BY cust_id) SELECT * FROM m WHERE n > 5",
                "SELECT \"order_id\" FROM \"orders\" LIMIT 10 OFFSET 20",
                "SELECT order_dt::date, coalesce(promo_cd, 'none') FROM orders",
                "SELECT extract(year FROM order_dt) AS y FROM orders",
                "SELECT cust_nm FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.cust_id ="
                        + " c.cust_id)",
                "VALUES (1, 'a'), (2, 'b')",
                "SELECT CASE WHEN status_cd = 'S' THEN 'shipped' ELSE 'other' END AS s, count(*) FROM orders GROUP BY"
                        + " status_cd",
                "SELECT region_cd FROM orders INTERSECT SELECT region_cd FROM regions",
                "SELECT * FROM orders o, LATERAL (SELECT count(*) AS n FROM order_items i WHERE i.order_id ="
                        + " o.order_id) x")) {
            accepted(sql, AcmeCatalog.NOAH);
        }
    }

    @Test
    void should_render_each_dialect() {
        String sql = "SELECT region_cd, count(*) AS n FROM Orders WHERE order_dt >= DATE '2024-01-01' GROUP BY"
                + " region_cd ORDER BY n DESC LIMIT 3";
        for (SqlTarget target : SqlTarget.values()) {
            CheckedSql checked =
                    guard.check(sql, AcmeCatalog.NOAH, DUCKDB.forTarget(target)).checked();
            assertThat(checked.target()).isEqualTo(target);
            assertThat(checked.sql())
                    .as(target.name())
                    .containsIgnoringCase("orders")
                    .contains("3");
        }
        assertThat(guard.check(sql, AcmeCatalog.NOAH, DUCKDB.forTarget(SqlTarget.MYSQL))
                        .checked()
                        .sql())
                .contains("`orders`");
        assertThat(guard.check(sql, AcmeCatalog.NOAH, DUCKDB.forTarget(SqlTarget.POSTGRESQL))
                        .checked()
                        .sql())
                .contains("\"orders\"");
    }

    @Test
    void should_accept_every_verified_query_of_the_demo_and_apply_policies_to_it() {
        SemanticModel model = SemanticModelParser.parse(Path.of("src/main/resources/demo/acme/semantic-model.yaml"))
                .model()
                .orElseThrow();
        assertThat(model.verifiedQueries()).isNotEmpty();
        for (SemanticModel.VerifiedQuery q : model.verifiedQueries()) {
            CheckedSql admin = accepted(q.sql(), AcmeCatalog.ADA);
            assertThat(admin.tables()).as(q.name()).isNotEmpty();
            SqlCheck sales = check(q.sql(), AcmeCatalog.ELENA);
            if (sales.accepted() && sales.checked().tables().contains("orders")) {
                assertThat(sales.checked().sql()).as(q.name()).contains("'EMEA'");
            }
        }
    }

    @Test
    void should_refuse_oversized_statements() {
        assertThat(refused("SELECT 1" + " ".repeat(20_000), AcmeCatalog.NOAH).code())
                .isEqualTo(GuardError.TOO_LONG);
    }

    @Test
    void should_export_literals_that_snowflake_and_trino_read_as_the_guard_did() {
        for (SqlTarget target : List.of(SqlTarget.SNOWFLAKE, SqlTarget.TRINO, SqlTarget.MYSQL)) {
            GuardCatalog export = DUCKDB.forTarget(target);
            boolean backslashEscapes = target != SqlTarget.TRINO;
            for (String value : RowPolicyContract.HOSTILE_LITERALS) {
                String sql = "SELECT '" + value.replace("'", "''") + "' AS v FROM regions";
                SqlCheck check = guard.check(sql, AcmeCatalog.ELENA, export);
                assertThat(check.errors()).as(sql).isEmpty();
                assertThat(literals(check.checked().sql(), backslashEscapes))
                        .as(target + ": " + check.checked().sql())
                        .containsExactly(value);
            }
            for (String sql : RowPolicyContract.injectionVariants()) {
                SqlCheck check = guard.check(
                        sql.replace("customers", "stores")
                                .replace("cust_nm", "store_nm")
                                .replace("email", "store_nm"),
                        AcmeCatalog.ELENA,
                        export);
                assertThat(check.errors()).as(sql).isEmpty();
                List<String> read = literals(check.checked().sql(), backslashEscapes);
                // Exactly the literals of the statement as written, nothing of the payload outside them.
                assertThat(read)
                        .as(target + ": " + check.checked().sql())
                        .containsExactlyElementsOf(literals(sql, false).stream()
                                .map(l -> l.replace("customers", "stores")
                                        .replace("cust_nm", "store_nm")
                                        .replace("email", "store_nm"))
                                .toList());
            }
        }
    }

    /** The string literals of a SQL text as a database reads them, with or without backslash escapes. */
    private static List<String> literals(String sql, boolean backslashEscapes) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '"' || c == '`') {
                int end = sql.indexOf(c, i + 1);
                while (end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                    end = sql.indexOf(c, end + 2);
                }
                i = end + 1;
            } else if (c == '\'') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= sql.length()) {
                        throw new AssertionError("unterminated literal in " + sql);
                    }
                    char d = sql.charAt(i);
                    if (backslashEscapes && d == '\\') {
                        value.append(sql.charAt(i + 1));
                        i += 2;
                    } else if (d == '\'' && i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                        value.append('\'');
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        break;
                    } else {
                        value.append(d);
                        i++;
                    }
                }
                out.add(value.toString());
            } else {
                i++;
            }
        }
        return out;
    }
}
