package io.sextant.ask;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.catalog.SemanticModel;
import io.sextant.plan.Plan;
import io.sextant.plan.PlanCompiler;
import io.sextant.sql.SqlCheck;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One question on its way through the stages: who asks, against what, what each stage found so
 * far, and the named factories every answer path builds its {@link Answer} with (so request id,
 * conversation and stage timings are filled in one place).
 */
final class AskContext {

    final String question;
    final Principal principal;
    final AskPipeline.Trial trial;
    final String requestId = UUID.randomUUID().toString();
    final String conversationId;
    final List<History.Turn> turns;
    final Map<String, Long> timings = new LinkedHashMap<>();
    private final io.opentelemetry.api.trace.Tracer tracer;
    final Map<String, String> promptVersions = new LinkedHashMap<>();
    int inputTokens;
    int outputTokens;
    /** The answer, once the stages are through (with the timings and the tokens). */
    Answer result;

    /** Verified queries close to the question whose SQL the principal may run, best first. */
    List<VerifiedQueries.Match> visibleMatches = List.of();
    /** The guard's verdict on each verified query checked for visibility, by name. */
    final Map<String, SqlCheck> verifiedChecks = new HashMap<>();
    /** The question read as a plan (null for follow-ups and without a semantic model). */
    Plan plan;
    /** Why the closest verified query was not used, when it was close by wording. */
    String nearMiss;
    /** The planner's SQL for this question, once compiled and accepted by the guard. */
    PlanCompiler.Compiled plannedSource;
    /** Whether a phrase of the question names two things (the planner then stays out). */
    boolean linkedAmbiguous;
    /** The SQL answered with, before the guard applied this user's permissions (verified or adapted). */
    String sourceSql;

    /** Told the name of each stage as it begins (for a streamed answer). */
    final Consumer<String> progress;

    private final Optional<SemanticModel> model;
    private final Optional<SchemaLinker> linker;
    private final double clarifyMargin;
    private final Map<String, SchemaLinker.Linked> linkings = new HashMap<>();
    private final Map<String, Plan> plans = new HashMap<>();

    AskContext(
            String question,
            String conversationId,
            List<History.Turn> turns,
            Principal principal,
            AskPipeline.Trial trial,
            Optional<PrincipalValues.Visible> visible,
            Permissions permissions,
            double clarifyMargin,
            Consumer<String> progress,
            io.opentelemetry.api.trace.Tracer tracer) {
        this.tracer = tracer;
        this.question = question;
        this.conversationId = conversationId;
        this.turns = turns;
        this.principal = principal;
        this.trial = trial;
        this.model = visible.map(PrincipalValues.Visible::model);
        this.linker = visible.map(v -> new SchemaLinker(v.model(), permissions, v.values()));
        this.clarifyMargin = clarifyMargin;
        this.progress = progress;
    }

    /**
     * The trial's semantic model as this principal reads it (with the values of row-policy tables
     * they may see), when there is a model.
     */
    Optional<SemanticModel> model() {
        return model;
    }

    /** The schema linker over {@link #model()}. */
    Optional<SchemaLinker> linker() {
        return linker;
    }

    /** The linking of a text, once per request (the question's also serves the link stage). */
    SchemaLinker.Linked link(String text) {
        return linkings.computeIfAbsent(text, t -> linker.orElseThrow().link(t, principal, clarifyMargin));
    }

    /** The plan of a text, once per request (verified questions are compared, adapted and reported). */
    Plan read(String text) {
        return plans.computeIfAbsent(text, t -> QuestionReader.read(t, link(t), trial.today()));
    }

    /** The stemmed words of a text, as plans compare unplaced words. */
    static List<String> stems(String text) {
        return Phrases.words(text).stream().map(Phrases::stem).toList();
    }

    /**
     * Runs one stage, adding its milliseconds to the stage's timing, telling the listener it began,
     * and tracing it as a span {@code ask <stage>} under the request's (a no-op while tracing is off).
     */
    <T> T time(String stage, Supplier<T> work) {
        progress.accept(stage);
        long start = System.nanoTime();
        io.opentelemetry.api.trace.Span span =
                tracer.spanBuilder("ask " + stage).startSpan();
        try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
            timings.merge(stage, (System.nanoTime() - start) / 1_000_000, Long::sum);
        }
    }

    /** The verified questions closest to this one that the principal may run. */
    List<String> closestQuestions() {
        return visibleMatches.stream().limit(3).map(m -> m.query().question()).toList();
    }

    // ---- the answers ----

    /** An abstention with no SQL: the reasons and what to ask instead. */
    Answer abstain(List<String> reasons, String text, List<String> suggestions) {
        return declined(Decision.ABSTAIN, 0.0, reasons, text, suggestions, null, AnswerPath.NONE, null);
    }

    /** A clarification: the options are questions the user can ask instead. */
    Answer clarify(List<String> reasons, String text, List<String> options) {
        return declined(Decision.CLARIFY, 0.0, reasons, text, options, null, AnswerPath.NONE, null);
    }

    /** A clarification or an abstention: no rows, the reasons, what to ask instead. */
    Answer declined(
            Decision decision,
            double confidence,
            List<String> reasons,
            String text,
            List<String> suggestions,
            String sql,
            AnswerPath path,
            String verifiedName) {
        return new Answer(
                requestId,
                conversationId,
                decision,
                confidence,
                reasons,
                text,
                sql,
                List.of(),
                List.of(),
                false,
                suggestions,
                List.of(),
                path,
                verifiedName,
                timings);
    }

    /** An answer from documents: text and the passages it rests on. */
    Answer fromPassages(Confidence confidence, String text, List<Answer.Citation> citations, AnswerPath path) {
        return new Answer(
                requestId,
                conversationId,
                Decision.ANSWER,
                confidence.value(),
                confidence.reasons(),
                text,
                null,
                List.of(),
                List.of(),
                false,
                List.of(),
                citations,
                path,
                null,
                timings);
    }

    /** The decision on a statement's rows (answered, or withheld when not confident enough). */
    Answer fromRows(
            Decision decision,
            Confidence confidence,
            String text,
            String sql,
            List<io.sextant.sql.QueryResult.Column> columns,
            List<List<Object>> rows,
            boolean truncated,
            AnswerPath path,
            String verifiedName) {
        return new Answer(
                requestId,
                conversationId,
                decision,
                confidence.value(),
                confidence.reasons(),
                text,
                sql,
                columns,
                rows,
                truncated,
                List.of(),
                List.of(),
                path,
                verifiedName,
                timings);
    }
}
