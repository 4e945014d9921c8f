package io.sextant.api;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.sextant.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** The resource-abuse corpus on a PostgreSQL warehouse (tables shaped like the demo's, made here). */
@QuarkusTest
@TestProfile(PostgresResourceAbuseTest.PostgresWarehouse.class)
class PostgresResourceAbuseTest extends ResourceAbuseTest {

    static final String SCHEMA = "sextant_abuse";
    static final String ADMIN_PASSWORD = "abuse test admin";

    public static class PostgresWarehouse implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            load();
            Map<String, String> config = new HashMap<>(limits());
            config.put("sextant.data-dir", "./target/test-data/pg-abuse");
            config.put("sextant.warehouse.url", PostgresTestDatabase.url() + "?currentSchema=" + SCHEMA);
            config.put("sextant.warehouse.username", PostgresTestDatabase.user());
            config.put("sextant.warehouse.password", PostgresTestDatabase.password());
            config.put("sextant.warehouse.schema", SCHEMA);
            config.put("sextant.catalog.semantic-model", "./target/test-data/pg-abuse/none.yaml");
            config.put("sextant.admin-password", ADMIN_PASSWORD);
            return config;
        }
    }

    @Override
    RequestSpecification caller() {
        return given().auth().preemptive().basic("admin", ADMIN_PASSWORD);
    }

    @Override
    RequestSpecification other() {
        ensureAnalyst();
        return given().auth().preemptive().basic("analyst", ADMIN_PASSWORD);
    }

    private static boolean analyst;

    /** A second user (created once through the admin API; 409 when an earlier run left it). */
    private static synchronized void ensureAnalyst() {
        if (!analyst) {
            int status = given().auth()
                    .preemptive()
                    .basic("admin", ADMIN_PASSWORD)
                    .contentType(io.restassured.http.ContentType.JSON)
                    .body(Map.of("id", "analyst", "password", ADMIN_PASSWORD))
                    .post("/api/v1/admin/users")
                    .statusCode();
            if (status != 201 && status != 409) {
                throw new IllegalStateException("creating the analyst failed: " + status);
            }
            analyst = true;
        }
    }

    /** Customers, orders and order lines with the demo's column names, made with generate_series. */
    static void load() {
        PostgresTestDatabase.dropSchema(SCHEMA);
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("SET search_path TO " + SCHEMA);
            s.execute("CREATE TABLE customers (cust_id INTEGER PRIMARY KEY, cust_nm VARCHAR(60) NOT NULL,"
                    + " region_id INTEGER NOT NULL, email VARCHAR(80))");
            s.execute("INSERT INTO customers SELECT i, 'Customer number ' || i, i % 4 + 1, 'c' || i || '@example.com'"
                    + " FROM generate_series(1, 10000) i");
            s.execute("CREATE TABLE orders (order_id BIGINT PRIMARY KEY, cust_id INTEGER NOT NULL,"
                    + " region_cd VARCHAR(8) NOT NULL, order_dt DATE NOT NULL)");
            s.execute("INSERT INTO orders SELECT i, i % 10000 + 1, (ARRAY['NA','EMEA','APAC','LATAM'])[i % 4 + 1],"
                    + " DATE '2025-01-01' + (i % 365) FROM generate_series(1, 20000) i");
            s.execute("CREATE TABLE order_items (order_id BIGINT NOT NULL, line_no INTEGER NOT NULL,"
                    + " prod_id INTEGER NOT NULL, qty INTEGER NOT NULL, amt_rev2 DECIMAL(12,2) NOT NULL,"
                    + " PRIMARY KEY (order_id, line_no))");
            s.execute("INSERT INTO order_items SELECT i / 2 + 1, i % 2, i % 200 + 1, i % 5 + 1, (i % 1000) / 10.0"
                    + " FROM generate_series(0, 39999) i");
            s.execute("ANALYZE");
        } catch (SQLException e) {
            throw new IllegalStateException("loading the PostgreSQL warehouse failed", e);
        }
    }
}
