package io.sextant.ask;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.catalog.SemanticModel;
import io.sextant.catalog.SemanticModelParser;
import io.sextant.plan.Plan;
import io.sextant.plan.PlanCompiler;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Questions read as plans and compiled over the demo model: joins, default filters, refusals. */
class PlanCompilerTest {

    private static final SemanticModel MODEL = SemanticModelParser.parse(
                    Path.of("src/main/resources/demo/acme/semantic-model.yaml"))
            .model()
            .orElseThrow();
    private static final Principal ADA = new Principal("ada", Set.of("admins"), Map.of());
    private static final LocalDate TODAY = LocalDate.of(2026, 1, 15);
    private final SchemaLinker linker = new SchemaLinker(MODEL, new Permissions(Map.of(), Map.of()));
    private final PlanCompiler compiler = new PlanCompiler(MODEL);

    private PlanCompiler.Outcome compile(String question) {
        Plan plan = QuestionReader.read(question, linker.link(question, ADA, 0.15), TODAY);
        return compiler.compile(plan, Phrases.words(question));
    }

    private String sql(String question) {
        PlanCompiler.Outcome outcome = compile(question);
        assertThat(outcome.compiled()).as(question + ": " + outcome.refusal()).isPresent();
        return outcome.compiled().get().sql().replace('\n', ' ');
    }

    private String refusal(String question) {
        PlanCompiler.Outcome outcome = compile(question);
        assertThat(outcome.compiled())
                .as(question + " compiled to "
                        + outcome.compiled().map(PlanCompiler.Compiled::sql).orElse(""))
                .isEmpty();
        return outcome.refusal();
    }

    @Test
    void should_join_along_many_to_one_relationships_and_keep_the_measured_tables_default_filters() {
        String sql = sql("What was net revenue by product category in Q4 2025?");
        assertThat(sql)
                .startsWith("SELECT products.category AS category, SUM(order_items.amt_rev2) AS net_revenue")
                .contains("FROM order_items AS order_items")
                .contains("JOIN products AS products ON order_items.prod_id = products.prod_id")
                .contains("JOIN orders AS orders ON order_items.order_id = orders.order_id")
                .contains("orders.order_dt >= DATE '2025-10-01' AND orders.order_dt < DATE '2026-01-01'")
                .contains("orders.is_del = FALSE")
                .contains("orders.status_cd <> 'X'")
                .contains("GROUP BY products.category");
    }

    @Test
    void should_refuse_a_join_that_would_multiply_the_measured_rows() {
        // orders are one per order; products hang off order lines: counting orders by category fans out
        assertThat(refusal("How many orders were placed per product category in 2025?"))
                .contains("not reachable");
    }

    @Test
    void should_refuse_a_table_reached_by_two_equally_short_paths() {
        // order lines reach regions through the store, the customer and the sales rep
        assertThat(refusal("What was net revenue by region name in 2025?")).contains("not reachable");
    }

    @Test
    void should_let_a_question_about_a_column_replace_the_default_conditions_on_it() {
        String byStatus = sql("How many orders were there in each status in 2025?");
        assertThat(byStatus).contains("orders.is_del = FALSE").doesNotContain("status_cd <> 'X'");
        String cancelled = sql("How many orders were cancelled in 2025?");
        assertThat(cancelled)
                .contains("(orders.status_cd = 'X')")
                .contains("orders.is_del = FALSE")
                .doesNotContain("status_cd <> 'X'");
    }

    @Test
    void should_filter_values_with_equality_in_and_negation_on_the_nearest_field() {
        assertThat(sql("What was net revenue by month in EMEA in 2025?"))
                .contains("orders.region_cd = 'EMEA'")
                .contains("DATE_TRUNC('month', orders.order_dt)")
                .contains("ORDER BY DATE_TRUNC('month', orders.order_dt)");
        assertThat(sql("What was net revenue by category in 2025 excluding EMEA?"))
                .contains("orders.region_cd <> 'EMEA'");
        assertThat(sql("What was net revenue by category in 2025 for EMEA and APAC?"))
                .contains("orders.region_cd IN ('APAC', 'EMEA')");
    }

    @Test
    void should_group_a_subcategory_under_its_category_and_a_table_by_its_name() {
        assertThat(sql("What was net revenue by subcategory in 2025?"))
                .startsWith("SELECT products.category AS category, products.subcategory AS subcategory");
        assertThat(sql("How many stores does each region have?"))
                .startsWith("SELECT regions.region_nm AS region_name, COUNT(*) AS stores")
                .contains("JOIN regions AS regions ON stores.region_id = regions.region_id");
    }

    @Test
    void should_take_one_row_for_a_singular_question_and_leave_out_rows_without_a_value() {
        assertThat(sql("Which city has the most customers?"))
                .contains("customers.is_del = FALSE")
                .contains("customers.city IS NOT NULL")
                .endsWith("ORDER BY customers DESC, city LIMIT 1");
        assertThat(sql("The 10 stores with the highest net revenue in 2025"))
                .contains("GROUP BY stores.store_nm")
                .endsWith("LIMIT 10");
    }

    @Test
    void should_list_rows_by_their_name_with_yes_no_fields_as_conditions_and_dates_only_when_named() {
        assertThat(sql("Which products were discontinued?"))
                .isEqualTo("SELECT products.prod_nm AS product_name FROM products AS products"
                        + " WHERE products.discontinued = TRUE ORDER BY product_name");
        assertThat(sql("Which stores opened in 2024?"))
                .contains("stores.opened_dt >= DATE '2024-01-01' AND stores.opened_dt < DATE '2025-01-01'");
        // products have one date, the launch: "discontinued in 2025" is not about it
        assertThat(refusal("Which products were discontinued in 2025?")).contains("names no date");
    }

    @Test
    void should_read_a_single_value_of_a_field_as_its_filter_not_a_grouping() {
        assertThat(sql("Net revenue by product category for the online channel in 2025"))
                .startsWith("SELECT products.category AS category, SUM(")
                .contains("stores.channel = 'ONLINE'")
                .contains("GROUP BY products.category ");
    }

    @Test
    void should_decline_a_count_of_events_that_the_default_filters_would_quietly_narrow() {
        // every signup of 2024, or only the customers still active? The question does not say.
        assertThat(refusal("How many customers signed up in 2024?")).contains("active customers");
        assertThat(refusal("How many employees were hired in 2024?")).contains("current employees");
        // without a named date the default holds: customers are the active ones
        assertThat(sql("How many Platinum customers do we have?"))
                .contains("customers.loyalty_tier = 'Platinum'")
                .contains("customers.is_del = FALSE");
    }

    @Test
    void should_refuse_what_it_cannot_read_completely() {
        assertThat(refusal("What was the average net revenue per happy customer in 2025?"))
                .contains("words the model does not explain");
        assertThat(refusal("Compare net revenue in 2024 with 2025")).isNotBlank();
    }

    @Test
    void should_compile_comparisons_with_numbers_as_range_filters_on_the_compared_field() {
        assertThat(sql("How many products have a list price of more than 100?"))
                .isEqualTo("SELECT COUNT(*) AS products FROM products AS products WHERE products.list_price > 100");
        assertThat(sql("How many returns had a refund amount between 50 and 200?"))
                .contains("returns.refund_amt >= 50")
                .contains("returns.refund_amt <= 200");
        // the field after its number, thousands separators, "or more"
        assertThat(sql("How many stores are larger than 20,000 square feet?")).contains("stores.sq_ft > 20000");
        assertThat(sql("How many order lines had 5 or more units?")).contains("order_items.qty >= 5");
        assertThat(sql("How many order lines had a quantity of at most 2?")).contains("order_items.qty <= 2");
        assertThat(sql("Net revenue from order lines with a unit price under 9.99 in 2025"))
                .contains("SUM(order_items.amt_rev2)")
                .contains("order_items.unit_price < 9.99");
    }

    @Test
    void should_refuse_a_comparison_it_cannot_attach_to_a_row_of_the_measured_table() {
        // an order's net revenue is a sum over its lines: not a column of the order
        assertThat(refusal("How many orders had a net revenue over 100?")).contains("does not apply");
        // "over 500" of what?
        assertThat(refusal("How many orders were over 500?")).contains("compared:over 500");
        // a count compared is a condition on groups, which plans do not express
        assertThat(refusal("How many customers have more than 5 orders?")).contains("compared:more than 5");
        // "at most 3" is a comparison, not the top 3
        assertThat(refusal("Which stores have at most 3 employees?")).contains("compared:at most 3");
    }

    @Test
    void should_read_a_flag_as_a_condition_unless_the_question_groups_by_it() {
        assertThat(sql("How many products are discontinued?")).endsWith("WHERE products.discontinued = TRUE");
        assertThat(sql("How many products are not discontinued?")).endsWith("WHERE products.discontinued = FALSE");
        assertThat(sql("Which discontinued products have a list price over 100?"))
                .startsWith("SELECT products.prod_nm AS product_name")
                .contains("products.discontinued = TRUE")
                .contains("products.list_price > 100");
        assertThat(sql("How many products are there by discontinued?"))
                .contains("GROUP BY products.discontinued")
                .doesNotContain("WHERE");
    }
}
