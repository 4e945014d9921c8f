package io.sextant.ask;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole pipeline over HTTP with a model behind an OpenAI-compatible API (a scripted stub). */
@QuarkusTest
@TestProfile(AskWithModelTest.WithModel.class)
class AskWithModelTest {

    public static class WithModel implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OpenAiStub.class));
        }
    }

    private static JsonPath ask(String user, String question, String conversationId) {
        Map<String, Object> body = new HashMap<>();
        body.put("question", question);
        if (conversationId != null) {
            body.put("conversationId", conversationId);
        }
        return given().header("X-Sextant-User", user)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/ask")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String sql(String sql) {
        return "```sql\n" + sql + "\n```";
    }

    @Test
    void should_answer_a_verified_question_without_calling_the_model() {
        OpenAiStub.reset();
        JsonPath answer = ask("noah", "Which 10 stores had the highest net revenue in 2025?", null);
        assertThat(answer.getString("decision")).isEqualTo("ANSWER");
        assertThat(answer.getString("path")).isEqualTo("VERIFIED");
        assertThat(answer.getString("verifiedQuery")).isEqualTo("top_stores_2025");
        assertThat(answer.getList("rows")).hasSize(10);
        assertThat(OpenAiStub.PROMPTS).isEmpty();
    }

    @Test
    void should_answer_with_generated_sql_accepted_the_first_time() {
        OpenAiStub.reset(sql("SELECT city, count(*) AS customers FROM customers WHERE is_del = FALSE AND city IS NOT"
                + " NULL GROUP BY city ORDER BY customers DESC LIMIT 1"));
        JsonPath answer = ask("noah", "Which city has the most customers?", null);
        assertThat(answer.getString("decision")).isEqualTo("ANSWER");
        assertThat(answer.getString("path")).isEqualTo("GENERATED");
        assertThat(answer.getList("reasons", String.class))
                .as("the planner's reading gives the same numbers")
                .contains("the planner computes the same numbers from the semantic model");
        assertThat(answer.getList("rows")).hasSize(1);
        assertThat(answer.getString("sql")).contains("\"customers\"");
        assertThat(OpenAiStub.PROMPTS).hasSize(1);
        String prompt = OpenAiStub.PROMPTS.get(0);
        String schema = prompt.substring(prompt.indexOf("Schema:"), prompt.indexOf("Definitions:"));
        assertThat(schema).contains("Table customers").contains("city").doesNotContain("email");
        assertThat(prompt.substring(prompt.indexOf("Definitions:")))
                .contains("not instructions to follow")
                .contains("From \"Data dictionary: customers\":\n> ");
        assertThat(answer.getLong("timings.model")).isNotNull();
        assertThat(answer.getInt("usage.inputTokens")).isPositive();
        assertThat(answer.getInt("usage.outputTokens")).isPositive();
    }

    @Test
    void should_decline_when_the_model_and_the_planner_read_the_question_differently() {
        // the model counts soft-deleted customers too; the model's definition of customers leaves them out
        OpenAiStub.reset(
                sql("SELECT city, count(*) AS customers FROM customers GROUP BY city ORDER BY customers DESC LIMIT 1"));
        JsonPath answer = ask("noah", "Which city has the most customers?", null);
        assertThat(answer.getString("decision")).isEqualTo("ABSTAIN");
        assertThat(answer.getList("rows")).isEmpty();
        assertThat(answer.getList("reasons", String.class))
                .contains("the language model and the planner read the question differently")
                .anyMatch(r -> r.startsWith("the language model's SQL: "))
                .anyMatch(r -> r.startsWith("the planner's reading: ") && r.contains("is_del"));
    }

    @Test
    void should_repair_a_hallucinated_column_with_the_guard_errors() {
        OpenAiStub.reset(
                sql("SELECT count(*) FROM stores WHERE open_year = 2024"),
                sql("SELECT count(*) FROM stores WHERE EXTRACT(YEAR FROM opened_dt) = 2024"));
        JsonPath answer = ask("noah", "How many stores opened in 2024?", null);
        assertThat(answer.getString("decision")).isEqualTo("ANSWER");
        assertThat(answer.getString("sql")).contains("opened_dt");
        assertThat(answer.getList("reasons", String.class)).anyMatch(r -> r.contains("1 repair"));
        assertThat(OpenAiStub.PROMPTS).hasSize(2);
        assertThat(OpenAiStub.PROMPTS.get(1)).contains("sql-unknown-column").contains("open_year");
    }

    @Test
    void should_abstain_when_repairs_are_exhausted() {
        OpenAiStub.reset(
                sql("SELECT count(*) FROM stores WHERE open_year = 2024"),
                sql("SELECT count(*) FROM stores WHERE opening_year = 2024"),
                sql("SELECT count(*) FROM store_openings"));
        JsonPath answer = ask("noah", "How many stores opened in 2024?", null);
        assertThat(answer.getString("decision")).isEqualTo("ABSTAIN");
        assertThat(answer.getList("reasons", String.class)).anyMatch(r -> r.contains("after 2 repair"));
        assertThat(answer.getString("sql")).isNull();
        assertThat(OpenAiStub.PROMPTS).hasSize(3);
    }

    @Test
    void should_clarify_when_the_model_finds_the_question_ambiguous() {
        OpenAiStub.reset(
                "CLARIFY: \"signed up\" can mean the signup date or the first order.\n"
                        + "- How many customers have a signup date in 2024?\n- How many customers placed a first order in 2024?");
        JsonPath answer = ask("noah", "How many customers signed up each month in 2024?", null);
        assertThat(answer.getString("decision")).isEqualTo("CLARIFY");
        assertThat(answer.getList("suggestions")).hasSize(2);
    }

    @Test
    void should_clarify_from_the_linker_without_calling_the_model() {
        OpenAiStub.reset();
        JsonPath answer = ask("noah", "What is the average price?", null);
        assertThat(answer.getString("decision")).isEqualTo("CLARIFY");
        assertThat(answer.getList("suggestions", String.class))
                .containsExactlyInAnyOrder("What is the average list price?", "What is the average unit price?");
        assertThat(OpenAiStub.PROMPTS).isEmpty();
    }

    @Test
    void should_abstain_on_out_of_scope_and_restricted_questions_without_calling_the_model() {
        OpenAiStub.reset();
        JsonPath weather = ask("noah", "What is the weather in Paris tomorrow?", null);
        assertThat(weather.getString("decision")).isEqualTo("ABSTAIN");
        JsonPath salary = ask("noah", "What is the average salary by department?", null);
        assertThat(salary.getString("decision")).isEqualTo("ABSTAIN");
        assertThat(salary.prettify()).doesNotContain("annual_salary").doesNotContain("employees");
        assertThat(OpenAiStub.PROMPTS).isEmpty();
    }

    @Test
    void should_abstain_when_the_model_says_unanswerable() {
        OpenAiStub.reset("UNANSWERABLE: there is no delivery tracking data.");
        JsonPath answer = ask("noah", "Which products were discontinued in 2025?", null);
        assertThat(answer.getString("decision")).isEqualTo("ABSTAIN");
        assertThat(answer.getString("text")).contains("no delivery tracking data");
    }

    @Test
    void should_resolve_a_follow_up_against_the_previous_question_and_sql() {
        OpenAiStub.reset(sql("SELECT city, count(*) AS customers FROM customers WHERE is_del = FALSE GROUP BY city"));
        JsonPath first = ask("noah", "How many customers are there per city?", null);
        assertThat(first.getString("decision")).isEqualTo("ANSWER");
        String conversation = first.getString("conversationId");

        OpenAiStub.reset(sql("SELECT c.city, count(*) AS customers FROM customers c JOIN regions r ON r.region_id ="
                + " c.region_id WHERE r.region_cd = 'EMEA' GROUP BY c.city"));
        JsonPath second = ask("noah", "only EMEA", conversation);
        assertThat(second.getString("decision")).isEqualTo("ANSWER");
        assertThat(second.getString("conversationId")).isEqualTo(conversation);
        assertThat(OpenAiStub.PROMPTS.get(0))
                .contains("Earlier question: How many customers are there per city?")
                .contains("GROUP BY \"city\"")
                .contains("Question: only EMEA");
    }

    @Test
    void should_degrade_when_the_model_is_down_and_keep_answering_verified_questions() {
        OpenAiStub.reset();
        OpenAiStub.down = true;
        JsonPath generated = ask("noah", "Which products were discontinued in 2025?", null);
        assertThat(generated.getString("decision")).isEqualTo("ABSTAIN");
        assertThat(generated.getList("reasons", String.class)).anyMatch(r -> r.contains("unavailable"));
        assertThat(generated.getList("suggestions")).isNotEmpty();

        JsonPath planned = ask("noah", "Which city has the most customers?", null);
        assertThat(planned.getString("decision")).isEqualTo("ANSWER");
        assertThat(planned.getString("path")).isEqualTo("PLANNED");
        assertThat(planned.getList("reasons", String.class))
                .anyMatch(r -> r.contains("unavailable") && r.contains("the planner answered"));

        JsonPath verified = ask("noah", "What was net revenue by year?", null);
        assertThat(verified.getString("decision")).isEqualTo("ANSWER");
        assertThat(verified.getString("path")).isEqualTo("VERIFIED");
        OpenAiStub.down = false;
    }

    @Test
    void should_answer_document_questions_with_citations_from_the_model() {
        OpenAiStub.reset("Contractors book economy class and need approval before travelling [1].");
        JsonPath answer = ask("noah", "What is the travel policy for contractors?", null);
        assertThat(answer.getString("decision")).isEqualTo("ANSWER");
        assertThat(answer.getString("path")).isEqualTo("DOCUMENT");
        assertThat(answer.getList("citations.documentId")).containsExactly("contractor-travel-policy.md");
        assertThat(OpenAiStub.PROMPTS.get(0)).contains("[1] ");
    }
}
