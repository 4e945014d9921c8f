package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.sextant.PostgresTestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verified queries go stale when what they read disappears: a field removed from the semantic
 * model, a column dropped in the warehouse (a PostgreSQL warehouse made here, so the test can
 * change it while the server runs). A stale query no longer answers.
 */
@QuarkusTest
@TestProfile(CurationLifecycleTest.Lifecycle.class)
class CurationLifecycleTest {

    static final String SCHEMA = "sextant_lifecycle";
    static final String PASSWORD = "lifecycle test admin";
    static final Path DIR = Path.of("./target/test-data/lifecycle");
    static final Path MODEL = DIR.resolve("model.yaml");

    public static class Lifecycle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            load();
            return Map.of(
                    "sextant.data-dir", DIR.toString(),
                    "sextant.warehouse.url", PostgresTestDatabase.url() + "?currentSchema=" + SCHEMA,
                    "sextant.warehouse.username", PostgresTestDatabase.user(),
                    "sextant.warehouse.password", PostgresTestDatabase.password(),
                    "sextant.warehouse.schema", SCHEMA,
                    "sextant.catalog.semantic-model", MODEL.toString(),
                    "sextant.admin-password", PASSWORD);
        }
    }

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", PASSWORD).contentType(ContentType.JSON);
    }

    private static String path(String question) {
        return admin().body(Map.of("question", question))
                .post("/api/v1/ask")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("path");
    }

    private static JsonPath query(String name) {
        return admin().get("/api/v1/admin/verified-queries/" + name)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void should_mark_stale_what_reads_a_field_removed_from_the_model_or_a_column_dropped_in_the_warehouse()
            throws SQLException {
        assertThat(path("What was the total discount by region?")).isEqualTo("VERIFIED");
        assertThat(path("What was the total amount by region?")).isEqualTo("VERIFIED");

        // The model no longer describes the discount column.
        write(model(false));
        admin().post("/api/v1/admin/semantic-model/reload").then().statusCode(200);
        admin().post("/api/v1/admin/verified-queries/revalidate").then().statusCode(200);

        JsonPath discount = query("discount_by_region");
        assertThat(discount.getString("status")).isEqualTo("STALE");
        assertThat(discount.getString("staleReason")).contains("sales.discount").contains("semantic model");
        assertThat(query("amount_by_region").getString("status")).isEqualTo("VERIFIED");
        assertThat(path("What was the total discount by region?")).isNotEqualTo("VERIFIED");
        assertThat(admin().queryParam("status", "stale")
                        .get("/api/v1/admin/verified-queries")
                        .jsonPath()
                        .getList("name"))
                .containsExactly("discount_by_region");

        // The warehouse loses the amount column while the server runs.
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + SCHEMA + ".sales DROP COLUMN amount");
        }
        admin().post("/api/v1/admin/verified-queries/revalidate").then().statusCode(200);

        JsonPath amount = query("amount_by_region");
        assertThat(amount.getString("status")).isEqualTo("STALE");
        assertThat(amount.getString("staleReason")).contains("guard refuses").contains("amount");
        assertThat(path("What was the total amount by region?")).isNotEqualTo("VERIFIED");
    }

    static void load() {
        // A fresh app database each run: the store keeps what an earlier run marked stale.
        try (var files = Files.walk(DIR)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.nio.file.NoSuchFileException e) {
            // first run
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresTestDatabase.dropSchema(SCHEMA);
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("CREATE TABLE " + SCHEMA + ".sales (sale_id INTEGER PRIMARY KEY, region VARCHAR(8) NOT NULL,"
                    + " amount NUMERIC(10,2) NOT NULL, discount NUMERIC(10,2) NOT NULL)");
            s.execute("INSERT INTO " + SCHEMA + ".sales SELECT i, (ARRAY['NA','EMEA','APAC'])[i % 3 + 1],"
                    + " i * 10.0, i * 0.5 FROM generate_series(1, 60) i");
        } catch (SQLException e) {
            throw new IllegalStateException("loading the PostgreSQL warehouse failed", e);
        }
        write(model(true));
    }

    static String model(boolean withDiscount) {
        return """
                name: lifecycle
                tables:
                  - name: sales
                    description: Sales by region.
                    base_table: {schema: %s, table: sales}
                    primary_key: [sale_id]
                    dimensions:
                      - {name: region, expr: region, data_type: varchar, description: Sales region.}
                    facts:
                      - {name: amount, expr: amount, data_type: number, description: Sale amount.}
                %s
                verified_queries:
                  - name: amount_by_region
                    question: What was the total amount by region?
                    sql: SELECT region, SUM(amount) AS amount FROM sales GROUP BY region
                    verified_by: admin
                    verified_at: 2026-01-01
                  - name: discount_by_region
                    question: What was the total discount by region?
                    sql: SELECT region, SUM(discount) AS discount FROM sales GROUP BY region
                    verified_by: admin
                    verified_at: 2026-01-01
                """.formatted(
                        SCHEMA,
                        withDiscount
                                ? "      - {name: discount, expr: discount, data_type: number, description: Discount.}"
                                : "");
    }

    static void write(String text) {
        try {
            Files.createDirectories(DIR);
            Files.writeString(MODEL, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
