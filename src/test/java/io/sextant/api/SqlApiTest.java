package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Governed SQL over HTTP on the Acme demo warehouse, as different users. */
@QuarkusTest
class SqlApiTest {

    private static ValidatableResponse post(String path, String user, Map<String, Object> body) {
        return given().header("X-Sextant-User", user)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sql/" + path)
                .then();
    }

    @Test
    void should_apply_the_row_policy_of_the_caller() {
        List<String> elena = post("execute", "elena", Map.of("sql", "SELECT DISTINCT region_cd FROM orders"))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("rows.flatten()");
        List<String> noah = post("execute", "noah", Map.of("sql", "SELECT DISTINCT region_cd FROM orders"))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("rows.flatten()");

        assertThat(elena).containsExactly("EMEA");
        assertThat(noah).contains("EMEA", "NA").hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void should_return_columns_rows_and_the_sql_as_run() {
        post("execute", "noah", Map.of("sql", "select region_cd, count(*) as n from ORDERS group by region_cd"))
                .statusCode(200)
                .body("columns[0].name", equalTo("region_cd"))
                .body("columns[1].name", equalTo("n"))
                .body("dialect", equalTo("duckdb"))
                .body("sql", startsWith("SELECT \"region_cd\""))
                .body("truncated", equalTo(false))
                .body("rowCount", equalTo(4));
    }

    @Test
    void should_cap_rows_and_say_so() {
        post("execute", "noah", Map.of("sql", "SELECT order_id FROM orders"))
                .statusCode(200)
                .body("rowCount", equalTo(1000))
                .body("truncated", equalTo(true));
    }

    @Test
    void should_stream_csv() {
        String csv = given().header("X-Sextant-User", "noah")
                .contentType(ContentType.JSON)
                .accept("text/csv")
                .body(Map.of("sql", "SELECT region_cd, region_nm FROM regions ORDER BY region_id", "format", "csv"))
                .post("/api/v1/sql/execute")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract()
                .asString();
        assertThat(csv.split("\r\n")).hasSize(5);
        assertThat(csv).startsWith("region_cd,region_nm\r\n");
    }

    @Test
    void should_refuse_writes_and_denied_columns_with_problem_details() {
        post("execute", "noah", Map.of("sql", "DELETE FROM orders"))
                .statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("sql-not-a-query"))
                .body("errors[0].code", equalTo("sql-not-a-query"));
        post("execute", "noah", Map.of("sql", "SELECT avg(annual_salary) FROM employees"))
                .statusCode(422)
                .body("code", equalTo("sql-unknown-column"));
        post("execute", "hana", Map.of("sql", "SELECT avg(annual_salary) FROM employees"))
                .statusCode(200);
    }

    @Test
    void should_check_without_running_and_suggest_names() {
        post("check", "noah", Map.of("sql", "SELECT sum(revenue) FROM order_items"))
                .statusCode(200)
                .body("accepted", equalTo(false))
                .body("errors[0].code", equalTo("sql-unknown-column"))
                .body("errors[0].suggestions", hasItem("order_items.amt_rev2"));
        post("check", "elena", Map.of("sql", "SELECT count(*) FROM orders"))
                .statusCode(200)
                .body("accepted", equalTo(true))
                .body("tables", hasItem("orders"))
                .body("sql", org.hamcrest.Matchers.containsString("'EMEA'"));
    }

    @Test
    void should_export_for_other_dialects_but_not_run_them() {
        post("check", "noah", Map.of("sql", "SELECT region_cd FROM orders LIMIT 5", "dialect", "trino"))
                .statusCode(200)
                .body("dialect", equalTo("trino"));
        post("check", "noah", Map.of("sql", "SELECT 1", "dialect", "oracle9"))
                .statusCode(400)
                .body("code", equalTo("unknown-dialect"));
    }

    @Test
    void should_reject_bad_requests() {
        post("execute", "noah", Map.of("sql", " ")).statusCode(400).body("code", equalTo("sql-empty"));
        post("execute", "noah", Map.of("sql", "SELECT 1", "format", "xml"))
                .statusCode(400)
                .body("code", equalTo("unknown-format"));
        post("execute", "nobody-at-all", Map.of("sql", "SELECT 1")).statusCode(401);
        post("execute", "noah", Map.of("sql", "SELECT 1" + " ".repeat(120_000)))
                .statusCode(422)
                .body("code", equalTo("sql-too-long"));
    }

    @Test
    void should_never_return_the_warehouse_s_error_text_and_keep_it_in_the_audit() {
        String body = post(
                        "execute",
                        "elena",
                        Map.of("sql", "SELECT CAST('zz' || cust_nm AS INTEGER) AS n FROM customers"))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("query-data-error"))
                .body("reference", org.hamcrest.Matchers.notNullValue())
                .extract()
                .asString();
        assertThat(body).doesNotContain("zz").doesNotContain("Conversion");
        String reference = new io.restassured.path.json.JsonPath(body).getString("reference");

        given().header("X-Sextant-User", "ada")
                .queryParam("kind", "sql.execute")
                .queryParam("decision", "failed")
                .queryParam("user", "elena")
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200)
                .body(
                        "events.find { it.detail.contains('" + reference + "') }.detail",
                        org.hamcrest.Matchers.containsString("zz"));
    }
}
