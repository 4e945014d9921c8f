package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A query that runs too long is cancelled with a clear error, and the server keeps serving. */
@QuarkusTest
@TestProfile(SqlTimeoutTest.ShortTimeout.class)
class SqlTimeoutTest {

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sextant.sql.statement-timeout", "1s", "sextant.sql.explain", "false");
        }
    }

    @Test
    void should_cancel_a_long_query_and_keep_serving() {
        given().header("X-Sextant-User", "noah")
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "sql", "SELECT count(*) FROM order_items a, order_items b WHERE a.amt_rev1 * b.qty > a.qty"))
                .post("/api/v1/sql/execute")
                .then()
                .statusCode(503)
                .body("code", equalTo("query-timeout"));

        given().header("X-Sextant-User", "noah")
                .contentType(ContentType.JSON)
                .body(Map.of("sql", "SELECT count(*) FROM regions"))
                .post("/api/v1/sql/execute")
                .then()
                .statusCode(200)
                .body("rows[0][0]", equalTo(4));
    }
}
