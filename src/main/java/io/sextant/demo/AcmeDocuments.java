package io.sextant.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * Writes the Acme documents: the hand-written policies, playbooks and data notes shipped with
 * Sextant, plus one quarterly business review per region computed from the generated warehouse,
 * so the numbers in the documents agree with the numbers the SQL returns.
 */
final class AcmeDocuments {

    private static final String RESOURCE_DIR = "demo/acme/documents/";
    private static final String INDEX = RESOURCE_DIR + "index.txt";

    /** Net revenue per quarter as the metric definitions document defines it. */
    private static final String QUARTERS = """
      SELECT quarter(o.order_dt) AS q, year(o.order_dt) AS y,
             sum(i.amt_rev2) AS net, sum(i.amt_rev1) AS gross, count(DISTINCT o.order_id) AS orders
      FROM orders o JOIN order_items i ON i.order_id = o.order_id
      WHERE o.region_cd = ? AND o.is_del = FALSE AND o.status_cd <> 'X'
        AND o.order_dt >= DATE '2024-10-01' AND o.order_dt < DATE '2026-01-01'
        AND quarter(o.order_dt) = 4
      GROUP BY 1, 2 ORDER BY 2
      """;

    private static final String CATEGORIES = """
      SELECT p.category,
             sum(CASE WHEN year(o.order_dt) = 2025 THEN i.amt_rev2 ELSE 0 END) AS net_2025,
             sum(CASE WHEN year(o.order_dt) = 2024 THEN i.amt_rev2 ELSE 0 END) AS net_2024
      FROM orders o JOIN order_items i ON i.order_id = o.order_id JOIN products p ON p.prod_id = i.prod_id
      WHERE o.region_cd = ? AND o.is_del = FALSE AND o.status_cd <> 'X' AND quarter(o.order_dt) = 4
        AND year(o.order_dt) IN (2024, 2025)
      GROUP BY 1 ORDER BY 2 DESC
      """;

    private static final String STORES = """
      SELECT s.store_nm, s.channel, sum(i.amt_rev2) AS net
      FROM orders o JOIN order_items i ON i.order_id = o.order_id JOIN stores s ON s.store_id = o.store_id
      WHERE o.region_cd = ? AND o.is_del = FALSE AND o.status_cd <> 'X'
        AND o.order_dt >= DATE '2025-10-01' AND o.order_dt < DATE '2026-01-01'
      GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5
      """;

    private static final String TARGET = """
      SELECT sum(t.target_amt) FROM sales_targets t JOIN regions r ON r.region_id = t.region_id
      WHERE r.region_cd = ? AND t.target_month >= DATE '2025-10-01' AND t.target_month < DATE '2026-01-01'
      """;

    private static final String RETURNS = """
      SELECT count(*), coalesce(sum(rt.refund_amt), 0)
      FROM returns rt JOIN orders o ON o.order_id = rt.order_id
      WHERE o.region_cd = ? AND o.is_del = FALSE
        AND rt.return_dt >= DATE '2025-10-01' AND rt.return_dt < DATE '2026-01-01'
      """;

    private static final String PROMO = """
      SELECT avg(CASE WHEN promo_cd = 'HOLIDAY25' THEN 1.0 ELSE 0.0 END)
      FROM orders WHERE region_cd = ? AND is_del = FALSE
        AND order_dt >= DATE '2025-10-01' AND order_dt < DATE '2026-01-01'
      """;

    private record Region(String code, String name, String group) {}

    private static final List<Region> REGIONS = List.of(
            new Region("NA", "North America", "na"),
            new Region("EMEA", "EMEA", "emea"),
            new Region("APAC", "APAC", "apac"),
            new Region("LATAM", "LATAM", "latam"));

    private AcmeDocuments() {}

    /** Writes every document into {@code dir}; returns how many. */
    static int write(Path dir, Path warehouseFile) throws IOException, SQLException {
        Files.createDirectories(dir);
        int count = 0;
        for (String name : shippedDocuments()) {
            try (InputStream in = DemoInstaller.resource(RESOURCE_DIR + name)) {
                Files.copy(in, dir.resolve(name));
            }
            count++;
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection connection =
                new DuckDBDriver().connect("jdbc:duckdb:" + warehouseFile.toAbsolutePath(), readOnly)) {
            for (Region region : REGIONS) {
                String name = "regional-review-" + region.code().toLowerCase(Locale.ROOT) + "-2025-q4.md";
                Files.writeString(dir.resolve(name), review(connection, region), StandardCharsets.UTF_8);
                count++;
            }
        }
        return count;
    }

    private static List<String> shippedDocuments() throws IOException {
        List<String> names = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(DemoInstaller.resource(INDEX), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.strip());
                }
            }
        }
        return names;
    }

    private static String review(Connection connection, Region region) throws SQLException {
        List<Object[]> quarters = query(connection, QUARTERS, region.code());
        Object[] previous = quarters.get(0);
        Object[] current = quarters.get(quarters.size() - 1);
        double net = number(current[2]);
        double netBefore = number(previous[2]);
        double gross = number(current[3]);
        long orders = ((Number) current[4]).longValue();
        double target = number(query(connection, TARGET, region.code()).get(0)[0]);
        Object[] returns = query(connection, RETURNS, region.code()).get(0);
        double promoShare = number(query(connection, PROMO, region.code()).get(0)[0]);

        StringBuilder doc = new StringBuilder();
        doc.append("---\n")
                .append("title: ")
                .append(region.name())
                .append(" Quarterly Business Review, Q4 2025\n")
                .append("acl:\n  groups: [")
                .append(region.group())
                .append(", finance, admins]\n")
                .append("tags: [regional-report, ")
                .append(region.group())
                .append(", quarterly]\n")
                .append("source: ")
                .append(region.name())
                .append(" regional finance\n")
                .append("updated: 2026-01-16\n")
                .append("---\n\n");
        doc.append("# ").append(region.name()).append(" Quarterly Business Review — Q4 2025\n\n");
        doc.append("Prepared by ")
                .append(region.name())
                .append(" regional finance for the regional leadership team. ")
                .append("All figures are in USD. Revenue is *net revenue* as defined in the metric definitions ")
                .append(
                        "(order lines' `amt_rev2`, cancelled and soft-deleted orders excluded, returns not deducted).\n\n");
        doc.append("## Headline\n\n");
        doc.append("- Net revenue: ")
                .append(money(net))
                .append(" (Q4 2024: ")
                .append(money(netBefore))
                .append(", ")
                .append(percentChange(net, netBefore))
                .append(" year over year)\n");
        doc.append("- Target: ")
                .append(money(target))
                .append(", attainment ")
                .append(percent(net / target))
                .append('\n');
        doc.append("- Orders: ")
                .append(String.format(Locale.ROOT, "%,d", orders))
                .append("; average order value ")
                .append(money(net / orders))
                .append('\n');
        doc.append("- Gross revenue: ")
                .append(money(gross))
                .append("; discounts took ")
                .append(percent(1 - net / gross))
                .append(" of gross\n");
        doc.append("- Returns processed in the quarter: ")
                .append(returns[0])
                .append(" lines, refunds of ")
                .append(money(number(returns[1])))
                .append('\n');
        doc.append("- Share of orders under the HOLIDAY25 promotion: ")
                .append(percent(promoShare))
                .append("\n\n");

        doc.append("## Net revenue by category\n\n| Category | Q4 2025 | Q4 2024 | Change |\n|---|---:|---:|---:|\n");
        List<Object[]> categories = query(connection, CATEGORIES, region.code());
        String fastest = null;
        double fastestGrowth = Double.NEGATIVE_INFINITY;
        for (Object[] c : categories) {
            double now = number(c[1]);
            double before = number(c[2]);
            doc.append("| ")
                    .append(c[0])
                    .append(" | ")
                    .append(money(now))
                    .append(" | ")
                    .append(money(before))
                    .append(" | ")
                    .append(percentChange(now, before))
                    .append(" |\n");
            if (before > 0 && now / before > fastestGrowth) {
                fastestGrowth = now / before;
                fastest = (String) c[0];
            }
        }
        doc.append("\n## Top stores and channels\n\n| Store | Channel | Net revenue |\n|---|---|---:|\n");
        for (Object[] s : query(connection, STORES, region.code())) {
            doc.append("| ")
                    .append(s[0])
                    .append(" | ")
                    .append(s[1])
                    .append(" | ")
                    .append(money(number(s[2])))
                    .append(" |\n");
        }
        doc.append("\n## Commentary\n\n");
        doc.append(net >= target ? "The region beat its Q4 target. " : "The region missed its Q4 target. ");
        if (fastest != null) {
            doc.append(fastest)
                    .append(" grew fastest year over year (")
                    .append(percentChange(fastestGrowth, 1))
                    .append("). ");
        }
        doc.append("Black Friday week remained the busiest week of the year. Figures for the last week of December ")
                .append("include orders that were still pending or in transit at year end.\n");
        return doc.toString();
    }

    private static List<Object[]> query(Connection connection, String sql, String region) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, region);
            try (ResultSet rs = statement.executeQuery()) {
                List<Object[]> rows = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[columns];
                    for (int c = 0; c < columns; c++) {
                        row[c] = rs.getObject(c + 1);
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private static double number(Object value) {
        return value == null ? 0 : value instanceof BigDecimal b ? b.doubleValue() : ((Number) value).doubleValue();
    }

    private static String money(double amount) {
        return String.format(Locale.ROOT, "$%,.0f", amount);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String percentChange(double now, double before) {
        return before == 0 ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", (now / before - 1) * 100);
    }
}
