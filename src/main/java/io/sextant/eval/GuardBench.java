package io.sextant.eval;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.access.RowPolicy;
import io.sextant.catalog.WarehouseIntrospector;
import io.sextant.demo.AcmeDemo;
import io.sextant.sql.GuardCatalog;
import io.sextant.sql.SqlCheck;
import io.sextant.sql.SqlGuard;
import io.sextant.sql.SqlTarget;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.duckdb.DuckDBDriver;

/**
 * Measures the SQL guard's latency (parse, checks, validation, rewrite, rendering) on typical
 * analytics queries over the Acme catalog, for an analyst and for a sales user whose row
 * policies the guard injects.
 *
 * <pre>./mvnw -q compile exec:java@guard-bench -Dexec.args="--iterations 2000"</pre>
 */
public final class GuardBench {

    static final List<String> QUERIES = List.of(
            "SELECT r.region_nm, sum(i.amt_rev2) AS net_revenue FROM orders o JOIN order_items i ON o.order_id ="
                    + " i.order_id JOIN regions r ON r.region_cd = o.region_cd WHERE o.is_del = false AND o.status_cd"
                    + " <> 'X' GROUP BY r.region_nm ORDER BY net_revenue DESC",
            "SELECT date_trunc('month', o.order_dt) AS month, count(DISTINCT o.order_id) AS orders,"
                    + " sum(i.amt_rev2) AS revenue FROM orders o JOIN order_items i USING (order_id) WHERE o.order_dt"
                    + " >= DATE '2025-01-01' GROUP BY 1 ORDER BY 1",
            "WITH c AS (SELECT o.cust_id, sum(i.amt_rev2) AS total FROM orders o JOIN order_items i ON i.order_id ="
                    + " o.order_id GROUP BY o.cust_id) SELECT cu.cust_nm, c.total FROM c JOIN customers cu ON"
                    + " cu.cust_id = c.cust_id ORDER BY c.total DESC LIMIT 10",
            "SELECT p.category, p.subcategory, sum(i.qty) AS units, sum(i.amt_rev2 - i.cogs_amt) AS margin FROM"
                    + " order_items i JOIN products p ON p.prod_id = i.prod_id GROUP BY p.category, p.subcategory"
                    + " HAVING sum(i.qty) > 100",
            "SELECT s.store_nm, count(*) AS returns, sum(rt.refund_amt) AS refunded FROM returns rt JOIN orders o"
                    + " ON o.order_id = rt.order_id JOIN stores s ON s.store_id = o.store_id WHERE rt.return_dt"
                    + " BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY s.store_nm ORDER BY refunded DESC",
            "SELECT cust_id, order_dt, sum(amt_rev2) OVER (PARTITION BY cust_id ORDER BY order_dt) AS running FROM"
                    + " orders JOIN order_items USING (order_id) WHERE cust_id < 100",
            "WITH monthly AS (SELECT region_cd, date_trunc('month', order_dt) AS m, count(*) AS n FROM orders GROUP"
                    + " BY 1, 2), ranked AS (SELECT *, rank() OVER (PARTITION BY m ORDER BY n DESC) AS rk FROM"
                    + " monthly) SELECT * FROM ranked WHERE rk = 1",
            "SELECT e.first_nm, e.last_nm, count(o.order_id) AS orders FROM employees e LEFT JOIN orders o ON"
                    + " o.sales_rep_id = e.emp_id WHERE e.term_dt IS NULL GROUP BY e.first_nm, e.last_nm",
            "SELECT t.target_month, t.target_amt, (SELECT sum(i.amt_rev2) FROM orders o JOIN order_items i ON"
                    + " i.order_id = o.order_id JOIN stores s ON s.store_id = o.store_id WHERE s.region_id ="
                    + " t.region_id AND date_trunc('month', o.order_dt) = t.target_month) AS actual FROM"
                    + " sales_targets t",
            "SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.cust_id ="
                    + " c.cust_id AND o.order_dt >= DATE '2025-01-01')");

    private GuardBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 1 && args[0].equals("--iterations") ? Integer.parseInt(args[1]) : 2000;
        GuardCatalog catalog;
        try (Connection connection = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement statement = connection.createStatement()) {
            statement.execute(AcmeDemo.warehouseDdl());
            catalog = GuardCatalog.of(WarehouseIntrospector.introspect(connection, "main"), SqlTarget.DUCKDB);
        }
        String byRegion = "region_id IN (SELECT region_id FROM regions WHERE region_cd = {region})";
        String byOrder = "order_id IN (SELECT order_id FROM orders WHERE region_cd = {region})";
        Permissions permissions = new Permissions(
                Map.of("sales_targets", List.of("finance", "sales", "analysts", "admins")),
                Map.of("employees.annual_salary", List.of("hr", "admins"), "customers.email", List.of("admins")),
                List.of(
                        new RowPolicy("orders", "region_cd = {region}", Set.of("sales"), Set.of()),
                        new RowPolicy("order_items", byOrder, Set.of("sales"), Set.of()),
                        new RowPolicy("returns", byOrder, Set.of("sales"), Set.of()),
                        new RowPolicy("customers", byRegion, Set.of("sales"), Set.of()),
                        new RowPolicy("stores", byRegion, Set.of("sales"), Set.of()),
                        new RowPolicy("sales_targets", byRegion, Set.of("sales"), Set.of())));
        SqlGuard guard = new SqlGuard(permissions, 1000, SqlGuard.DEFAULT_MAX_LENGTH);
        Map<String, Principal> principals = Map.of(
                "analyst",
                new Principal("noah", Set.of("analysts"), Map.of("region", "NA")),
                "sales (row policies)",
                new Principal("elena", Set.of("sales"), Map.of("region", "EMEA")));
        for (var entry : principals.entrySet()) {
            for (String sql : QUERIES) {
                SqlCheck check = guard.check(sql, entry.getValue(), catalog);
                if (!check.accepted()) {
                    throw new IllegalStateException("refused: " + sql + " " + check.errors());
                }
            }
            for (int i = 0; i < 200; i++) {
                guard.check(QUERIES.get(i % QUERIES.size()), entry.getValue(), catalog);
            }
            long[] nanos = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                guard.check(QUERIES.get(i % QUERIES.size()), entry.getValue(), catalog);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf(
                    Locale.ROOT,
                    "%-22s %d checks of %d queries: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    entry.getKey(),
                    iterations,
                    QUERIES.size(),
                    nanos[iterations / 2] / 1e6,
                    nanos[(int) (iterations * 0.95)] / 1e6,
                    nanos[(int) (iterations * 0.99)] / 1e6,
                    nanos[iterations - 1] / 1e6);
        }
    }
}
