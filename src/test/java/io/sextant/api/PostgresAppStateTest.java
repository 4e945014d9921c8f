package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sextant.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Server mode: app state in PostgreSQL, migrated by Flyway, used through Hibernate ORM. */
@QuarkusTest
@TestProfile(PostgresAppStateTest.PostgresAppState.class)
class PostgresAppStateTest {

    static final String SCHEMA = "sextant_app_test";

    public static class PostgresAppState implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("quarkus.datasource.db-kind", "postgresql"),
                    Map.entry("quarkus.datasource.jdbc.url", PostgresTestDatabase.url() + "?currentSchema=" + SCHEMA),
                    Map.entry("quarkus.datasource.username", PostgresTestDatabase.user()),
                    Map.entry("quarkus.datasource.password", PostgresTestDatabase.password()),
                    Map.entry("quarkus.flyway.schemas", SCHEMA),
                    Map.entry("quarkus.flyway.default-schema", SCHEMA),
                    Map.entry("quarkus.flyway.clean-at-start", "true"),
                    Map.entry("quarkus.flyway.clean-disabled", "false"),
                    Map.entry("quarkus.hibernate-orm.database.default-schema", SCHEMA));
        }
    }

    @Test
    void should_run_on_postgresql_and_report_server_mode() {
        given().header("X-Sextant-User", "ada")
                .get("/api/v1/info")
                .then()
                .statusCode(200)
                .body("appDatabase", equalTo("postgresql"))
                .body("storageMode", equalTo("server"));
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void should_keep_users_in_postgresql() throws SQLException {
        given().header("X-Sextant-User", "ada")
                .get("/api/v1/admin/users")
                .then()
                .statusCode(200)
                .body("find { it.id == 'noah' }.attributes.region", equalTo("NA"));

        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".app_user_group WHERE user_id = 'elena'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void should_keep_credentials_access_rules_and_the_audit_log_in_postgresql() throws SQLException {
        String token = given().auth()
                .preemptive()
                .basic("elena", "demo")
                .contentType(ContentType.JSON)
                .body(Map.of("name", "pg-test"))
                .post("/api/v1/me/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        given().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(Map.of("sql", "SELECT COUNT(*) AS pg_audit_marker FROM orders"))
                .post("/api/v1/sql/execute")
                .then()
                .statusCode(200);
        given().auth()
                .preemptive()
                .basic("ada", "demo")
                .contentType(ContentType.JSON)
                .body(Map.of("groups", java.util.List.of("finance", "admins")))
                .put("/api/v1/admin/permissions/columns/order_items.unit_cost")
                .then()
                .statusCode(200)
                .body("columns.'order_items.unit_cost'", equalTo(java.util.List.of("admins", "finance")));

        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT sql_run FROM " + SCHEMA
                    + ".audit_event WHERE kind = 'sql.execute' AND user_id = 'elena' ORDER BY created_at DESC")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).contains("pg_audit_marker").contains("'EMEA'");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA
                    + ".api_token WHERE user_id = 'elena' AND token_hash <> '" + token + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA
                    + ".access_grant WHERE kind = 'column' AND name = 'order_items.unit_cost'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }
}
