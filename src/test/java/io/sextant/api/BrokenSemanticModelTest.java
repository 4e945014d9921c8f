package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A broken semantic model does not stop the server; it is reported with file and line. */
@QuarkusTest
@TestProfile(BrokenSemanticModelTest.BrokenModel.class)
class BrokenSemanticModelTest {

    public static class BrokenModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sextant.catalog.semantic-model", "src/test/resources/broken-semantic-model.yaml");
        }
    }

    @Test
    void should_start_and_report_each_mistake_with_its_line() {
        JsonPath report = given().header("X-Sextant-User", "ada")
                .get("/api/v1/admin/semantic-model")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .extract()
                .jsonPath();

        List<Map<String, Object>> issues = report.getList("issues");
        assertThat(issues)
                .extracting(i -> i.get("line") + ":" + i.get("code"))
                .containsExactly("8:unknown-column", "16:unknown-table", "19:unknown-table");
        assertThat(issues).allSatisfy(i -> assertThat((String) i.get("file")).endsWith("broken-semantic-model.yaml"));
        assertThat((String) issues.get(0).get("message"))
                .contains("'status_code'")
                .contains("did you mean 'status_cd'");
    }

    @Test
    void should_mark_only_the_semantic_model_as_not_ready() {
        JsonPath health =
                given().get("/q/health").then().statusCode(503).extract().jsonPath();

        assertThat(health.getString("checks.find { it.name == 'semantic-model' }.status"))
                .isEqualTo("DOWN");
        assertThat(health.getString("checks.find { it.name == 'warehouse' }.status"))
                .isEqualTo("UP");
        assertThat(health.getInt("checks.find { it.name == 'semantic-model' }.data.errors"))
                .isEqualTo(3);
    }

    @Test
    void should_keep_serving_the_warehouse() {
        given().header("X-Sextant-User", "ada")
                .get("/api/v1/admin/warehouse/tables/orders")
                .then()
                .statusCode(200)
                .body("name", equalTo("orders"));
        given().header("X-Sextant-User", "ada")
                .get("/api/v1/info")
                .then()
                .statusCode(200)
                .body("semanticModel.valid", equalTo(false));
    }
}
