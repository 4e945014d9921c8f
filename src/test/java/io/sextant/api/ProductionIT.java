package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The packaged server in the production profile, as users run it ({@code java -jar
 * quarkus-run.jar}): every endpoint listed in its own OpenAPI document refuses anonymous callers
 * but health and sign-in, the admin API refuses non-admins, and the development header does
 * nothing even when the configuration turns it on.
 */
@QuarkusIntegrationTest
@TestProfile(ProductionIT.Production.class)
class ProductionIT {

    /** Production, with the development header switched on in the configuration (to show it stays off). */
    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sextant.data-dir", "./target/it-data",
                    "sextant.auth.dev-header", "true",
                    "sextant.pgwire.port", Integer.toString(PGWIRE_PORT),
                    // as behind a TLS-terminating proxy, which says so with X-Forwarded-Proto
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true");
        }
    }

    /** The PostgreSQL endpoint's port for this run (the default, 5433, may be taken on a developer's machine). */
    static final int PGWIRE_PORT = 15433;

    /** Paths anyone may call. */
    private static final Set<String> PUBLIC = Set.of("/api/v1/auth/login", "/api/v1/auth/logout");

    record Endpoint(String method, String path) {}

    /** Every operation of the OpenAPI document, with path parameters filled in. */
    private static List<Endpoint> endpoints() {
        JsonPath openapi = given().auth()
                .preemptive()
                .basic("ada", "demo")
                .accept(ContentType.JSON)
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        List<Endpoint> endpoints = new ArrayList<>();
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "delete", "patch").contains(m))
                .forEach(m ->
                        endpoints.add(new Endpoint(m.toUpperCase(Locale.ROOT), path.replaceAll("\\{[^}]+}", "x")))));
        return endpoints;
    }

    private static int status(RequestSpecification request, Endpoint e) {
        RequestSpecification r = e.method().equals("GET") || e.method().equals("DELETE")
                ? request
                : request.contentType(ContentType.JSON).body("{}");
        return r.request(e.method(), e.path()).statusCode();
    }

    @Test
    void should_serve_bi_tools_on_the_postgresql_protocol_as_the_signed_in_user() throws java.sql.SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + PGWIRE_PORT + "/acme?sslmode=disable";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "elena", "demo");
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT DISTINCT region_cd FROM orders")) {
            List<String> regions = new ArrayList<>();
            while (rs.next()) {
                regions.add(rs.getString(1));
            }
            assertThat(regions).containsExactly("EMEA");
            java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    java.sql.SQLException.class, () -> s.executeQuery("DELETE FROM orders"));
            assertThat(refused.getSQLState()).isEqualTo("0A000");
        }
        java.sql.SQLException wrong = org.junit.jupiter.api.Assertions.assertThrows(
                java.sql.SQLException.class, () -> java.sql.DriverManager.getConnection(url, "elena", "wrong"));
        assertThat(wrong.getSQLState()).isEqualTo("28P01");
    }

    @Test
    void should_refuse_anonymous_callers_on_every_endpoint_but_health_and_sign_in() {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).hasSizeGreaterThan(40);
        List<String> open = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (PUBLIC.contains(e.path())) {
                continue;
            }
            int status = status(given(), e);
            if (status != 401) {
                open.add(e + " -> " + status);
            }
        }
        assertThat(open)
                .as("endpoints that did not answer 401 to an anonymous caller")
                .isEmpty();

        for (String path : List.of("/q/openapi", "/api/v1/no-such-endpoint", "/q/dev-ui", "/no-such-page.html")) {
            given().get(path).then().statusCode(401).contentType("application/problem+json");
        }
        // The web UI's pages and files are public (they hold no data; every page reads the API),
        // and may load nothing from elsewhere.
        for (String path : List.of("/", "/signin.html", "/admin.html", "/ui/chat.js")) {
            given().get(path)
                    .then()
                    .statusCode(200)
                    .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("default-src 'self'"))
                    .header("X-Content-Type-Options", "nosniff");
        }
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void should_refuse_every_admin_endpoint_to_a_signed_in_non_admin() {
        List<String> open = new ArrayList<>();
        int admin = 0;
        for (Endpoint e : endpoints()) {
            if (!e.path().startsWith("/api/v1/admin")) {
                continue;
            }
            admin++;
            int status = status(given().auth().preemptive().basic("noah", "demo"), e);
            if (status != 403) {
                open.add(e + " -> " + status);
            }
        }
        assertThat(admin).isGreaterThan(25);
        assertThat(open).as("admin endpoints a non-admin reached").isEmpty();
    }

    @Test
    void should_set_an_http_only_same_site_cookie_that_is_secure_over_tls() {
        io.restassured.response.Response plain = given().contentType(ContentType.JSON)
                .body(Map.of("user", "noah", "password", "demo"))
                .post("/api/v1/auth/login");
        io.restassured.response.Response tls = given().header("X-Forwarded-Proto", "https")
                .contentType(ContentType.JSON)
                .body(Map.of("user", "noah", "password", "demo"))
                .post("/api/v1/auth/login");

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(tls.statusCode()).isEqualTo(200);
        var cookie = tls.getDetailedCookie("sextant_session");
        assertThat(cookie.isSecured()).isTrue();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualToIgnoringCase("Lax");
        assertThat(plain.getDetailedCookie("sextant_session").isSecured()).isFalse();
        given().cookie("sextant_session", cookie.getValue())
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("signedInWith", equalTo("session"));
    }

    @Test
    void should_ignore_the_development_header_in_production() {
        given().header("X-Sextant-User", "ada").get("/api/v1/me").then().statusCode(401);
        given().header("X-Sextant-User", "ada")
                .get("/api/v1/admin/users")
                .then()
                .statusCode(401);
        given().header("X-Sextant-User", "ada")
                .contentType(ContentType.JSON)
                .body(Map.of("sql", "SELECT 1"))
                .post("/api/v1/sql/execute")
                .then()
                .statusCode(401);
    }

    @Test
    void should_serve_signed_in_users_with_their_own_permissions() {
        given().auth()
                .preemptive()
                .basic("elena", "demo")
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("id", equalTo("elena"))
                .body("attributes.region", equalTo("EMEA"));
        List<Object> regions = given().auth()
                .preemptive()
                .basic("elena", "demo")
                .contentType(ContentType.JSON)
                .body(Map.of("sql", "SELECT DISTINCT region_cd FROM orders"))
                .post("/api/v1/sql/execute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("rows.flatten()");
        assertThat(regions).containsExactly("EMEA");
        given().auth()
                .preemptive()
                .basic("elena", "wrong")
                .get("/api/v1/me")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic"))
                .contentType("application/problem+json");
        given().auth()
                .preemptive()
                .basic("ada", "demo")
                .get("/api/v1/admin/users")
                .then()
                .statusCode(200);
    }
}
