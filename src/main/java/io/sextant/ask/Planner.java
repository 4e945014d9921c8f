package io.sextant.ask;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.catalog.SemanticModel;
import io.sextant.plan.Plan;
import io.sextant.plan.PlanCompiler;
import java.time.LocalDate;

/**
 * The planner on its own, outside a request: a question read as a plan over a semantic model
 * (for a principal, whose permissions decide what may be linked) and compiled to SQL, or the
 * reason it is not. The ask pipeline runs the same steps on its planned path.
 */
public final class Planner {

    private final SchemaLinker linker;
    private final PlanCompiler compiler;

    public Planner(SemanticModel model, Permissions permissions) {
        this.linker = new SchemaLinker(model, permissions);
        this.compiler = new PlanCompiler(model);
    }

    /** The question's plan and what the compiler makes of it. */
    public record Reading(Plan plan, PlanCompiler.Outcome outcome) {}

    /** Reads and compiles a fresh question (no conversation), relative periods against {@code today}. */
    public Reading read(String question, Principal principal, double clarifyMargin, LocalDate today) {
        SchemaLinker.Linked linked = linker.link(question, principal, clarifyMargin);
        Plan plan = QuestionReader.read(question, linked, today);
        PlanCompiler.Outcome outcome = linked.ambiguities().isEmpty()
                ? compiler.compile(plan, Phrases.words(question))
                : new PlanCompiler.Outcome(java.util.Optional.empty(), "a phrase names two things");
        return new Reading(plan, outcome);
    }
}
