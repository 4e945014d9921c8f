package io.sextant.ask;

import io.sextant.catalog.SemanticModel;
import io.sextant.plan.PlanCompiler;
import io.sextant.sql.CheckedSql;
import io.sextant.sql.SqlCheck;
import io.sextant.sql.SqlService;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The planned path: the question's plan answered from the semantic model, either by editing a
 * close verified query where the plans differ, or by compiling the plan over the model's
 * definitions and relationships. Either way the SQL goes through the guard like any other.
 */
final class PlannedPath {

    private static final Logger LOG = Logger.getLogger(PlannedPath.class);

    private final SqlService sql;
    private final Execution execution;
    private final AskConfig config;
    /** The compiler for the last model seen (built once per model). */
    private volatile PlanCompiler compiler;

    PlannedPath(SqlService sql, Execution execution, AskConfig config) {
        this.sql = sql;
        this.execution = execution;
        this.config = config;
    }

    private PlanCompiler compiler(SemanticModel model) {
        PlanCompiler c = compiler;
        if (c == null || c.model() != model) {
            c = new PlanCompiler(model);
            compiler = c;
        }
        return c;
    }

    /** A close verified query edited where its plan differs from the question's, when one can be. */
    Optional<Answer> adapted(AskContext c, SemanticModel model, List<VerifiedQueries.Match> matches) {
        for (VerifiedQueries.Match m : matches) {
            if (m.cosine() < config.exampleThreshold()) {
                break;
            }
            String verifiedQuestion = m.query().question();
            Optional<VerifiedAdaptation.Adapted> adapted = VerifiedAdaptation.adapt(
                    c.plan,
                    AskContext.stems(c.question),
                    c.read(verifiedQuestion),
                    AskContext.stems(verifiedQuestion),
                    m.query().sql(),
                    model);
            if (adapted.isEmpty()) {
                continue;
            }
            SqlCheck check = sql.check(adapted.get().sql(), c.principal, Optional.empty());
            if (!check.accepted()) {
                continue;
            }
            c.sourceSql = adapted.get().sql();
            return Optional.of(execution.execute(
                    c,
                    check.checked(),
                    Confidence.adapted(m.query().name(), adapted.get().changes()),
                    AnswerPath.PLANNED,
                    m.query().name(),
                    "Adapted from the verified query \"" + verifiedQuestion + "\" ("
                            + String.join("; ", adapted.get().changes()) + ")."));
        }
        return Optional.empty();
    }

    /** The plan compiled over the model and run, when it compiles and passes the guard. */
    Optional<Answer> compiled(AskContext c, SemanticModel model, String... notes) {
        Optional<CheckedSql> checked = checkedSql(c, model);
        if (checked.isEmpty()) {
            LOG.debugf("planner: no SQL for \"%s\"", c.plan.describe());
            return Optional.empty();
        }
        PlanCompiler.Compiled compiled = c.plannedSource;
        c.sourceSql = compiled.sql();
        Confidence confidence = Confidence.compiled(compiled.notes());
        Arrays.stream(notes).forEach(confidence::note);
        return Optional.of(execution.execute(
                c,
                checked.get(),
                confidence,
                AnswerPath.PLANNED,
                null,
                "Computed from the semantic model's definitions (no verified query asks for this)."));
    }

    /** The plan compiled and accepted by the guard for this principal, without running it. */
    Optional<CheckedSql> checkedSql(AskContext c, SemanticModel model) {
        PlanCompiler.Outcome outcome =
                c.time("compile", () -> compiler(model).compile(c.plan, Phrases.words(c.question)));
        if (outcome.compiled().isEmpty()) {
            LOG.debugf("planner: %s", outcome.refusal());
            return Optional.empty();
        }
        SqlCheck check =
                c.time("check", () -> sql.check(outcome.compiled().get().sql(), c.principal, Optional.empty()));
        if (check.accepted()) {
            c.plannedSource = outcome.compiled().get();
        } else {
            LOG.debugf(
                    "planner: the guard refused %s: %s",
                    outcome.compiled().get().sql(), check.errors());
        }
        return check.accepted() ? Optional.of(check.checked()) : Optional.empty();
    }
}
