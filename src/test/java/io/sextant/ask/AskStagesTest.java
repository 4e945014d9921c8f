package io.sextant.ask;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.catalog.SemanticModel;
import io.sextant.catalog.SemanticModelParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pipeline's stages one at a time, on the Acme semantic model. */
class AskStagesTest {

    private static final SemanticModel MODEL = SemanticModelParser.parse(
                    Path.of("src/main/resources/demo/acme/semantic-model.yaml"))
            .model()
            .orElseThrow();
    private static final Permissions PERMISSIONS = new Permissions(
            Map.of(), Map.of("employees.annual_salary", List.of("hr", "admins"), "customers.email", List.of("admins")));
    private static final Principal NOAH = new Principal("noah", Set.of("analysts"), Map.of("region", "NA"));
    private static final Principal HANA = new Principal("hana", Set.of("hr"), Map.of("region", "APAC"));

    private final SchemaLinker linker = new SchemaLinker(MODEL, PERMISSIONS);

    private SchemaLinker.Linked link(String question, Principal principal) {
        return linker.link(question, principal, 0.15);
    }

    @Test
    void should_read_sql_from_a_fenced_block_and_ignore_prose() {
        ModelAnswer answer = ModelAnswer.parse("Here you go:\n```sql\nSELECT 1\nFROM regions\n```\nHope it helps.");
        assertThat(answer.kind()).isEqualTo(ModelAnswer.Kind.SQL);
        assertThat(answer.sql()).isEqualTo("SELECT 1\nFROM regions");
        assertThat(ModelAnswer.parse("SELECT count(*) FROM orders").sql()).isEqualTo("SELECT count(*) FROM orders");
    }

    @Test
    void should_read_clarifications_with_their_options_and_unanswerable_replies() {
        ModelAnswer clarify = ModelAnswer.parse(
                "CLARIFY: revenue can be gross or net.\n- What was gross revenue in 2025?\n- What was net revenue in 2025?");
        assertThat(clarify.kind()).isEqualTo(ModelAnswer.Kind.CLARIFY);
        assertThat(clarify.message()).isEqualTo("revenue can be gross or net.");
        assertThat(clarify.options())
                .containsExactly("What was gross revenue in 2025?", "What was net revenue in 2025?");

        ModelAnswer no = ModelAnswer.parse("UNANSWERABLE: there is no weather data.");
        assertThat(no.kind()).isEqualTo(ModelAnswer.Kind.UNANSWERABLE);
        assertThat(no.message()).isEqualTo("there is no weather data.");
        assertThat(ModelAnswer.parse("I am not sure what you mean.").kind()).isEqualTo(ModelAnswer.Kind.UNREADABLE);
    }

    @Test
    void should_ask_which_revenue_when_only_revenue_is_said() {
        SchemaLinker.Linked linked = link("How much revenue did we make in 2025?", NOAH);
        assertThat(linked.ambiguities()).hasSize(1);
        assertThat(linked.ambiguities().get(0).meanings()).containsExactlyInAnyOrder("net revenue", "gross revenue");
        assertThat(linked.ambiguities().get(0).options())
                .contains("How much net revenue did we make in 2025?", "How much gross revenue did we make in 2025?");

        assertThat(link("How much net revenue did we make in 2025?", NOAH).ambiguities())
                .isEmpty();
    }

    @Test
    void should_ask_which_date_of_an_order_but_not_what_a_table_name_means() {
        assertThat(link("Show orders by date", NOAH).ambiguities().get(0).meanings())
                .containsExactlyInAnyOrder("order date", "ship date");
        assertThat(link("Which city has the most customers?", NOAH).ambiguities())
                .isEmpty();
    }

    @Test
    void should_resolve_a_phrase_by_the_tables_the_rest_of_the_question_names() {
        assertThat(link("What is the average salary by department?", HANA).ambiguities())
                .isEmpty();
    }

    @Test
    void should_report_phrases_that_link_only_to_data_the_principal_may_not_see() {
        SchemaLinker.Linked noah = link("What is the average salary by department?", NOAH);
        assertThat(noah.restrictedPhrases()).containsExactly("salary");
        assertThat(noah.elements()).noneMatch(e -> e.name().contains("salary"));

        assertThat(link("What is the average salary by department?", HANA).restrictedPhrases())
                .isEmpty();
    }

    @Test
    void should_link_nothing_for_questions_outside_the_model() {
        SchemaLinker.Linked linked = link("What is the weather in Paris tomorrow?", NOAH);
        assertThat(linked.empty()).isTrue();
        assertThat(linked.coverage()).isZero();
    }

    @Test
    void should_show_the_model_only_permitted_columns() {
        SchemaLinker.Linked linked = link("average salary per employee by department", NOAH);
        String schema = new PromptContext(MODEL, linked, NOAH, PERMISSIONS).schema();
        assertThat(schema).contains("Table employees").contains("dept_cd").doesNotContain("annual_salary");
        String hr = new PromptContext(MODEL, link("average salary per employee by department", HANA), HANA, PERMISSIONS)
                .schema();
        assertThat(hr).contains("annual_salary");
    }

    @Test
    void should_give_the_model_only_definitions_and_sample_values_every_reader_may_see() {
        Permissions restricted = new Permissions(
                Map.of(),
                Map.of("order_items.amt_rev2", List.of("finance")),
                List.of(new io.sextant.access.RowPolicy("stores", "region_id = {region}", Set.of("sales"), Set.of())));
        Principal farid = new Principal("farid", Set.of("finance"), Map.of());
        String question = "total net revenue by store name";
        SchemaLinker linker = new SchemaLinker(MODEL, restricted);

        PromptContext noah = new PromptContext(MODEL, linker.link(question, NOAH, 0.15), NOAH, restricted);
        PromptContext finance = new PromptContext(MODEL, linker.link(question, farid, 0.15), farid, restricted);

        assertThat(noah.definitions()).doesNotContain("amt_rev2");
        assertThat(noah.schema()).doesNotContain("amt_rev2");
        assertThat(finance.definitions()).contains("SUM(order_items.amt_rev2)");
        // stores has a row policy: its sample values (other regions' stores) go to nobody.
        assertThat(finance.schema()).contains("Table stores").doesNotContain("Acme Berlin");
        assertThat(new PromptContext(MODEL, linker.link(question, farid, 0.15), farid, PERMISSIONS).schema())
                .contains("Acme Berlin");
        // nor does a question naming one of them link to it (which would tell that it exists)
        String byValue = "net revenue of Acme Berlin";
        assertThat(linker.link(byValue, farid, 0.15).links()).noneMatch(SchemaLinker.Link::value);
        assertThat(new SchemaLinker(MODEL, PERMISSIONS)
                        .link(byValue, farid, 0.15)
                        .links())
                .anyMatch(SchemaLinker.Link::value);
    }

    @Test
    void should_need_every_acl_an_item_touches() {
        io.sextant.access.Acl hr = io.sextant.access.Acl.ofGroups("hr", "admins");
        io.sextant.access.Acl finance = io.sextant.access.Acl.ofGroups("finance", "admins");

        io.sextant.access.Acl both = hr.and(finance);

        assertThat(both.groups()).containsExactly("admins");
        assertThat(both.permits(HANA)).isFalse();
        assertThat(both.permits(new Principal("ada", Set.of("admins"), Map.of())))
                .isTrue();
        assertThat(io.sextant.access.Acl.everyone().and(hr)).isEqualTo(hr);
        assertThat(hr.and(io.sextant.access.Acl.everyone())).isEqualTo(hr);
        assertThat(io.sextant.access.Acl.ofGroups("hr")
                        .and(io.sextant.access.Acl.ofGroups("finance"))
                        .permits(HANA))
                .isFalse();
    }

    @Test
    void should_lower_confidence_for_each_weakness_and_say_why() {
        Confidence c = Confidence.generated(0.3);
        assertThat(c.value()).isEqualTo(0.55);
        c.lower(0.3, "the query returned no rows");
        assertThat(c.value()).isEqualTo(0.25);
        assertThat(c.reasons()).hasSize(3).last().isEqualTo("the query returned no rows");
        assertThat(Confidence.verified("q", 1.0, 0.8).value()).isEqualTo(1.0);
        assertThat(Confidence.verified("q", 0.8, 0.8).value()).isEqualTo(0.8);
    }

    @Test
    void should_tell_follow_ups_from_new_questions() {
        assertThat(AskPipeline.looksLikeFollowUp("now by month")).isTrue();
        assertThat(AskPipeline.looksLikeFollowUp("only EMEA")).isTrue();
        assertThat(AskPipeline.looksLikeFollowUp("What was net revenue by region in 2025?"))
                .isFalse();
    }
}
