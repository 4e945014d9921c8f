package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Accounts over HTTP with real credentials (Basic, Bearer tokens, session cookies): what admins
 * change applies to the next request, tokens and sessions end when they should, failed sign-ins
 * are throttled, and every change and statement lands in the audit log.
 */
@QuarkusTest
class AccountsApiTest {

    @Inject
    AgroalDataSource appDatabase;

    private static final String PASSWORD = "correct horse battery";

    /** A name no earlier run used (the test database outlives a run locally). */
    private static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime(), 36);
    }

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("ada", "demo").contentType(ContentType.JSON);
    }

    private static RequestSpecification basic(String user, String secret) {
        return given().auth().preemptive().basic(user, secret).contentType(ContentType.JSON);
    }

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private static List<Object> rows(RequestSpecification caller, String sql) {
        return caller.body(Map.of("sql", sql))
                .post("/api/v1/sql/execute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("rows.flatten()");
    }

    private static List<String> documentHits(RequestSpecification caller, String query) {
        return caller.body(Map.of("query", query, "k", 5, "mode", "lexical"))
                .post("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("results.documentId");
    }

    private static void createUser(String id, List<String> groups, Map<String, String> attributes) {
        admin().body(Map.of(
                        "id",
                        id,
                        "displayName",
                        "Test " + id,
                        "groups",
                        groups,
                        "attributes",
                        attributes,
                        "password",
                        PASSWORD))
                .post("/api/v1/admin/users")
                .then()
                .statusCode(201)
                .body("hasPassword", equalTo(true));
    }

    @Test
    void should_apply_an_admin_created_user_s_region_groups_and_document_acls_at_once() {
        String group = unique("auditors");
        String user = unique("pia");
        String marker = unique("zq");
        admin().body(Map.of("name", group, "description", "Test group"))
                .post("/api/v1/admin/groups")
                .then()
                .statusCode(201);
        given().auth()
                .preemptive()
                .basic("ada", "demo")
                .contentType("text/markdown")
                .body("# Audit memo\n\nThe " + marker + " findings are confidential.\n")
                .put("/api/v1/admin/documents/memos/" + marker + ".md?group=" + group)
                .then()
                .statusCode(200);
        createUser(user, List.of("sales", group), Map.of("region", "APAC"));

        // Signs in with the form endpoint and works with the session cookie.
        Response login = given().contentType(ContentType.JSON)
                .body(Map.of("user", user, "password", PASSWORD))
                .post("/api/v1/auth/login");
        login.then().statusCode(200).body("id", equalTo(user)).body("attributes.region", equalTo("APAC"));
        String cookie = login.getCookie("sextant_session");
        assertThat(login.getDetailedCookie("sextant_session").isHttpOnly()).isTrue();
        assertThat(login.getDetailedCookie("sextant_session").getSameSite()).isEqualToIgnoringCase("Lax");
        String csrf = login.getCookie("sextant-csrf");
        assertThat(login.getDetailedCookie("sextant-csrf").isHttpOnly()).isFalse();
        assertThat(login.getDetailedCookie("sextant-csrf").getSameSite()).isEqualToIgnoringCase("Strict");
        RequestSpecification session = given().cookie("sextant_session", cookie)
                .header("X-CSRF-Token", csrf)
                .contentType(ContentType.JSON);

        // A state-changing request with the cookie alone (what another site can make a browser
        // send) is refused; reading is not.
        given().cookie("sextant_session", cookie)
                .contentType(ContentType.JSON)
                .body(Map.of("sql", "SELECT 1"))
                .post("/api/v1/sql/execute")
                .then()
                .statusCode(403)
                .body("code", equalTo("csrf-token-invalid"));
        given().cookie("sextant_session", cookie)
                .header("X-CSRF-Token", csrf + "x")
                .contentType(ContentType.JSON)
                .body(Map.of("sql", "SELECT 1"))
                .post("/api/v1/sql/execute")
                .then()
                .statusCode(403);
        given().cookie("sextant_session", cookie).get("/api/v1/me").then().statusCode(200);

        assertThat(rows(session, "SELECT DISTINCT region_cd FROM orders")).containsExactly("APAC");
        assertThat(documentHits(session, marker)).containsExactly("memos/" + marker + ".md");
        assertThat(documentHits(basic("noah", "demo"), marker)).isEmpty();

        // An attribute change and a removed membership apply to the very next request.
        admin().body(Map.of("value", "LATAM"))
                .put("/api/v1/admin/users/" + user + "/attributes/region")
                .then()
                .statusCode(200);
        admin().delete("/api/v1/admin/groups/" + group + "/members/" + user)
                .then()
                .statusCode(200);
        RequestSpecification again = given().cookie("sextant_session", cookie)
                .header("X-CSRF-Token", csrf)
                .contentType(ContentType.JSON);
        assertThat(rows(again, "SELECT DISTINCT region_cd FROM orders")).containsExactly("LATAM");
        assertThat(documentHits(
                        given().cookie("sextant_session", cookie)
                                .header("X-CSRF-Token", csrf)
                                .contentType(ContentType.JSON),
                        marker))
                .isEmpty();

        // The admin changes are in the audit log with before and after.
        admin().queryParam("kind", "admin.user.update")
                .queryParam("user", "ada")
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200)
                .body("events.findAll { it.target == '" + user + "' }.detail", hasItem(containsString("\"APAC\"")))
                .body("events.findAll { it.target == '" + user + "' }.detail", hasItem(containsString("\"LATAM\"")));

        // Disabling the user ends the session at once; logout clears the cookie.
        admin().post("/api/v1/admin/users/" + user + "/disable").then().statusCode(200);
        given().cookie("sextant_session", cookie)
                .get("/api/v1/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        basic(user, PASSWORD).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void should_refuse_the_old_password_at_once_after_a_reset() {
        String user = unique("olga");
        createUser(user, List.of(), Map.of());
        basic(user, PASSWORD).get("/api/v1/me").then().statusCode(200);
        basic(user, PASSWORD).get("/api/v1/me").then().statusCode(200);

        admin().body(Map.of("password", "a brand new secret"))
                .put("/api/v1/admin/users/" + user + "/password")
                .then()
                .statusCode(204);

        basic(user, PASSWORD).get("/api/v1/me").then().statusCode(401);
        basic(user, "a brand new secret").get("/api/v1/me").then().statusCode(200);
        admin().body(Map.of("password", "short"))
                .put("/api/v1/admin/users/" + user + "/password")
                .then()
                .statusCode(400)
                .body("code", equalTo("weak-password"));
    }

    @Test
    void should_sign_out_and_refuse_the_ended_session() {
        Response login = given().contentType(ContentType.JSON)
                .body(Map.of("user", "noah", "password", "demo"))
                .post("/api/v1/auth/login");
        String cookie = login.then().statusCode(200).extract().cookie("sextant_session");
        given().cookie("sextant_session", cookie)
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("id", equalTo("noah"))
                .body("signedInWith", equalTo("session"))
                .body("admin", equalTo(false));

        Response logout = given().cookie("sextant_session", cookie).post("/api/v1/auth/logout");
        logout.then().statusCode(204);
        assertThat(logout.getDetailedCookie("sextant_session").getMaxAge()).isZero();
        given().cookie("sextant_session", cookie).get("/api/v1/me").then().statusCode(401);
        admin().queryParam("kind", "auth.logout")
                .queryParam("user", "noah")
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200)
                .body("events.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        // A stale cookie does not stand in the way of signing in again.
        given().cookie("sextant_session", cookie)
                .contentType(ContentType.JSON)
                .body(Map.of("user", "noah", "password", "demo"))
                .post("/api/v1/auth/login")
                .then()
                .statusCode(200);
    }

    @Test
    void should_end_idle_and_old_sessions() throws SQLException {
        String idle = given().contentType(ContentType.JSON)
                .body(Map.of("user", "noah", "password", "demo"))
                .post("/api/v1/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .cookie("sextant_session");
        String old = given().contentType(ContentType.JSON)
                .body(Map.of("user", "elena", "password", "demo"))
                .post("/api/v1/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .cookie("sextant_session");
        sql("UPDATE app_session SET last_seen_at = DATEADD('MINUTE', -31, CURRENT_TIMESTAMP) WHERE user_id = 'noah'");
        sql("UPDATE app_session SET expires_at = DATEADD('SECOND', -1, CURRENT_TIMESTAMP) WHERE user_id = 'elena'");

        given().cookie("sextant_session", idle).get("/api/v1/me").then().statusCode(401);
        given().cookie("sextant_session", old).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void should_issue_tokens_once_and_refuse_revoked_expired_and_foreign_ones() throws SQLException {
        Map<String, Object> created = basic("elena", "demo")
                .body(Map.of("name", "Metabase", "expiresInDays", 30))
                .post("/api/v1/me/tokens")
                .then()
                .statusCode(201)
                .body("token", org.hamcrest.Matchers.startsWith("sxt_"))
                .extract()
                .jsonPath()
                .getMap("$");
        String token = (String) created.get("token");
        @SuppressWarnings("unchecked")
        String id = (String) ((Map<String, Object>) created.get("info")).get("id");

        // Bearer and Basic (user + token) both work; the list never shows the secret.
        assertThat(rows(bearer(token), "SELECT DISTINCT region_cd FROM orders")).containsExactly("EMEA");
        basic("elena", token).get("/api/v1/me").then().statusCode(200).body("signedInWith", equalTo("token"));
        basic("noah", token).get("/api/v1/me").then().statusCode(401);
        basic("elena", "demo")
                .get("/api/v1/me/tokens")
                .then()
                .statusCode(200)
                .body("id", hasItem(id))
                .body(not(containsString(token)));
        // A token cannot mint tokens, and nobody else can revoke it.
        bearer(token)
                .body(Map.of("name", "copy"))
                .post("/api/v1/me/tokens")
                .then()
                .statusCode(403);
        basic("noah", "demo").delete("/api/v1/me/tokens/" + id).then().statusCode(404);

        // Conversations stay with their owner, whatever the token.
        String conversation = bearer(token)
                .body(Map.of("question", "Net revenue per year"))
                .post("/api/v1/ask")
                .then()
                .statusCode(200)
                .extract()
                .path("conversationId");
        bearer(token).get("/api/v1/conversations/" + conversation).then().statusCode(200);
        basic("noah", "demo")
                .get("/api/v1/conversations/" + conversation)
                .then()
                .statusCode(404);
        basic("noah", "demo")
                .body(Map.of("question", "and by region?", "conversationId", conversation))
                .post("/api/v1/ask")
                .then()
                .statusCode(404)
                .body("code", equalTo("conversation-not-found"));
        basic("noah", "demo")
                .get("/api/v1/conversations")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(conversation)));
        bearer(token).get("/api/v1/conversations").then().statusCode(200).body("id", hasItem(conversation));
        bearer(token)
                .body(Map.of("question", "x", "conversationId", "x".repeat(40)))
                .post("/api/v1/ask")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-conversation-id"));

        basic("elena", "demo").delete("/api/v1/me/tokens/" + id).then().statusCode(204);
        bearer(token).get("/api/v1/me").then().statusCode(401).contentType("application/problem+json");

        String expiring = basic("elena", "demo")
                .body(Map.of("name", "old"))
                .post("/api/v1/me/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        bearer(expiring).get("/api/v1/me").then().statusCode(200);
        sql("UPDATE api_token SET expires_at = DATEADD('SECOND', -1, CURRENT_TIMESTAMP) WHERE name = 'old'");
        bearer(expiring).get("/api/v1/me").then().statusCode(401);
        basic("elena", "demo")
                .body(Map.of("name", "forever", "expiresInDays", 100_000))
                .post("/api/v1/me/tokens")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-token-lifetime"));
    }

    @Test
    void should_throttle_failed_sign_ins_per_user_with_retry_after() {
        String user = unique("tess");
        createUser(user, List.of(), Map.of());
        for (int i = 0; i < 10; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("user", user, "password", "wrong " + i))
                    .post("/api/v1/auth/login")
                    .then()
                    .statusCode(401)
                    .body("code", equalTo("invalid-credentials"));
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("user", user, "password", PASSWORD))
                .post("/api/v1/auth/login")
                .then()
                .statusCode(429)
                .header("Retry-After", notNullValue())
                .body("code", equalTo("too-many-failed-logins"));
        basic(user, PASSWORD)
                .get("/api/v1/me")
                .then()
                .statusCode(429)
                .header("Retry-After", notNullValue())
                .contentType("application/problem+json");
        // Another user from the same address is not locked out by it.
        basic("noah", "demo").get("/api/v1/me").then().statusCode(200);
        admin().queryParam("kind", "auth.login")
                .queryParam("user", user)
                .queryParam("decision", "failure")
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200)
                .body("events.size()", equalTo(10));
    }

    @Test
    void should_keep_non_admins_out_of_the_admin_api() {
        basic("noah", "demo").get("/api/v1/admin/users").then().statusCode(403).body("code", equalTo("forbidden"));
        basic("noah", "demo")
                .body(Map.of("path", "/etc", "groups", List.of("everyone")))
                .post("/api/v1/admin/documents/bulk")
                .then()
                .statusCode(403);
        basic("noah", "demo").get("/api/v1//admin/users").then().statusCode(org.hamcrest.Matchers.not(200));
        basic("noah", "demo").get("/api/v1/admin/audit").then().statusCode(403);
        admin().get("/api/v1/admin/users").then().statusCode(200).body("id", hasItem("noah"));
    }

    @Test
    void should_refuse_bulk_ingestion_of_server_paths_outside_the_allowed_roots() {
        admin().body(Map.of("path", "/etc", "groups", List.of("everyone")))
                .post("/api/v1/admin/documents/bulk")
                .then()
                .statusCode(403)
                .body("code", equalTo("bulk-ingestion-disabled"));
    }

    @Test
    void should_apply_table_grants_and_row_policies_from_the_admin_api_at_once() {
        String user = unique("rolf");
        String group = unique("trial");
        admin().body(Map.of("name", group)).post("/api/v1/admin/groups").then().statusCode(201);
        createUser(user, List.of(group), Map.of());
        RequestSpecification caller = basic(user, PASSWORD);
        assertThat(rows(caller, "SELECT COUNT(*) FROM products").getFirst()).isNotEqualTo(0);

        // Row policies are checked against the warehouse before they are stored.
        admin().body(Map.of("filter", "no_such_column = 1"))
                .put("/api/v1/admin/row-policies/products")
                .then()
                .statusCode(422);
        admin().body(Map.of("filter", "1 = 1 UNION SELECT email FROM customers"))
                .put("/api/v1/admin/row-policies/products")
                .then()
                .statusCode(422);
        admin().body(Map.of("filter", "1 = 0", "appliesTo", List.of(group)))
                .put("/api/v1/admin/row-policies/products")
                .then()
                .statusCode(200)
                .body("rowPolicies.products.appliesTo", equalTo(List.of(group)));
        try {
            assertThat(rows(caller, "SELECT COUNT(*) FROM products")).containsExactly(0);
            assertThat(rows(basic("noah", "demo"), "SELECT COUNT(*) FROM products")
                            .getFirst())
                    .isNotEqualTo(0);
        } finally {
            admin().delete("/api/v1/admin/row-policies/products").then().statusCode(204);
        }
        assertThat(rows(caller, "SELECT COUNT(*) FROM products").getFirst()).isNotEqualTo(0);

        admin().body(Map.of("groups", List.of("admins")))
                .put("/api/v1/admin/permissions/tables/stores")
                .then()
                .statusCode(200);
        try {
            caller.body(Map.of("sql", "SELECT * FROM stores"))
                    .post("/api/v1/sql/execute")
                    .then()
                    .statusCode(422)
                    .body("code", equalTo("sql-unknown-table"));
            assertThat(semanticItems(caller, "stores store name opened")).doesNotContain("table:stores");
        } finally {
            admin().delete("/api/v1/admin/permissions/tables/stores").then().statusCode(200);
        }
        assertThat(semanticItems(caller, "stores store name opened")).contains("table:stores");
        admin().queryParam("kind", "admin.row-policy")
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200)
                .body("events.target", hasItem("products"));
    }

    @Test
    void should_follow_rule_changes_another_instance_made_in_the_app_database() throws Exception {
        RequestSpecification noah = basic("noah", "demo");
        assertThat(rows(noah, "SELECT count(*) FROM regions")).isNotEmpty();
        // What another instance's admin change leaves in the shared app database:
        sql("INSERT INTO access_grant (kind, name, group_name) VALUES ('table', 'regions', 'admins')");
        sql("MERGE INTO app_setting KEY (name) VALUES ('access.version', '" + unique("v") + "')");
        try {
            assertThat(waitForStatus(noah, "SELECT count(*) FROM regions", 422)).isTrue();
        } finally {
            sql("DELETE FROM access_grant WHERE kind = 'table' AND name = 'regions'");
            sql("MERGE INTO app_setting KEY (name) VALUES ('access.version', '" + unique("v") + "')");
        }
        assertThat(waitForStatus(noah, "SELECT count(*) FROM regions", 200)).isTrue();
    }

    private static boolean waitForStatus(RequestSpecification caller, String sql, int status)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (caller.body(Map.of("sql", sql)).post("/api/v1/sql/execute").statusCode() == status) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    @Test
    void should_audit_every_statement_as_run_and_fail_when_the_audit_cannot_be_written() throws SQLException {
        String marker = unique("m");
        rows(basic("elena", "demo"), "SELECT COUNT(*) AS " + marker + " FROM orders");
        admin().queryParam("kind", "sql.execute")
                .queryParam("user", "elena")
                .queryParam("limit", 5)
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200)
                .body("events[0].decision", equalTo("accepted"))
                .body("events[0].sql", containsString(marker))
                .body("events[0].sql", containsString("'EMEA'")); // the row policy, as it ran
        String csv = admin().queryParam("kind", "sql.execute")
                .get("/api/v1/admin/audit/export")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asString();
        assertThat(csv).startsWith("\"id\",\"at\",\"user\"").contains(marker);

        sql("ALTER TABLE audit_event ADD CONSTRAINT audit_refuses_sql CHECK (kind <> 'sql.execute') NOCHECK");
        try {
            basic("elena", "demo")
                    .body(Map.of("sql", "SELECT COUNT(*) FROM orders"))
                    .post("/api/v1/sql/execute")
                    .then()
                    .statusCode(503)
                    .body("code", equalTo("audit-unavailable"))
                    .body(not(containsString("rows")));
        } finally {
            sql("ALTER TABLE audit_event DROP CONSTRAINT audit_refuses_sql");
        }
        rows(basic("elena", "demo"), "SELECT COUNT(*) FROM orders");
    }

    private static List<String> semanticItems(RequestSpecification caller, String query) {
        return caller.body(Map.of("query", query, "k", 20, "index", "semantic"))
                .post("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("results.documentId");
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = appDatabase.getConnection();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
