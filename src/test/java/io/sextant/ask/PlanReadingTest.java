package io.sextant.ask;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.catalog.SemanticModel;
import io.sextant.catalog.SemanticModelParser;
import io.sextant.plan.Plan;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Questions read as plans: paraphrases share a plan, near misses never do; adaptation and answerability. */
class PlanReadingTest {

    private static final SemanticModel MODEL = SemanticModelParser.parse(
                    Path.of("src/main/resources/demo/acme/semantic-model.yaml"))
            .model()
            .orElseThrow();
    private static final Permissions PERMISSIONS = new Permissions(Map.of(), Map.of());
    private static final Principal ADA = new Principal("ada", Set.of("admins"), Map.of());
    private static final LocalDate TODAY = LocalDate.of(2026, 5, 12);
    private final SchemaLinker linker = new SchemaLinker(MODEL, PERMISSIONS);

    private Plan read(String question) {
        return QuestionReader.read(question, linker.link(question, ADA, 0.15), TODAY);
    }

    private static List<String> stems(String text) {
        return Phrases.words(text).stream().map(Phrases::stem).toList();
    }

    private Optional<VerifiedAdaptation.Adapted> adapt(String asked, SemanticModel.VerifiedQuery verified) {
        return VerifiedAdaptation.adapt(
                read(asked),
                stems(asked),
                read(verified.question()),
                stems(verified.question()),
                verified.sql(),
                MODEL);
    }

    private boolean same(String a, String b) {
        return read(a).sameAs(read(b), stems(a), stems(b));
    }

    @Test
    void should_read_measures_groupings_filters_periods_and_order() {
        Plan plan = read("Which 10 stores had the highest net revenue in Q4 2025?");
        assertThat(plan.measures()).isNotEmpty();
        assertThat(plan.periods()).hasSize(1);
        assertThat(plan.periods().get(0).start()).isEqualTo(LocalDate.of(2025, 10, 1));
        assertThat(plan.order()).contains("desc");
        assertThat(plan.limit()).contains(10);
        assertThat(plan.describe()).contains("2025-Q4").contains("top 10");

        Plan negated = read("What was net revenue by region excluding EMEA in 2025?");
        assertThat(negated.filters()).anyMatch(f -> f.startsWith("!") && f.endsWith("=emea"));
        assertThat(read("What was net revenue by region for EMEA in 2025?").filters())
                .anyMatch(f -> !f.startsWith("!") && f.endsWith("=emea"));
        assertThat(read("How many orders are there in each status?").measures())
                .as("how many orders: the count the order_count metric is")
                .isEqualTo(read("Order count by status").measures());
        assertThat(read("How much did we spend on marketing in 2025?").complete())
                .isFalse();
    }

    @Test
    void should_give_paraphrases_of_a_verified_question_the_same_plan() {
        assertThat(same("What was net revenue by region in 2025?", "Net revenue per region for 2025"))
                .isTrue();
        assertThat(same("Show monthly net revenue for 2025.", "Monthly net revenue in 2025"))
                .isTrue();
        assertThat(same(
                        "Who were the top 10 customers by net revenue in 2025?",
                        "Top 10 customers by net revenue 2025"))
                .isTrue();
        assertThat(same(
                        "What were the most common return reasons in 2025?",
                        "What were the top return reasons in 2025?"))
                .isTrue();
        assertThat(same("What was net revenue by region in 2025?", "What was net revenue by region last year?"))
                .as("last year, read against the clock, is 2025")
                .isTrue();
    }

    @Test
    void should_tell_every_near_miss_of_every_verified_question_apart() {
        List<String> failures = new ArrayList<>();
        int misses = 0;
        for (SemanticModel.VerifiedQuery q : MODEL.verifiedQueries()) {
            String question = q.question();
            List<String> nearMisses = new ArrayList<>();
            if (question.contains("2025")) {
                nearMisses.add(question.replace("2025", "Q4 2025"));
                nearMisses.add(question.replace("2025", "the first half of 2025"));
                nearMisses.add(question.replace("2025", "December 2025"));
                nearMisses.add(question.replace("2025", "2024"));
            } else {
                nearMisses.add(question.replace("?", " in 2025?"));
            }
            nearMisses.add(question.replace("?", " excluding EMEA?").replace(".", " excluding EMEA."));
            if (question.contains("by region")) {
                nearMisses.add(question.replace("by region", "by sales channel"));
            }
            if (question.contains("category")) {
                nearMisses.add(question.replace("category", "subcategory"));
            }
            if (question.contains("subcategory")) {
                nearMisses.add(question.replace("subcategory", "category"));
            }
            if (question.contains("net revenue")) {
                nearMisses.add(question.replace("net revenue", "gross revenue"));
                nearMisses.add(question.replace("net revenue", "units sold"));
            }
            if (question.contains("10")) {
                nearMisses.add(question.replace("10", "5"));
            }
            if (question.contains("highest") || question.contains("top")) {
                nearMisses.add(question.replace("highest", "lowest").replace("top", "bottom"));
            }
            for (String miss : nearMisses) {
                if (!miss.equals(question)) {
                    misses++;
                    if (same(question, miss)) {
                        failures.add(miss + "  ~  " + question + "  " + read(miss));
                    }
                }
            }
        }
        assertThat(misses).isGreaterThan(80);
        assertThat(failures).isEmpty();
    }

    @Test
    void should_adapt_a_verified_query_only_where_the_plans_differ() {
        SemanticModel.VerifiedQuery byRegion = MODEL.verifiedQueries().stream()
                .filter(q -> q.question().equals("What was net revenue by region in 2025?"))
                .findFirst()
                .orElseThrow();
        String asked = "What was net revenue by region in Q4 2025?";
        VerifiedAdaptation.Adapted adapted = VerifiedAdaptation.adapt(
                        read(asked),
                        stems(asked),
                        read(byRegion.question()),
                        stems(byRegion.question()),
                        byRegion.sql(),
                        MODEL)
                .orElseThrow();
        assertThat(adapted.sql())
                .contains("DATE '2025-10-01'")
                .contains("DATE '2026-01-01'")
                .doesNotContain("2025-01-01");
        assertThat(adapted.changes()).containsExactly("period 2025-Q4 instead of 2025");

        String swapped = "What was net revenue by sales channel in Q4 2025?";
        assertThat(adapt(swapped, byRegion))
                .as("a grouping on a table the verified query does not join is a new query")
                .isEmpty();

        String gross = "What was gross revenue by region in 2025?";
        assertThat(adapt(gross, byRegion).orElseThrow().sql())
                .contains("SUM(i.amt_rev1) AS gross_revenue")
                .contains("ORDER BY gross_revenue DESC")
                .doesNotContain("amt_rev2")
                .doesNotContain("net_revenue");

        SemanticModel.VerifiedQuery byCategory = MODEL.verifiedQueries().stream()
                .filter(q -> q.question().equals("What was net revenue by product category in 2025?"))
                .findFirst()
                .orElseThrow();
        assertThat(adapt("What was net revenue by subcategory in Q2 2025?", byCategory))
                .as("subcategory is no enumeration: Furniture under two categories would merge")
                .isEmpty();
        SemanticModel.VerifiedQuery bySegment = MODEL.verifiedQueries().stream()
                .filter(q -> q.question().equals("How many active customers do we have in each segment?"))
                .findFirst()
                .orElseThrow();
        assertThat(adapt("How many active customers do we have in each loyalty tier?", bySegment)
                        .orElseThrow()
                        .sql())
                .contains("SELECT c.loyalty_tier,")
                .contains("GROUP BY c.loyalty_tier")
                .doesNotContain("segment");
        assertThat(adapt("What was net revenue by region in 2025 excluding EMEA?", byRegion))
                .as("an added exclusion is a new condition, not an edit")
                .isEmpty();

        SemanticModel.VerifiedQuery top = MODEL.verifiedQueries().stream()
                .filter(q -> q.question().startsWith("Who were the top 10 customers"))
                .findFirst()
                .orElseThrow();
        String five = "Who were the top 5 customers by net revenue in 2024?";
        VerifiedAdaptation.Adapted topFive = VerifiedAdaptation.adapt(
                        read(five), stems(five), read(top.question()), stems(top.question()), top.sql(), MODEL)
                .orElseThrow();
        assertThat(topFive.sql()).contains("LIMIT 5").contains("'2024-01-01'").contains("'2025-01-01'");
    }

    @Test
    void should_answer_from_a_passage_only_what_it_holds() {
        String emeaReview = "EMEA quarterly business review, Q3 2025. Net revenue grew 12% to 4.1 million; the EMEA"
                + " team closed 310 enterprise deals.";
        String apac = "What did the APAC quarterly review say about net revenue?";
        assertThat(Answerability.check(apac, read(apac), emeaReview, TODAY).answers())
                .as("a passage about another region is not an answer")
                .isFalse();
        String emea = "What did the EMEA quarterly review say about net revenue?";
        Answerability.Verdict own = Answerability.check(emea, read(emea), emeaReview, TODAY);
        assertThat(own.answers()).as(own.missing() + " " + read(emea)).isTrue();

        String marketing = "How much did we spend on marketing in 2025?";
        String budget = "The 2025 budget plan sets revenue targets per region and the travel allowance.";
        assertThat(Answerability.check(marketing, read(marketing), budget, TODAY)
                        .answers())
                .isFalse();

        String berlin = "What was the net revenue of the Acme Berlin store in 2025?";
        String stores = "Acme operates flagship stores in New York and London; net revenue in 2025 was 9.3 million.";
        assertThat(Answerability.check(berlin, read(berlin), stores, TODAY).answers())
                .isFalse();

        String breakdown = "How many products are in each category?";
        String dictionary = "products: one row per product (2,400 SKUs); category is the top level of the hierarchy.";
        assertThat(Answerability.check(breakdown, read(breakdown), dictionary, TODAY)
                        .answers())
                .as("a breakdown is a data question")
                .isFalse();

        String compare = "Compare this year with last year";
        String review = "The annual review compares 2024 with 2023.";
        assertThat(Answerability.check(compare, read(compare), review, TODAY).answers())
                .isFalse();

        String policy = "Can I fly business class?";
        String travel = "Travel policy: business class is allowed to fly on flights longer than six hours.";
        assertThat(Answerability.check(policy, read(policy), travel, TODAY).answers())
                .isTrue();

        assertThat(Answerability.isStatement("DROP TABLE orders")).isTrue();
        assertThat(Answerability.isStatement("select * from orders")).isTrue();
        assertThat(Answerability.isStatement("Show monthly net revenue for 2025"))
                .isFalse();
        assertThat(Answerability.isStatement("Which products were selected from the catalog?"))
                .isFalse();
    }
}
