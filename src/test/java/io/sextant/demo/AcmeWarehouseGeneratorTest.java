package io.sextant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcmeWarehouseGeneratorTest {

    private static final List<String> TABLES = List.of(
            "regions",
            "stores",
            "employees",
            "customers",
            "products",
            "orders",
            "order_items",
            "returns",
            "sales_targets");

    @TempDir
    static Path dir;

    static Path first;

    @BeforeAll
    static void generate() throws SQLException {
        first = dir.resolve("a.duckdb");
        new AcmeWarehouseGenerator(7, 4_000).generate(first);
    }

    @Test
    void should_generate_identical_data_for_the_same_seed() throws SQLException {
        Path second = dir.resolve("b.duckdb");
        new AcmeWarehouseGenerator(7, 4_000).generate(second);

        assertThat(fingerprints(second)).isEqualTo(fingerprints(first));
    }

    @Test
    void should_generate_different_data_for_another_seed() throws SQLException {
        Path other = dir.resolve("c.duckdb");
        new AcmeWarehouseGenerator(8, 4_000).generate(other);

        assertThat(fingerprints(other).get("order_items"))
                .isNotEqualTo(fingerprints(first).get("order_items"));
    }

    @Test
    void should_report_the_row_counts_it_wrote() throws SQLException {
        Path other = dir.resolve("d.duckdb");
        Map<String, Long> counts = new AcmeWarehouseGenerator(9, 1_000).generate(other);

        assertThat(counts.keySet()).containsExactlyElementsOf(TABLES);
        for (String table : TABLES) {
            assertThat(scalar(other, "SELECT count(*) FROM " + table))
                    .as(table)
                    .isEqualTo(counts.get(table).doubleValue());
        }
        assertThat(counts.get("orders")).isBetween(900L, 1_100L);
    }

    @Test
    void should_contain_the_mess_of_a_real_warehouse() throws SQLException {
        // NULLs where real data has them
        assertThat(scalar(first, "SELECT count(*) FROM customers WHERE email IS NULL"))
                .isPositive();
        assertThat(scalar(first, "SELECT count(*) FROM customers WHERE loyalty_tier IS NULL"))
                .isPositive();
        assertThat(scalar(first, "SELECT count(*) FROM products WHERE brand IS NULL"))
                .isPositive();
        assertThat(scalar(first, "SELECT count(*) FROM orders WHERE ship_dt IS NULL"))
                .isPositive();
        assertThat(scalar(first, "SELECT count(*) FROM returns WHERE reason_cd IS NULL"))
                .isPositive();
        // soft deletes and status codes
        assertThat(scalar(first, "SELECT count(*) FROM customers WHERE is_del")).isPositive();
        assertThat(scalar(first, "SELECT count(DISTINCT status_cd) FROM orders"))
                .isEqualTo(5.0);
        // gross is never below net, and they differ where there is a discount
        assertThat(scalar(first, "SELECT count(*) FROM order_items WHERE amt_rev2 > amt_rev1"))
                .isZero();
        assertThat(scalar(first, "SELECT count(*) FROM order_items WHERE disc_pct > 0 AND amt_rev2 = amt_rev1"))
                .isZero();
        // three years of orders, with the holiday season busier than the spring
        assertThat(scalar(first, "SELECT count(DISTINCT year(order_dt)) FROM orders"))
                .isEqualTo(3.0);
        assertThat(scalar(first, "SELECT count(*) FROM orders WHERE month(order_dt) = 12"))
                .isGreaterThan(1.3 * scalar(first, "SELECT count(*) FROM orders WHERE month(order_dt) = 2"));
        // no order before its store opened or after it closed
        assertThat(scalar(first, """
        SELECT count(*) FROM orders o JOIN stores s ON s.store_id = o.store_id
        WHERE o.order_dt < s.opened_dt OR o.order_dt >= coalesce(s.closed_dt, DATE '9999-12-31')""")).isZero();
    }

    @Test
    void should_concentrate_revenue_in_a_few_large_customers() throws SQLException {
        double top10 = scalar(first, """
        SELECT sum(net) FROM (SELECT o.cust_id, sum(i.amt_rev2) AS net FROM orders o
        JOIN order_items i ON i.order_id = o.order_id GROUP BY 1 ORDER BY 2 DESC LIMIT 10)""");
        double all = scalar(first, "SELECT sum(amt_rev2) FROM order_items");
        double customers = scalar(first, "SELECT count(*) FROM customers");

        // ten customers of ~900 would hold ~1% of revenue if revenue were spread evenly
        assertThat(top10 / all).isGreaterThan(10 * 10 / customers);
    }

    private static Map<String, String> fingerprints(Path file) throws SQLException {
        Map<String, String> result = new LinkedHashMap<>();
        try (Connection c = io.sextant.DuckDbFiles.open(file);
                Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery(
                        "SELECT count(*) || ':' || coalesce(sum(hash(t)::HUGEINT), 0) FROM " + table + " t")) {
                    rs.next();
                    result.put(table, rs.getString(1));
                }
            }
        }
        return result;
    }

    static double scalar(Path file, String sql) throws SQLException {
        try (Connection c = io.sextant.DuckDbFiles.open(file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        }
    }
}
