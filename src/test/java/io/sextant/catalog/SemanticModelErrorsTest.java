package io.sextant.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind of mistake in a semantic model yields one precise error at the right line. */
class SemanticModelErrorsTest {

    private static final Path FILE = Path.of("models", "shop.yaml");

    private static final WarehouseSchema WAREHOUSE = WarehouseSchema.of(
            "main",
            List.of(
                    new WarehouseSchema.Table(
                            "customers",
                            List.of(
                                    column("cust_id", Types.INTEGER),
                                    column("cust_nm", Types.VARCHAR),
                                    column("signup_dt", Types.DATE)),
                            List.of("cust_id")),
                    new WarehouseSchema.Table(
                            "orders",
                            List.of(
                                    column("order_id", Types.BIGINT),
                                    column("cust_id", Types.INTEGER),
                                    column("order_dt", Types.DATE),
                                    column("status_cd", Types.VARCHAR),
                                    column("amt_rev2", Types.DECIMAL)),
                            List.of("order_id"))));

    private static final String VALID = """
      name: shop
      tables:
        - name: customers
          base_table: {database: shop, schema: main, table: customers}
          primary_key: {columns: [cust_id]}
          dimensions:
            - name: customer_name
              expr: cust_nm
              data_type: varchar
          time_dimensions:
            - name: signup_date
              expr: signup_dt
              data_type: date
        - name: orders
          base_table: {database: shop, schema: main, table: orders}
          primary_key: {columns: [order_id]}
          dimensions:
            - name: status
              expr: status_cd
              data_type: varchar
          time_dimensions:
            - name: order_date
              expr: order_dt
              data_type: date
          facts:
            - name: net_revenue
              expr: amt_rev2
              data_type: number
          metrics:
            - name: total_net_revenue
              expr: SUM(orders.amt_rev2)
      relationships:
        - name: orders_to_customers
          left_table: orders
          right_table: customers
          relationship_columns:
            - {left_column: cust_id, right_column: cust_id}
      verified_queries:
        - name: revenue
          question: What is net revenue?
          sql: SELECT SUM(amt_rev2) FROM orders
          verified_by: ada
          verified_at: 2025-01-31
      """;

    @Test
    void should_accept_the_valid_model() {
        assertThat(issues(VALID)).isEmpty();
    }

    @Test
    void should_report_a_yaml_syntax_error_with_its_line() {
        String text = VALID.replace("      - name: status\n", "      - name: status\n       broken: [\n");

        assertThat(issues(text)).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("yaml-syntax");
            assertThat(i.line()).isBetween(lineOf(text, "broken: ["), lineOf(text, "broken: [") + 2);
        });
    }

    @Test
    void should_report_an_unknown_key_and_suggest_the_right_one() {
        String text = VALID.replace("    dimensions:\n      - name: status", "    dimenssions:\n      - name: status");

        assertThat(issues(text)).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("unknown-key");
            assertThat(i.line()).isEqualTo(lineOf(text, "dimenssions:"));
            assertThat(i.message()).contains("'dimenssions'").contains("did you mean 'dimensions'");
            assertThat(i.toString()).startsWith("shop.yaml:" + i.line() + ": error [unknown-key]");
        });
    }

    @Test
    void should_report_a_missing_required_key() {
        String text = VALID.replace("        expr: status_cd\n", "");

        assertThat(issues(text)).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("missing-key");
            assertThat(i.line()).isEqualTo(lineOf(text, "- name: status"));
            assertThat(i.message()).contains("dimension status").contains("'expr'");
        });
    }

    @Test
    void should_report_a_duplicate_name_at_the_second_definition() {
        String text = VALID.replace("      - name: net_revenue\n", "      - name: status\n");

        assertThat(issues(text)).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("duplicate-name");
            assertThat(i.line()).isEqualTo(lineOf(text, "      - name: status\n        expr: amt_rev2"));
            assertThat(i.message()).contains("'status' is defined twice");
        });
    }

    @Test
    void should_report_a_base_table_missing_from_the_warehouse() {
        String text = VALID.replace("table: orders}", "table: order}");

        assertThat(issues(text)).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("unknown-table");
            assertThat(i.line()).isEqualTo(lineOf(text, "table: order}"));
            assertThat(i.message()).contains("'order' does not exist").contains("did you mean 'orders'");
        });
    }

    @Test
    void should_report_a_column_missing_from_the_warehouse() {
        String text = VALID.replace("expr: amt_rev2", "expr: amt_rev3");

        assertThat(issues(text)).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("unknown-column");
            assertThat(i.line()).isEqualTo(lineOf(text, "- name: net_revenue"));
            assertThat(i.message())
                    .contains("'amt_rev3' does not exist in orders")
                    .contains("did you mean 'amt_rev2'");
        });
    }

    @Test
    void should_report_a_relationship_to_a_column_that_is_not_the_key() {
        String text = VALID.replace("right_column: cust_id}", "right_column: cust_nm}");

        assertThat(issues(text)).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("missing-key");
            assertThat(i.line()).isEqualTo(lineOf(text, "- name: orders_to_customers"));
            assertThat(i.message()).contains("not its primary key (cust_id)");
        });
    }

    @Test
    void should_report_a_relationship_to_an_unknown_table() {
        String text = VALID.replace("right_table: customers", "right_table: clients");

        assertThat(issues(text)).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("unknown-table");
            assertThat(i.message()).contains("right_table 'clients' is not a table of this model");
        });
    }

    @Test
    void should_report_a_time_dimension_over_a_non_temporal_column() {
        String text = VALID.replace("expr: order_dt", "expr: status_cd");

        assertThat(issues(text)).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("type-mismatch");
            assertThat(i.line()).isEqualTo(lineOf(text, "- name: order_date"));
        });
    }

    @Test
    void should_report_an_unknown_data_type_and_a_bad_date() {
        String text = VALID.replace("data_type: number", "data_type: money")
                .replace("verified_at: 2025-01-31", "verified_at: last week");

        List<ModelIssue> issues = issues(text);

        assertThat(issues).extracting(ModelIssue::code).containsExactly("unknown-data-type", "bad-value");
        assertThat(issues.get(0).line()).isEqualTo(lineOf(text, "data_type: money"));
        assertThat(issues.get(1).line()).isEqualTo(lineOf(text, "verified_at: last week"));
    }

    @Test
    void should_report_a_metric_that_references_an_unknown_column() {
        String text = VALID.replace("SUM(orders.amt_rev2)", "SUM(orders.net_amt)");

        assertThat(issues(text)).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("unknown-column");
            assertThat(i.line()).isEqualTo(lineOf(text, "- name: total_net_revenue"));
            assertThat(i.message()).contains("'orders.net_amt'");
        });
    }

    @Test
    void should_report_every_mistake_not_only_the_first() {
        String text = VALID.replace("expr: amt_rev2", "expr: amt_rev3")
                .replace("table: customers}", "table: customer}")
                .replace("    dimensions:\n      - name: status", "    dimenssions:\n      - name: status");

        assertThat(issues(text))
                .extracting(ModelIssue::code)
                .containsExactly("unknown-table", "unknown-key", "unknown-column");
    }

    private static List<ModelIssue> issues(String text) {
        SemanticModelParser.Result parsed = SemanticModelParser.parse(FILE, text);
        List<ModelIssue> issues = new ArrayList<>(parsed.issues());
        parsed.model().ifPresent(m -> issues.addAll(SemanticModelValidator.validate(m, WAREHOUSE)));
        issues.sort(java.util.Comparator.comparingInt(ModelIssue::line));
        return issues;
    }

    private static int lineOf(String text, String snippet) {
        int index = text.indexOf(snippet);
        assertThat(index).as("snippet %s", snippet).isNotNegative();
        return (int) text.substring(0, index + (snippet.startsWith("\n") ? 1 : 0))
                        .chars()
                        .filter(c -> c == '\n')
                        .count()
                + 1;
    }

    private static WarehouseSchema.Column column(String name, int type) {
        return new WarehouseSchema.Column(name, "T" + type, type, true);
    }
}
