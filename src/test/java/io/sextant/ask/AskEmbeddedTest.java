package io.sextant.ask;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sextant.access.Directory;
import io.sextant.access.Principal;
import io.sextant.audit.AuditLog;
import io.sextant.catalog.CatalogService;
import io.sextant.catalog.SemanticModel;
import io.sextant.sql.Cancellation;
import io.sextant.sql.SqlService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The embedded default (no language model) on the Acme demo, driven by eval/ask/acme-embedded.yaml. */
@QuarkusTest
class AskEmbeddedTest {

    @Inject
    AskPipeline pipeline;

    @Inject
    SqlService sql;

    @Inject
    CatalogService catalog;

    @Inject
    Directory directory;

    @Inject
    AuditLog audit;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> suite() throws IOException {
        return new Yaml().load(Files.readString(Path.of("eval/ask/acme-embedded.yaml")));
    }

    private Principal user(String id) {
        return directory.principal(id).orElseThrow();
    }

    private List<List<Object>> rowsOf(String verifiedSql, Principal principal) {
        return sql.run(sql.accepted(verifiedSql, principal), new Cancellation()).rows();
    }

    @Test
    void should_link_values_of_the_warehouses_small_vocabularies_but_not_of_tables_under_a_row_policy() {
        SemanticModel declared = catalog.current().model().orElseThrow();
        SemanticModel enriched = pipeline.live().model().orElseThrow();
        assertThat(values(declared, "products", "brand")).doesNotContain("Keplar");
        assertThat(values(enriched, "products", "brand")).contains("Keplar", "Voltra");
        // customers are under a row policy (sales see their region): only the declared samples
        assertThat(values(enriched, "customers", "city")).isEqualTo(values(declared, "customers", "city"));

        Principal noah = user("noah");
        Answer answer = pipeline.ask("What was net revenue for the Keplar brand in 2025?", null, noah);
        assertThat(answer.path()).as(answer.reasons().toString()).isEqualTo(AnswerPath.PLANNED);
        assertThat(answer.sql()).contains("'Keplar'");
        assertThat(answer.rows())
                .isEqualTo(rowsOf(
                        "SELECT SUM(i.amt_rev2) FROM orders o JOIN order_items i ON i.order_id = o.order_id JOIN products p"
                                + " ON p.prod_id = i.prod_id WHERE o.is_del = FALSE AND o.status_cd <> 'X' AND p.brand ="
                                + " 'Keplar' AND o.order_dt >= DATE '2025-01-01' AND o.order_dt < DATE '2026-01-01'",
                        noah));
    }

    @Inject
    PrincipalValues principalValues;

    @Test
    void should_link_values_of_tables_under_a_row_policy_only_for_users_who_may_see_their_rows() {
        SemanticModel served = pipeline.live().model().orElseThrow();
        List<String> declared = values(served, "customers", "city");
        Principal ada = user("ada");
        String cities = "SELECT DISTINCT c.city FROM customers c JOIN regions r ON r.region_id = c.region_id"
                + " WHERE c.city IS NOT NULL AND r.region_cd ";
        List<String> emea = rowsOf(cities + "= 'EMEA'", ada).stream()
                .map(r -> (String) r.get(0))
                .filter(c -> !declared.contains(c))
                .toList();
        List<String> elsewhere = rowsOf(cities + "<> 'EMEA'", ada).stream()
                .map(r -> (String) r.get(0))
                .filter(c -> !declared.contains(c) && !emea.contains(c))
                .toList();
        assertThat(emea).isNotEmpty();
        assertThat(elsewhere).isNotEmpty();

        Principal elena = user("elena"); // sales, region EMEA
        Principal apac = new Principal("kai", java.util.Set.of("sales"), Map.of("region", "APAC"));
        assertThat(values(principalValues.forPrincipal(served, elena).model(), "customers", "city"))
                .containsAll(emea)
                .doesNotContainAnyElementsOf(elsewhere);
        assertThat(values(principalValues.forPrincipal(served, apac).model(), "customers", "city"))
                .doesNotContainAnyElementsOf(emea);
        // what one user's values taught is not what the next user is told
        assertThat(values(pipeline.live().model().orElseThrow(), "customers", "city"))
                .isEqualTo(declared);

        String question = "How many customers are in " + emea.get(0) + "?";
        Answer hers = pipeline.trial(question, elena, pipeline.live());
        assertThat(hers.decision()).as(question + " " + hers.reasons()).isEqualTo(Decision.ANSWER);
        assertThat(hers.path()).isEqualTo(AnswerPath.PLANNED);
        assertThat(hers.sql()).contains("'" + emea.get(0) + "'");
        Answer theirs = pipeline.trial(question, apac, pipeline.live());
        assertThat(theirs.decision()).isNotEqualTo(Decision.ANSWER);
        assertThat(String.join(" ", theirs.reasons()) + theirs.text()).doesNotContain(emea.get(0));
    }

    @Test
    void should_not_answer_a_hidden_field_of_a_named_table_with_a_visible_namesake_elsewhere() {
        // noah may not read customers.email; the sales rep's email (employees.email) he may
        Answer answer = pipeline.trial("Net revenue by customer email in 2025", user("noah"), pipeline.live());
        assertThat(answer.decision()).as(answer.reasons().toString()).isEqualTo(Decision.ABSTAIN);
        assertThat(answer.reasons()).anyMatch(r -> r.contains("do not have access"));
        assertThat(answer.sql()).isNull();
    }

    @Test
    void should_stream_the_stages_then_the_answer_as_server_sent_events() throws IOException {
        String body = given().header("X-Sextant-User", "noah")
                .contentType(ContentType.JSON)
                .accept("text/event-stream")
                .body(Map.of("question", "Net revenue per year"))
                .post("/api/v1/ask/stream")
                .then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/event-stream"))
                .extract()
                .asString();
        List<String> events = body.lines()
                .filter(l -> l.startsWith("event:"))
                .map(l -> l.substring(6).strip())
                .toList();
        List<String> stages = body.lines()
                .filter(l -> l.startsWith("data:") && l.contains("\"stage\""))
                .map(l -> l.substring(l.indexOf(":\"", l.indexOf("stage")) + 2, l.lastIndexOf('"')))
                .toList();
        assertThat(events.getLast()).isEqualTo("answer");
        assertThat(events.subList(0, events.size() - 1)).containsOnly("stage");
        assertThat(stages).startsWith("embed", "verified").contains("interpret", "execute");
        String answer = body.lines()
                .filter(l -> l.startsWith("data:") && l.contains("\"decision\""))
                .findFirst()
                .orElseThrow()
                .substring(5);
        Map<String, Object> parsed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(answer, Map.class);
        assertThat(parsed).containsEntry("decision", "ANSWER").containsEntry("path", "VERIFIED");

        // invalid input is refused with its status before any event
        given().header("X-Sextant-User", "noah")
                .contentType(ContentType.JSON)
                .accept("text/event-stream")
                .body(Map.of("question", " "))
                .post("/api/v1/ask/stream")
                .then()
                .statusCode(400)
                .body("code", equalTo("question-empty"));
    }

    private static List<String> values(SemanticModel model, String table, String field) {
        return model.tables().stream()
                .filter(t -> t.name().equals(table))
                .flatMap(SemanticModel.LogicalTable::fields)
                .filter(f -> f.name().equals(field))
                .findFirst()
                .orElseThrow()
                .sampleValues();
    }

    @Test
    void should_answer_every_verified_question_with_the_rows_of_its_sql() {
        Principal ada = user("ada");
        List<SemanticModel.VerifiedQuery> queries =
                catalog.current().model().orElseThrow().verifiedQueries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(18);
        for (SemanticModel.VerifiedQuery q : queries) {
            Answer answer = pipeline.ask(q.question(), null, ada);
            assertThat(answer.decision())
                    .as(q.question() + " " + answer.reasons())
                    .isEqualTo(Decision.ANSWER);
            assertThat(answer.path()).isEqualTo(AnswerPath.VERIFIED);
            assertThat(answer.verifiedQuery()).isEqualTo(q.name());
            assertThat(answer.rows()).as(q.name()).containsExactlyInAnyOrderElementsOf(rowsOf(q.sql(), ada));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_take_the_verified_path_for_paraphrases() throws IOException {
        Map<String, Object> suite = suite();
        Principal principal = user((String) suite.get("user"));
        Map<String, SemanticModel.VerifiedQuery> byName = new java.util.HashMap<>();
        catalog.current().model().orElseThrow().verifiedQueries().forEach(q -> byName.put(q.name(), q));
        List<Map<String, String>> paraphrases = (List<Map<String, String>>) suite.get("paraphrases");
        assertThat(paraphrases).hasSizeGreaterThanOrEqualTo(20);
        List<String> wrong = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (Map<String, String> p : paraphrases) {
            Answer answer = pipeline.ask(p.get("question"), null, principal);
            if (answer.decision() != Decision.ANSWER) {
                missed.add(p.get("question") + " -> " + answer.decision() + " " + answer.reasons());
            } else if (!p.get("verified").equals(answer.verifiedQuery()) || answer.path() != AnswerPath.VERIFIED) {
                wrong.add(p.get("question") + " -> " + answer.path() + " " + answer.verifiedQuery());
            } else {
                assertThat(answer.rows())
                        .containsExactlyInAnyOrderElementsOf(
                                rowsOf(byName.get(p.get("verified")).sql(), principal));
            }
        }
        // A paraphrase whose plan differs in a word the model does not know ("perform", "promo")
        // is declined rather than risked; none is ever answered with another query.
        assertThat(wrong).isEmpty();
        assertThat(missed).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_answer_near_misses_by_editing_the_verified_sql_where_the_plans_differ() throws IOException {
        Map<String, Object> suite = suite();
        Principal principal = user((String) suite.get("user"));
        List<Map<String, String>> planned = (List<Map<String, String>>) suite.get("planned");
        assertThat(planned).isNotEmpty();
        for (Map<String, String> p : planned) {
            Answer answer = pipeline.ask(p.get("question"), null, principal);
            assertThat(answer.decision())
                    .as(p.get("question") + " " + answer.reasons())
                    .isEqualTo(Decision.ANSWER);
            assertThat(answer.path()).isEqualTo(AnswerPath.PLANNED);
            assertThat(answer.verifiedQuery()).isEqualTo(p.get("verified"));
            List<List<Object>> gold = rowsOf(p.get("gold_sql"), principal);
            assertThat(answer.rows().stream()
                            .map(r -> r.subList(r.size() - 1, r.size()))
                            .toList())
                    .as("the measure column, row by row")
                    .containsExactlyInAnyOrderElementsOf(gold.stream()
                            .map(r -> r.subList(r.size() - 1, r.size()))
                            .toList());
            assertThat(answer.rows()).hasSameSizeAs(gold);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_abstain_on_questions_it_cannot_answer_and_suggest_verified_ones() throws IOException {
        Map<String, Object> suite = suite();
        Principal principal = user((String) suite.get("user"));
        List<String> questions = (List<String>) suite.get("abstain");
        assertThat(questions).hasSizeGreaterThanOrEqualTo(20);
        List<String> answered = new ArrayList<>();
        for (String question : questions) {
            Answer answer = pipeline.ask(question, null, principal);
            if (answer.decision() == Decision.ANSWER) {
                answered.add(question + " -> " + answer.path() + " " + answer.reasons());
            } else {
                assertThat(answer.reasons()).isNotEmpty();
                assertThat(answer.rows()).isEmpty();
            }
        }
        assertThat(answered).isEmpty();
        Answer near = pipeline.ask("How many units were sold per product category in 2025?", null, principal);
        assertThat(near.decision()).isNotEqualTo(Decision.ANSWER);
        assertThat(near.suggestions()).isNotEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_compile_questions_no_verified_query_answers_into_the_rows_of_their_gold_sql() throws IOException {
        Map<String, Object> suite = suite();
        Principal principal = user((String) suite.get("user"));
        List<Map<String, String>> compiled = (List<Map<String, String>>) suite.get("compiled");
        assertThat(compiled).hasSizeGreaterThanOrEqualTo(5);
        for (Map<String, String> c : compiled) {
            Answer answer = pipeline.ask(c.get("question"), null, principal);
            assertThat(answer.decision())
                    .as(c.get("question") + " " + answer.reasons())
                    .isEqualTo(Decision.ANSWER);
            assertThat(answer.path()).isEqualTo(AnswerPath.PLANNED);
            assertThat(answer.verifiedQuery()).isNull();
            assertThat(answer.reasons()).anyMatch(r -> r.startsWith("compiled from the semantic model"));
            List<List<Object>> gold = rowsOf(c.get("gold_sql"), principal);
            assertThat(answer.rows().stream()
                            .map(r -> String.valueOf(r.get(r.size() - 1)))
                            .toList())
                    .as(c.get("question") + ": the measure column, row by row")
                    .containsExactlyInAnyOrderElementsOf(gold.stream()
                            .map(r -> String.valueOf(r.get(r.size() - 1)))
                            .toList());
        }
    }

    @Test
    void should_answer_document_questions_with_passages_and_citations() {
        Answer answer = pipeline.ask("What is the travel policy for contractors?", null, user("noah"));
        assertThat(answer.decision()).isEqualTo(Decision.ANSWER);
        assertThat(answer.path()).isEqualTo(AnswerPath.EXTRACTIVE);
        assertThat(answer.citations()).extracting(Answer.Citation::documentId).contains("contractor-travel-policy.md");
        assertThat(answer.text()).contains("<mark>");
    }

    @Test
    void should_clarify_an_ambiguous_phrase_with_questions_to_send_back() {
        Answer answer = pipeline.ask("How much revenue did we make in 2025?", null, user("noah"));
        assertThat(answer.decision()).isEqualTo(Decision.CLARIFY);
        assertThat(answer.suggestions())
                .containsExactlyInAnyOrder(
                        "How much net revenue did we make in 2025?", "How much gross revenue did we make in 2025?");
    }

    @Test
    void should_abstain_without_naming_what_the_user_may_not_see() {
        Answer answer = pipeline.ask("What is the average salary by department?", null, user("noah"));
        assertThat(answer.decision()).isEqualTo(Decision.ABSTAIN);
        assertThat(answer.text() + answer.reasons() + answer.suggestions())
                .doesNotContain("annual_salary")
                .doesNotContain("employees");
    }

    @Test
    void should_apply_row_policies_to_verified_answers() {
        Answer elena = pipeline.ask("What was net revenue by region in 2025?", null, user("elena"));
        assertThat(elena.decision()).isEqualTo(Decision.ANSWER);
        assertThat(elena.rows()).hasSize(1);
        assertThat(elena.rows().get(0).get(0)).isEqualTo("EMEA");
        assertThat(elena.sql()).contains("'EMEA'");
        assertThat(elena.reasons())
                .anyMatch(r -> r.startsWith("computed on the rows you may see (row policy on order_items, orders")
                        && r.contains("EMEA"))
                .anyMatch(r -> r.startsWith("read as: ") && r.contains("region") && r.contains("2025"));
        Answer ada = pipeline.ask("What was net revenue by region in 2025?", null, user("ada"));
        assertThat(ada.reasons()).noneMatch(r -> r.startsWith("computed on the rows you may see"));
    }

    @Test
    void should_answer_over_http_and_keep_an_audit_row() {
        String requestId = given().header("X-Sextant-User", "farid")
                .contentType(ContentType.JSON)
                .body(Map.of("question", "Net revenue per year"))
                .post("/api/v1/ask")
                .then()
                .statusCode(200)
                .body("decision", equalTo("ANSWER"))
                .body("path", equalTo("VERIFIED"))
                .body("conversationId", notNullValue())
                .body("timings.total", notNullValue())
                .extract()
                .path("requestId");
        assertThat(audit.find(new AuditLog.Filter("farid", AuditLog.ASK, null, null, null), 0, 5))
                .anyMatch(row -> row.id().equals(requestId)
                        && row.decision().equals("ANSWER")
                        && row.sql().contains("amt_rev2"));

        given().header("X-Sextant-User", "farid")
                .contentType(ContentType.JSON)
                .body(Map.of("question", " "))
                .post("/api/v1/ask")
                .then()
                .statusCode(400)
                .body("code", equalTo("question-empty"));
        given().header("X-Sextant-User", "farid")
                .contentType(ContentType.JSON)
                .body(Map.of("question", "x".repeat(3000)))
                .post("/api/v1/ask")
                .then()
                .statusCode(413)
                .body("code", equalTo("question-too-long"));
    }
}
