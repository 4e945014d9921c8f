package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Admins curate verified queries; users rate answers; good answers become verified queries. */
@QuarkusTest
class CurationApiTest {

    private static RequestSpecification as(String user) {
        return given().header("X-Sextant-User", user).contentType(ContentType.JSON);
    }

    private static JsonPath ask(String user, String question) {
        return as(user).body(Map.of("question", question))
                .post("/api/v1/ask")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static List<String> semanticSearch(String query) {
        return as("ada")
                .body(Map.of("query", query, "k", 20, "index", "semantic"))
                .post("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("results.documentId");
    }

    @Test
    void should_list_the_models_verified_queries_and_keep_admin_routes_for_admins() {
        List<String> names =
                as("ada").get("/api/v1/admin/verified-queries").jsonPath().getList("name");
        assertThat(names).contains("net_revenue_by_region_2025", "top_customers_2025");
        JsonPath one = as("ada")
                .get("/api/v1/admin/verified-queries/net_revenue_by_region_2025")
                .jsonPath();
        assertThat(one.getString("status")).isEqualTo("VERIFIED");
        assertThat(one.getString("origin")).isEqualTo("model");
        assertThat(as("ada")
                        .queryParam("search", "holiday")
                        .get("/api/v1/admin/verified-queries")
                        .jsonPath()
                        .getList("name"))
                .containsExactly("holiday_promotion_2025");
        as("noah").get("/api/v1/admin/verified-queries").then().statusCode(403);
        as("noah")
                .post("/api/v1/admin/verified-queries/top_customers_2025/retire")
                .then()
                .statusCode(403);
        as("ada").get("/api/v1/admin/verified-queries/nope").then().statusCode(404);

        String yaml = as("ada")
                .get("/api/v1/admin/verified-queries/export")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        io.sextant.catalog.SemanticModel exported = io.sextant.catalog.SemanticModelParser.parse(
                        java.nio.file.Path.of("exported.yaml"),
                        "name: exported\ntables:\n  - name: orders\n    base_table: {database: acme, schema: main, table: orders}\n"
                                + yaml)
                .model()
                .orElseThrow();
        assertThat(exported.verifiedQueries())
                .extracting(io.sextant.catalog.SemanticModel.VerifiedQuery::name)
                .contains("net_revenue_by_region_2025", "top_customers_2025");
    }

    @Test
    void should_trust_a_new_query_only_once_approved_and_never_once_retired() {
        String question = "How many current employees are there per job title?";
        assertThat(ask("ada", question).getString("decision")).isNotEqualTo("ANSWER");

        as("ada")
                .body(
                        Map.of(
                                "name",
                                "headcount_by_job_title",
                                "question",
                                question,
                                "alternatives",
                                List.of("Current headcount by job title"),
                                "sql",
                                "SELECT job_title, COUNT(*) AS headcount FROM employees WHERE term_dt IS NULL GROUP BY job_title"))
                .post("/api/v1/admin/verified-queries")
                .then()
                .statusCode(201);
        JsonPath draft = as("ada")
                .get("/api/v1/admin/verified-queries/headcount_by_job_title")
                .jsonPath();
        assertThat(draft.getString("status")).isEqualTo("DRAFT");
        assertThat(draft.getList("tables")).containsExactly("employees");
        assertThat(ask("ada", question).getString("decision"))
                .as("a draft is not trusted")
                .isNotEqualTo("ANSWER");

        JsonPath approved = as("ada")
                .post("/api/v1/admin/verified-queries/headcount_by_job_title/approve")
                .jsonPath();
        assertThat(approved.getString("status")).isEqualTo("VERIFIED");
        assertThat(approved.getString("verifiedBy")).isEqualTo("ada");
        JsonPath answer = ask("ada", question);
        assertThat(answer.getString("decision")).isEqualTo("ANSWER");
        assertThat(answer.getString("path")).isEqualTo("VERIFIED");
        assertThat(answer.getString("verifiedQuery")).isEqualTo("headcount_by_job_title");
        assertThat(ask("ada", "Current headcount by job title").getString("verifiedQuery"))
                .as("an alternative phrasing")
                .isEqualTo("headcount_by_job_title");
        assertThat(ask("noah", "How many current employees are there for each job title?")
                        .getString("verifiedQuery"))
                .as("a paraphrase nobody stored, by another user who may read the table")
                .isEqualTo("headcount_by_job_title");
        as("ada")
                .body(Map.of("groups", List.of("hr", "admins")))
                .put("/api/v1/admin/permissions/tables/employees")
                .then()
                .statusCode(200);
        try {
            JsonPath refused = ask("noah", question);
            assertThat(refused.getString("path")).isNotEqualTo("VERIFIED");
            assertThat(refused.getString("verifiedQuery")).isNull();
            assertThat(ask("hana", question).getString("verifiedQuery")).isEqualTo("headcount_by_job_title");
        } finally {
            as("ada")
                    .delete("/api/v1/admin/permissions/tables/employees")
                    .then()
                    .statusCode(200);
        }

        // an edit is a draft again
        as("ada")
                .body(Map.of(
                        "question",
                        question,
                        "sql",
                        "SELECT job_title, COUNT(*) AS headcount FROM employees WHERE term_dt IS NULL GROUP BY 1"))
                .put("/api/v1/admin/verified-queries/headcount_by_job_title")
                .then()
                .statusCode(200);
        assertThat(ask("ada", question).getString("decision")).isNotEqualTo("ANSWER");
        as("ada")
                .post("/api/v1/admin/verified-queries/headcount_by_job_title/approve")
                .then()
                .statusCode(200);
        assertThat(ask("ada", question).getString("decision")).isEqualTo("ANSWER");

        assertThat(semanticSearch("current employees per job title"))
                .as("the semantic index follows the store")
                .contains("verified:headcount_by_job_title");

        as("ada")
                .post("/api/v1/admin/verified-queries/headcount_by_job_title/retire")
                .then()
                .statusCode(200);
        assertThat(ask("ada", question).getString("decision")).isNotEqualTo("ANSWER");
        assertThat(semanticSearch("current employees per job title")).doesNotContain("verified:headcount_by_job_title");
        as("ada")
                .delete("/api/v1/admin/verified-queries/headcount_by_job_title")
                .then()
                .statusCode(204);
    }

    @Test
    void should_offer_onboarding_questions_the_caller_may_run_and_suggest_new_verified_queries() {
        String attainment = "How did each region perform against its 2025 sales target?";
        assertThat(as("noah").get("/api/v1/suggested-questions").jsonPath().getList(""))
                .contains("What was net revenue by region in 2025?", attainment);
        try {
            as("ada")
                    .body(Map.of("groups", List.of("finance")))
                    .put("/api/v1/admin/permissions/tables/sales_targets")
                    .then()
                    .statusCode(200);
            assertThat(as("noah").get("/api/v1/suggested-questions").jsonPath().getList(""))
                    .as("noah may no longer read sales_targets")
                    .contains("What was net revenue by region in 2025?")
                    .doesNotContain(attainment);
            assertThat(as("farid").get("/api/v1/suggested-questions").jsonPath().getList(""))
                    .contains(attainment);
        } finally {
            as("ada").delete("/api/v1/admin/permissions/tables/sales_targets");
        }

        String declined = "Which suppliers delivered late in 2025?";
        ask("noah", declined);
        ask("elena", declined + " ");
        List<Map<String, Object>> suggestions = as("ada")
                .get("/api/v1/admin/verified-queries/suggestions")
                .jsonPath()
                .getList("");
        assertThat(suggestions)
                .anyMatch(s -> declined.equals(s.get("question")) && ((Integer) s.get("abstained")) >= 2);
        as("noah").get("/api/v1/admin/verified-queries/suggestions").then().statusCode(403);
    }

    @Test
    void should_refuse_sql_the_guard_refuses_and_names_that_are_not_identifiers() {
        JsonPath refused = as("ada")
                .body(Map.of(
                        "name", "broken_query", "question", "Revenue?", "sql", "SELECT sum(revenue) FROM order_items"))
                .post("/api/v1/admin/verified-queries")
                .then()
                .statusCode(422)
                .extract()
                .jsonPath();
        assertThat(refused.getString("code")).isEqualTo("verified-query-refused");
        assertThat(refused.getString("detail")).contains("sql-unknown-column");
        as("ada")
                .body(Map.of("name", "Bad Name!", "question", "q", "sql", "SELECT 1"))
                .post("/api/v1/admin/verified-queries")
                .then()
                .statusCode(400);
        as("ada")
                .body(Map.of("name", "drop_it", "question", "q", "sql", "DROP TABLE orders"))
                .post("/api/v1/admin/verified-queries")
                .then()
                .statusCode(422);
    }

    @Test
    void should_test_run_as_a_chosen_user_with_their_row_policies() {
        JsonPath run = as("ada")
                .post("/api/v1/admin/verified-queries/net_revenue_by_region_2025/test-run?as=elena")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(run.getString("user")).isEqualTo("elena");
        assertThat(run.getString("sqlAsRun")).contains("'EMEA'");
        assertThat(run.getList("rows")).hasSize(1);
        JsonPath all = as("ada")
                .post("/api/v1/admin/verified-queries/net_revenue_by_region_2025/test-run")
                .jsonPath();
        assertThat(all.getList("rows").size()).isGreaterThan(1);
        as("ada")
                .post("/api/v1/admin/verified-queries/net_revenue_by_region_2025/test-run?as=nobody-here")
                .then()
                .statusCode(404);
    }

    @Test
    void should_take_feedback_from_the_user_who_got_the_answer_and_promote_it() {
        JsonPath answer = ask("noah", "What was net revenue by region in 2024?");
        assertThat(answer.getString("path")).isEqualTo("PLANNED");
        String requestId = answer.getString("requestId");

        as("elena")
                .body(Map.of("requestId", requestId, "rating", "up"))
                .post("/api/v1/feedback")
                .then()
                .statusCode(404);
        as("noah")
                .body(Map.of("requestId", requestId, "rating", "sideways"))
                .post("/api/v1/feedback")
                .then()
                .statusCode(400);
        String id = as("noah")
                .body(Map.of("requestId", requestId, "rating", "up", "comment", "exactly right"))
                .post("/api/v1/feedback")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");

        List<Map<String, Object>> ups = as("ada")
                .queryParam("rating", "up")
                .queryParam("user", "noah")
                .get("/api/v1/admin/feedback")
                .jsonPath()
                .getList("");
        assertThat(ups).anyMatch(f -> id.equals(f.get("id")) && "PLANNED".equals(f.get("path")));
        as("noah").get("/api/v1/admin/feedback").then().statusCode(403);

        JsonPath promoted = as("ada")
                .body(Map.of("name", "net_revenue_by_region_2024", "verified", true))
                .post("/api/v1/admin/feedback/" + id + "/promote")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertThat(promoted.getString("origin")).isEqualTo("feedback");
        assertThat(promoted.getString("sql")).contains("'2024-01-01'").doesNotContain("OFFSET");
        JsonPath again = ask("noah", "What was net revenue by region in 2024?");
        assertThat(again.getString("path")).isEqualTo("VERIFIED");
        assertThat(again.getString("verifiedQuery")).isEqualTo("net_revenue_by_region_2024");
        // the promoted query is the SQL before noah's permissions: elena still sees only EMEA
        assertThat(ask("elena", "What was net revenue by region in 2024?").getList("rows"))
                .hasSize(1);
        as("ada")
                .delete("/api/v1/admin/verified-queries/net_revenue_by_region_2024")
                .then()
                .statusCode(204);
    }

    private static final String WRONG_NET_REVENUE_BY_YEAR = """
            verified_queries:
              - name: net_revenue_by_year
                question: What was net revenue by year?
                sql: |
                  SELECT EXTRACT(YEAR FROM o.order_dt) AS order_year, SUM(i.amt_rev1) AS net_revenue
                  FROM orders o JOIN order_items i ON i.order_id = o.order_id
                  GROUP BY EXTRACT(YEAR FROM o.order_dt) ORDER BY order_year
            """;

    private static RequestSpecification yaml(String user, String body) {
        return given().header("X-Sextant-User", user)
                .contentType("application/yaml")
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void should_gate_changes_that_make_answers_worse_and_pass_those_that_make_them_better() {
        JsonPath bad = yaml("ada", WRONG_NET_REVENUE_BY_YEAR)
                .post("/api/v1/admin/verified-queries/gate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(bad.getBoolean("regressed")).isTrue();
        assertThat(bad.getList("regressions", String.class)).anyMatch(r -> r.contains("g2"));
        assertThat(bad.getInt("proposed.right")).isLessThan(bad.getInt("current.right"));
        assertThat(bad.getList("changes.id")).containsExactly("g2");

        JsonPath refused = yaml("ada", WRONG_NET_REVENUE_BY_YEAR)
                .queryParam("gate", true)
                .post("/api/v1/admin/verified-queries/import")
                .then()
                .statusCode(409)
                .extract()
                .jsonPath();
        assertThat(refused.getString("code")).isEqualTo("gate-regression");
        assertThat(refused.getList("errors.id")).containsExactly("g2");
        assertThat(as("ada")
                        .get("/api/v1/admin/verified-queries/net_revenue_by_year")
                        .jsonPath()
                        .getString("sql"))
                .as("nothing imported")
                .contains("amt_rev2");

        JsonPath good = yaml("ada", """
                        verified_queries:
                          - name: brands_by_category
                            question: How many different brands does each product category carry?
                            sql: SELECT category, COUNT(DISTINCT brand) AS brands FROM products GROUP BY category
                        """)
                .post("/api/v1/admin/verified-queries/gate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(good.getBoolean("regressed")).isFalse();
        assertThat(good.getInt("proposed.right")).isEqualTo(good.getInt("current.right") + 1);
        assertThat(good.getDouble("proposed.rs10")).isGreaterThan(good.getDouble("current.rs10"));
        assertThat(as("ada")
                        .get("/api/v1/admin/verified-queries/brands_by_category")
                        .statusCode())
                .as("a gate run stores nothing")
                .isEqualTo(404);

        yaml("noah", WRONG_NET_REVENUE_BY_YEAR)
                .post("/api/v1/admin/verified-queries/gate")
                .then()
                .statusCode(403);
        yaml("noah", WRONG_NET_REVENUE_BY_YEAR)
                .post("/api/v1/admin/verified-queries/import")
                .then()
                .statusCode(403);
        yaml("ada", "verified_queries:\n  - name: Bad Name\n    question: q\n    sql: SELECT 1\n")
                .post("/api/v1/admin/verified-queries/import")
                .then()
                .statusCode(422);
    }

    @Test
    void should_import_verified_queries_replacing_those_of_the_same_name() {
        String file = "verified_queries:\n  - name: stores_by_region_id\n    question: How many stores has each"
                + " region id?\n    sql: %s\n  - name: products_by_brand\n    question: How many products has each"
                + " brand?\n    sql: SELECT brand, COUNT(*) AS products FROM products GROUP BY brand\n";
        String first = "SELECT region_id, COUNT(*) AS stores FROM stores GROUP BY region_id";
        String second = "SELECT s.region_id, COUNT(*) AS stores FROM stores s GROUP BY s.region_id ORDER BY 1";
        try {
            JsonPath created = yaml("ada", file.formatted(first))
                    .post("/api/v1/admin/verified-queries/import")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(created.getList("created")).containsExactly("stores_by_region_id", "products_by_brand");
            assertThat(ask("noah", "How many stores has each region id?").getString("path"))
                    .isEqualTo("VERIFIED");

            JsonPath replaced = yaml("ada", file.formatted(second))
                    .post("/api/v1/admin/verified-queries/import")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(replaced.getList("created")).isEmpty();
            assertThat(replaced.getList("updated")).containsExactly("stores_by_region_id", "products_by_brand");
            JsonPath stored = as("ada")
                    .get("/api/v1/admin/verified-queries/stores_by_region_id")
                    .jsonPath();
            assertThat(stored.getString("sql")).isEqualTo(second);
            assertThat(stored.getString("verifiedBy")).isEqualTo("ada");
            assertThat(stored.getString("status")).isEqualTo("VERIFIED");
        } finally {
            as("ada").delete("/api/v1/admin/verified-queries/stores_by_region_id");
            as("ada").delete("/api/v1/admin/verified-queries/products_by_brand");
        }
    }

    @jakarta.inject.Inject
    javax.sql.DataSource appDatabase;

    @Test
    void should_follow_a_verified_query_another_instance_approved_in_the_shared_app_database() throws Exception {
        String question = "How many stores were there per store channel?";
        assertThat(ask("noah", question).getString("path")).isNotEqualTo("VERIFIED");
        // What another instance's approval leaves in the app database: the row and a new version.
        try (var c = appDatabase.getConnection();
                var s = c.createStatement()) {
            s.executeUpdate("INSERT INTO verified_query (name, question, sql_text, owner, verified_by, verified_at,"
                    + " status, onboarding, origin, created_at, updated_at) VALUES ('stores_by_channel', '" + question
                    + "', 'SELECT channel, COUNT(*) AS stores FROM stores GROUP BY channel', 'ada', 'ada',"
                    + " CURRENT_TIMESTAMP, 'verified', FALSE, 'admin', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            s.executeUpdate("UPDATE app_setting SET setting_value = 'elsewhere' WHERE name = 'curation.version'");
        }
        try {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
            String path = ask("noah", question).getString("path");
            while (!"VERIFIED".equals(path) && System.nanoTime() < deadline) {
                Thread.sleep(500);
                path = ask("noah", question).getString("path");
            }
            assertThat(path).as("followed within the follower's period").isEqualTo("VERIFIED");
        } finally {
            as("ada").delete("/api/v1/admin/verified-queries/stores_by_channel");
        }
    }

    @Test
    void should_mark_a_query_stale_when_its_owner_may_no_longer_read_its_tables() {
        as("ada")
                .body(Map.of(
                        "name", "targets_by_region",
                        "question", "What are the sales targets per region id?",
                        "sql", "SELECT region_id, SUM(target_amt) AS target FROM sales_targets GROUP BY region_id",
                        "verified", true))
                .post("/api/v1/admin/verified-queries")
                .then()
                .statusCode(201);
        try {
            as("ada")
                    .body(Map.of("groups", List.of("finance")))
                    .put("/api/v1/admin/permissions/tables/sales_targets")
                    .then()
                    .statusCode(200);
            List<Map<String, Object>> checks = as("ada")
                    .post("/api/v1/admin/verified-queries/revalidate")
                    .jsonPath()
                    .getList("");
            assertThat(checks)
                    .anyMatch(c -> "targets_by_region".equals(c.get("name")) && Boolean.TRUE.equals(c.get("stale")));
            JsonPath stale = as("ada")
                    .get("/api/v1/admin/verified-queries/targets_by_region")
                    .jsonPath();
            assertThat(stale.getString("status")).isEqualTo("STALE");
            assertThat(stale.getString("staleReason")).contains("guard refuses");
            assertThat(as("ada")
                            .queryParam("status", "stale")
                            .get("/api/v1/admin/verified-queries")
                            .jsonPath()
                            .getList("name"))
                    .contains("targets_by_region");
            // checked as its owner: the model's query on the same table belongs to farid (finance)
            assertThat(checks)
                    .filteredOn(c -> Boolean.TRUE.equals(c.get("stale")))
                    .extracting(c -> c.get("name"))
                    .containsExactly("targets_by_region");
            as("ada")
                    .delete("/api/v1/admin/permissions/tables/sales_targets")
                    .then()
                    .statusCode(200);
            assertThat(ask("ada", "What are the sales targets per region id?").getString("decision"))
                    .as("stale: out of the trusted path until re-approved")
                    .isNotEqualTo("ANSWER");
            as("ada")
                    .post("/api/v1/admin/verified-queries/targets_by_region/approve")
                    .then()
                    .statusCode(200);
            assertThat(ask("ada", "What are the sales targets per region id?").getString("path"))
                    .isEqualTo("VERIFIED");
        } finally {
            as("ada").delete("/api/v1/admin/permissions/tables/sales_targets");
            as("ada").delete("/api/v1/admin/verified-queries/targets_by_region");
        }
    }
}
