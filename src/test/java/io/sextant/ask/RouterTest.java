package io.sextant.ask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The routing decision from signals, case by case. */
class RouterTest {

    @ParameterizedTest(name = "statement={0} same={1} plan={2} -> {3}")
    @CsvSource({
        "true,  true,  true,  DECLINE_STATEMENT",
        "false, true,  true,  VERIFIED",
        "false, false, true,  ADAPT",
        "false, false, false, ''",
    })
    void should_try_the_verified_paths_first(boolean statement, boolean same, boolean plan, String routes) {
        assertThat(Router.early(new Router.Early(statement, same, plan))).isEqualTo(parse(routes));
    }

    @ParameterizedTest(
            name =
                    "followUp={0} plan={1} restricted={2} ambiguous={3} clearly={4} documents={5} nothing={6} model={7} -> {8}")
    @CsvSource({
        // data the caller may not see wins over everything, documents included
        "false, true,  true,  false, false, true,  false, false, ABSTAIN_RESTRICTED",
        // without a model the planner comes first, then the documents, clarification, abstention
        "false, true,  false, false, false, false, false, false, COMPILE ABSTAIN_NO_MODEL",
        "false, true,  false, false, false, true,  false, false, COMPILE DOCUMENTS",
        "false, true,  false, true,  true,  false, false, false, CLARIFY",
        "false, true,  false, true,  false, false, false, false, ABSTAIN_NO_MODEL",
        "false, false, false, false, false, false, true,  false, ABSTAIN_NO_MATCH",
        // a follow-up is not compiled on its own
        "true,  true,  false, false, false, false, false, false, ABSTAIN_NO_MODEL",
        // with a model, the model writes new SQL (no planner)
        "false, true,  false, false, false, false, false, true,  GENERATE",
        "false, true,  false, false, false, true,  false, true,  DOCUMENTS",
        "false, false, false, false, false, false, true,  true,  ABSTAIN_NO_MATCH",
    })
    void should_decide_what_follows_from_links_documents_and_the_model(
            boolean followUp,
            boolean plan,
            boolean restricted,
            boolean ambiguous,
            boolean clearly,
            boolean documents,
            boolean nothing,
            boolean model,
            String routes) {
        assertThat(Router.late(
                        new Router.Late(followUp, plan, restricted, ambiguous, clearly, documents, nothing, model)))
                .isEqualTo(parse(routes));
    }

    private static List<Router.Route> parse(String routes) {
        return routes.isBlank()
                ? List.of()
                : List.of(routes.trim().split("\\s+")).stream()
                        .map(Router.Route::valueOf)
                        .toList();
    }
}
