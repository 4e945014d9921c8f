package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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
}
