package io.sextant.ask;

import java.util.ArrayList;
import java.util.List;

/**
 * Which answer paths a question tries, in order, decided from signals alone — no I/O, so every
 * case can be tested from a table. The pipeline computes the signals, asks the router, and tries
 * each route until one gives an answer; a route that cannot answer ({@link Route#ADAPT}, {@link
 * Route#COMPILE}) passes to the next. Terminal routes always produce a decision.
 */
final class Router {

    /** One way of answering (or declining). */
    enum Route {
        /** A command or SQL statement: declined. */
        DECLINE_STATEMENT,
        /** A verified query with the same plan. */
        VERIFIED,
        /** A verified query edited where the plan differs (may not apply). */
        ADAPT,
        /** The question names data the caller may not see: declined without naming it. */
        ABSTAIN_RESTRICTED,
        /** The plan compiled over the semantic model (may not apply). */
        COMPILE,
        /** Passages of the documents (answers or declines). */
        DOCUMENTS,
        /** A phrase names two things: the options are offered. */
        CLARIFY,
        /** Nothing in the model or the documents matches. */
        ABSTAIN_NO_MATCH,
        /** No verified query, no planner answer and no model to write one. */
        ABSTAIN_NO_MODEL,
        /** The language model writes SQL. */
        GENERATE
    }

    /** What is known before documents are searched: the cheap signals. */
    record Early(boolean statement, boolean samePlanAsVerified, boolean plan) {}

    /** What is known after the question was linked and the documents searched. */
    record Late(
            boolean followUp,
            boolean plan,
            boolean restricted,
            boolean ambiguous,
            boolean clearlyAmbiguous,
            boolean documentQuestion,
            boolean linkedToNothing,
            boolean modelConfigured) {}

    private Router() {}

    /** The routes to try before searching documents; empty: go on to {@link #late(Late)}. */
    static List<Route> early(Early s) {
        if (s.statement()) {
            return List.of(Route.DECLINE_STATEMENT);
        }
        if (s.samePlanAsVerified()) {
            return List.of(Route.VERIFIED);
        }
        return s.plan() ? List.of(Route.ADAPT) : List.of();
    }

    /** The routes to try after; the last one is terminal. */
    static List<Route> late(Late s) {
        if (s.restricted()) {
            // before documents: a passage must not stand in for data the user may not see
            return List.of(Route.ABSTAIN_RESTRICTED);
        }
        List<Route> routes = new ArrayList<>();
        // Without a model the planner is the generator (with one, the model writes new SQL).
        if (s.plan() && !s.followUp() && !s.ambiguous() && !s.modelConfigured()) {
            routes.add(Route.COMPILE);
        }
        if (s.documentQuestion()) {
            routes.add(Route.DOCUMENTS);
        } else if (s.clearlyAmbiguous()) {
            routes.add(Route.CLARIFY);
        } else if (s.linkedToNothing()) {
            routes.add(Route.ABSTAIN_NO_MATCH);
        } else if (!s.modelConfigured()) {
            routes.add(Route.ABSTAIN_NO_MODEL);
        } else {
            routes.add(Route.GENERATE);
        }
        return routes;
    }
}
