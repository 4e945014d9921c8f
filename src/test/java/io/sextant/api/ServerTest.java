package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded demo, end to end over HTTP. */
@QuarkusTest
class ServerTest {

    @Test
    void should_be_healthy_with_every_check_up() {
        JsonPath health =
                given().get("/q/health").then().statusCode(200).extract().jsonPath();

        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getList("checks.name"))
                .contains("warehouse", "semantic-model", "index-directory", "Database connections health check");
        assertThat(health.getList("checks.status")).containsOnly("UP");
    }

    @Test
    void should_publish_metrics_of_asks_guard_and_warehouse_to_signed_in_callers_only() {
        given().header("X-Sextant-User", "noah")
                .contentType("application/json")
                .body(Map.of("question", "What was net revenue by year?"))
                .post("/api/v1/ask")
                .then()
                .statusCode(200);
        given().header("X-Sextant-User", "noah")
                .contentType("application/json")
                .body(Map.of("sql", "SELECT no_such_column FROM orders"))
                .post("/api/v1/sql/check")
                .then()
                .statusCode(200);
        String metrics = given().header("X-Sextant-User", "noah")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(metrics)
                .contains("sextant_ask_stage_seconds_count{stage=\"total\"")
                .contains("sextant_ask_decisions_total{decision=\"ANSWER\",path=\"VERIFIED\"")
                .contains("sextant_guard_refusals_total{code=\"sql-unknown-column\"")
                .contains("sextant_warehouse_statements_seconds_count{outcome=\"ok\"")
                .contains("sextant_sql_queue")
                .contains("sextant_audit_write_failures_total")
                .contains("sextant_embedder_texts_total")
                .contains("sextant_pgwire_connections")
                .contains("sextant_index_chunks{kind=\"lucene\"}")
                .contains("sextant_index_size_bytes{kind=\"lucene\"}")
                .contains("http_server_requests_seconds_count");
        given().get("/q/metrics").then().statusCode(401);
    }

    private static double metric(String name) {
        String metrics = given().header("X-Sextant-User", "ada")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        // OpenMetrics: a sample may end with an exemplar ("# {trace_id=...} 1.0 <time>")
        return metrics.lines()
                .filter(l -> l.startsWith(name))
                .map(l -> l.contains(" # ") ? l.substring(0, l.indexOf(" # ")) : l)
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void should_answer_a_repeated_question_without_embedding_or_running_it_again() {
        String question = "What is the current headcount by department?";
        java.util.function.Supplier<String> ask = () -> given().header("X-Sextant-User", "noah")
                .contentType("application/json")
                .body(Map.of("question", question))
                .post("/api/v1/ask")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("decision");
        assertThat(ask.get()).isEqualTo("ANSWER");
        double statements = metric("sextant_warehouse_statements_seconds_count{outcome=\"ok\"");
        double hits = metric("sextant_embedder_query_cache_total{result=\"hit\"");
        assertThat(ask.get()).isEqualTo("ANSWER");
        assertThat(metric("sextant_warehouse_statements_seconds_count{outcome=\"ok\""))
                .as("the rows of the same checked statement are reused")
                .isEqualTo(statements);
        assertThat(metric("sextant_embedder_query_cache_total{result=\"hit\"")).isGreaterThan(hits);
        assertThat(metric("sextant_embedder_texts_total")).isPositive();
    }

    @Test
    void should_refuse_a_json_body_over_the_limit_before_reading_it() {
        String huge = "x".repeat(2 * 1024 * 1024);
        given().header("X-Sextant-User", "noah")
                .contentType("application/json")
                .body("{\"question\": \"" + huge + "\"}")
                .post("/api/v1/ask")
                .then()
                .statusCode(413)
                .body("code", org.hamcrest.Matchers.equalTo("body-too-large"));
        given().header("X-Sextant-User", "noah")
                .contentType("application/json")
                .body(Map.of("sql", "SELECT count(*) FROM regions"))
                .post("/api/v1/sql/execute")
                .then()
                .statusCode(200);
    }

    @Test
    void should_list_the_acme_tables_with_row_counts() {
        List<Map<String, Object>> tables = given().header("X-Sextant-User", "ada")
                .get("/api/v1/admin/warehouse/tables")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");

        Map<String, Long> counts = new java.util.HashMap<>();
        tables.forEach(t -> counts.put((String) t.get("name"), ((Number) t.get("rowCount")).longValue()));
        assertThat(counts)
                .containsKeys(
                        "regions",
                        "stores",
                        "employees",
                        "customers",
                        "products",
                        "orders",
                        "order_items",
                        "returns",
                        "sales_targets");
        assertThat(counts.get("order_items")).isGreaterThanOrEqualTo(200_000L);
        assertThat(counts.values()).allMatch(n -> n > 0);
    }

    @Test
    void should_describe_one_table_and_refuse_an_unknown_one_with_a_problem() {
        given().header("X-Sextant-User", "ada")
                .get("/api/v1/admin/warehouse/tables/ORDERS")
                .then()
                .statusCode(200)
                .body("name", equalTo("orders"))
                .body("primaryKey", equalTo(List.of("order_id")))
                .body("columns.name", hasItems("order_dt", "ship_dt", "status_cd", "is_del", "region_cd"));

        given().header("X-Sextant-User", "ada")
                .get("/api/v1/admin/warehouse/tables/no_such_table")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("table-not-found"))
                .body("status", equalTo(404));
    }

    @Test
    void should_load_the_semantic_model_with_zero_errors() {
        given().header("X-Sextant-User", "ada")
                .get("/api/v1/admin/semantic-model")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true))
                .body("errors", equalTo(0))
                .body("issues.size()", equalTo(0))
                .body("tables.size()", equalTo(9));

        given().header("X-Sextant-User", "ada")
                .post("/api/v1/admin/semantic-model/reload")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void should_report_version_storage_mode_and_llm_provider() {
        given().header("X-Sextant-User", "ada")
                .get("/api/v1/info")
                .then()
                .statusCode(200)
                .body("name", equalTo("Sextant"))
                .body("version", startsWith("0."))
                .body("storageMode", equalTo("embedded"))
                .body("appDatabase", equalTo("h2"))
                .body("warehouse.kind", equalTo("duckdb"))
                .body("warehouse.embeddedDemo", equalTo(true))
                .body("llmProvider", equalTo("none"));
    }

    @Test
    void should_seed_the_demo_users_with_groups_and_attributes() {
        JsonPath users = given().header("X-Sextant-User", "ada")
                .get("/api/v1/admin/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(users.getList("id")).contains("ada", "elena", "noah", "hana", "farid");
        assertThat(users.getString("find { it.id == 'elena' }.attributes.region"))
                .isEqualTo("EMEA");
        assertThat(users.getList("find { it.id == 'elena' }.groups")).contains("sales", "emea");
        assertThat(users.getList("find { it.id == 'hana' }.groups")).containsExactly("hr");
    }

    @Test
    void should_answer_unknown_paths_with_a_problem() {
        given().header("X-Sextant-User", "ada")
                .get("/api/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not-found"));
    }
}
