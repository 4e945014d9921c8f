package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Search and document administration over HTTP, on the indexed Acme documents. */
@QuarkusTest
class SearchApiTest {

    private static List<String> documentsFound(String user, String query) {
        return given().header("X-Sextant-User", user)
                .contentType(ContentType.JSON)
                .body(Map.of("query", query, "k", 10))
                .post("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("results.documentId");
    }

    @Test
    void should_answer_differently_per_user_and_never_leak() {
        assertThat(documentsFound("hana", "compensation bands salary 2026")).contains("compensation-bands-2026.md");
        assertThat(documentsFound("elena", "compensation bands salary 2026"))
                .doesNotContain("compensation-bands-2026.md");
        assertThat(documentsFound("elena", "EMEA quarterly business review"))
                .contains("regional-review-emea-2025-q4.md")
                .doesNotContain("regional-review-na-2025-q4.md");
        assertThat(documentsFound("noah", "EMEA quarterly business review"))
                .doesNotContain("regional-review-emea-2025-q4.md");
    }

    @Test
    void should_return_ranks_and_highlighted_snippets() {
        Map<String, Object> first = given().header("X-Sextant-User", "noah")
                .contentType(ContentType.JSON)
                .body(Map.of("query", "what is the travel policy for contractors?", "k", 3))
                .post("/api/v1/search")
                .then()
                .statusCode(200)
                .body("mode", equalTo("hybrid"))
                .extract()
                .jsonPath()
                .getMap("results[0]");

        assertThat(first.get("documentId")).isEqualTo("contractor-travel-policy.md");
        assertThat((String) first.get("snippet")).contains("<mark>");
        assertThat(first.get("lexicalRank")).isNotNull();
        assertThat(first.get("vectorRank")).isNotNull();
    }

    @Test
    void should_refuse_anonymous_unknown_and_malformed_requests_with_problems() {
        given().contentType(ContentType.JSON)
                .body(Map.of("query", "x"))
                .post("/api/v1/search")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("unauthenticated"));
        given().header("X-Sextant-User", "mallory")
                .contentType(ContentType.JSON)
                .body(Map.of("query", "x"))
                .post("/api/v1/search")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid-credentials"));
        given().header("X-Sextant-User", "noah")
                .contentType(ContentType.JSON)
                .body(Map.of("query", " "))
                .post("/api/v1/search")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-search"));
        given().header("X-Sextant-User", "noah")
                .contentType(ContentType.JSON)
                .body(Map.of("query", "x", "k", 1000))
                .post("/api/v1/search")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-search"));
    }

    @Test
    void should_add_restrict_and_delete_a_document() {
        given().header("X-Sextant-User", "ada")
                .contentType("text/markdown")
                .body("# Parking\nThe staff car park opens at 6am for the zebrafish team.")
                .put("/api/v1/admin/documents/notes/parking.md?group=analysts")
                .then()
                .statusCode(200)
                .body("action", equalTo("CREATED"));
        assertThat(documentsFound("noah", "zebrafish car park")).contains("notes/parking.md");
        assertThat(documentsFound("elena", "zebrafish car park")).doesNotContain("notes/parking.md");

        given().header("X-Sextant-User", "ada")
                .contentType(ContentType.JSON)
                .body(Map.of("groups", List.of("sales")))
                .put("/api/v1/admin/documents/notes/parking.md/acl")
                .then()
                .statusCode(204);
        assertThat(documentsFound("noah", "zebrafish car park")).doesNotContain("notes/parking.md");
        assertThat(documentsFound("elena", "zebrafish car park")).contains("notes/parking.md");

        given().header("X-Sextant-User", "ada")
                .delete("/api/v1/admin/documents/notes/parking.md")
                .then()
                .statusCode(204);
        assertThat(documentsFound("elena", "zebrafish car park")).doesNotContain("notes/parking.md");
        given().header("X-Sextant-User", "ada")
                .delete("/api/v1/admin/documents/notes/parking.md")
                .then()
                .statusCode(404)
                .body("code", equalTo("document-not-found"));
    }

    @Test
    void should_refuse_unreadable_and_oversized_documents() throws java.io.IOException {
        given().header("X-Sextant-User", "ada")
                .contentType("application/pdf")
                .body("not a pdf".getBytes())
                .put("/api/v1/admin/documents/broken.pdf?group=everyone")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("unreadable-document"));
        given().header("X-Sextant-User", "ada")
                .contentType("application/vnd.ms-excel")
                .body(new byte[] {1, 2})
                .put("/api/v1/admin/documents/sheet.xlsx?group=everyone")
                .then()
                .statusCode(415)
                .body("code", equalTo("unsupported-format"));
        assertThat(statusLineForOversizedUpload()).contains(" 413 ");
    }

    private static List<String> semanticItems(String user, String query) {
        return given().header("X-Sextant-User", user)
                .contentType(ContentType.JSON)
                .body(Map.of("query", query, "k", 20, "index", "semantic"))
                .post("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("results.documentId");
    }

    @Test
    void should_search_the_semantic_model_under_column_permissions() {
        assertThat(semanticItems("noah", "net revenue after discount")).contains("column:order_items.net_revenue");
        assertThat(semanticItems("noah", "which customers have the most orders"))
                .contains("table:customers");
        assertThat(semanticItems("noah", "net revenue by year")).contains("verified:net_revenue_by_year");

        assertThat(semanticItems("hana", "employee annual salary compensation"))
                .contains("column:employees.annual_salary");
        assertThat(semanticItems("noah", "employee annual salary compensation"))
                .doesNotContain("column:employees.annual_salary")
                .contains("column:employees.job_title");
        assertThat(semanticItems("noah", "customer contact email")).doesNotContain("column:customers.email");
        assertThat(semanticItems("ada", "customer contact email")).contains("column:customers.email");
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL root;

    /** Announces a 21 MB upload and reads the answer before sending it, as HTTP clients do. */
    private String statusLineForOversizedUpload() throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "PUT /api/v1/admin/documents/huge.txt?group=everyone HTTP/1.1\r\n"
                    + "Host: localhost\r\nX-Sextant-User: ada\r\nContent-Type: text/plain\r\nContent-Length: "
                    + 21 * 1024 * 1024
                    + "\r\nExpect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new java.io.BufferedReader(new java.io.InputStreamReader(
                            socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                    .readLine();
        }
    }
}
