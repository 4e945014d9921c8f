package io.sextant.ask;

import io.sextant.SextantException;
import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.catalog.CatalogService;
import io.sextant.catalog.SemanticModel;
import io.sextant.llm.Llm;
import io.sextant.llm.Prompts;
import io.sextant.search.Embedder;
import io.sextant.search.HybridSearch;
import io.sextant.search.SearchFilters;
import io.sextant.sql.SqlService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The ask pipeline: one question and a principal in, an {@link Answer} out. It checks the input,
 * computes the signals (embedding, visible verified queries, the question's plan, document
 * retrieval, schema linking), lets the {@link Router} choose the routes, and hands the question
 * to the answer paths in that order — {@link VerifiedPath}, {@link PlannedPath}, {@link
 * DocumentPath}, {@link GeneratedPath} — until one answers; then it records the turn and its
 * audit row. Without a model the planner is the generator.
 */
@ApplicationScoped
public class AskPipeline {

    private static final Logger LOG = Logger.getLogger(AskPipeline.class);
    private static final Set<String> FOLLOW_UP_STARTS = Set.of(
            "now",
            "and",
            "also",
            "only",
            "what about",
            "how about",
            "instead",
            "same",
            "but",
            "then",
            "just",
            "break",
            "split",
            "exclude",
            "without",
            "per",
            "by");

    private final Embedder embedder;
    private final HybridSearch search;
    private final VerifiedQueries verified;
    private final CatalogService catalog;
    private final Permissions permissions;
    private final SqlService sql;
    private final Llm llm;
    private final Prompts prompts;
    private final History history;
    private final AskConfig config;
    private final io.sextant.catalog.ValueIndex valueIndex;
    private final io.micrometer.core.instrument.MeterRegistry metrics;
    private final io.opentelemetry.api.trace.Tracer tracer;
    private final PrincipalValues principalValues;
    private final VerifiedPath verifiedPath;
    private final PlannedPath plannedPath;
    private final GeneratedPath generatedPath;
    private final DocumentPath documentPath;

    AskPipeline(
            Embedder embedder,
            HybridSearch search,
            VerifiedQueries verified,
            CatalogService catalog,
            Permissions permissions,
            SqlService sql,
            Llm llm,
            Prompts prompts,
            History history,
            AskConfig config,
            io.sextant.catalog.ValueIndex valueIndex,
            PrincipalValues principalValues,
            io.micrometer.core.instrument.MeterRegistry metrics,
            io.opentelemetry.api.trace.Tracer tracer) {
        this.tracer = tracer;
        this.principalValues = principalValues;
        this.metrics = metrics;
        this.embedder = embedder;
        this.search = search;
        this.verified = verified;
        this.catalog = catalog;
        this.permissions = permissions;
        this.sql = sql;
        this.llm = llm;
        this.prompts = prompts;
        this.history = history;
        this.config = config;
        this.valueIndex = valueIndex;
        Execution execution = new Execution(sql, permissions, config);
        this.verifiedPath = new VerifiedPath(sql, execution, config);
        this.plannedPath = new PlannedPath(sql, execution, config);
        this.generatedPath = new GeneratedPath(llm, prompts, sql, permissions, search, execution, plannedPath, config);
        this.documentPath = new DocumentPath(llm, prompts, config);
    }

    /** Documents with this tag may be quoted in the SQL prompt as definitions. */
    public static final String DEFINITIONS_TAG = "definitions";

    private static final Pattern CONVERSATION_ID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * What a question is answered against: the semantic model, the trusted verified queries and
     * the date relative periods ("last quarter") are read against. {@link #live()} is what the
     * server serves; a change gate or an evaluation tries another without touching it.
     */
    public record Trial(Optional<SemanticModel> model, VerifiedQueries.Candidates verified, LocalDate today) {

        /** The same, with relative periods read against this date. */
        public Trial on(LocalDate date) {
            return new Trial(model, verified, date);
        }
    }

    /** The model (with the warehouse's small vocabularies), verified queries and date the server answers with now. */
    public Trial live() {
        Optional<SemanticModel> model = catalog.current() == null
                ? Optional.empty()
                : catalog.current().model().map(valueIndex::enriched);
        return new Trial(model, verified.trusted(), config.today().orElseGet(LocalDate::now));
    }

    /** Answers, clarifies or abstains; records the turn and the audit row (failing when they cannot be stored). */
    public Answer ask(String question, String conversationId, Principal principal) {
        return ask(question, conversationId, principal, live());
    }

    /** {@link #ask(String, String, Principal)} against the given model, verified queries and date. */
    public Answer ask(String question, String conversationId, Principal principal, Trial trial) {
        return ask(question, conversationId, principal, trial, stage -> {});
    }

    /**
     * {@link #ask(String, String, Principal)}, telling {@code progress} the name of each stage as
     * it begins ("embed", "verified", "interpret", "retrieve", "compile", "generate", "execute",
     * ...), for answers streamed to a user who watches them come.
     */
    public Answer ask(String question, String conversationId, Principal principal, Consumer<String> progress) {
        return ask(question, conversationId, principal, live(), progress);
    }

    private Answer ask(
            String question, String conversationId, Principal principal, Trial trial, Consumer<String> progress) {
        AskContext run = run(question, conversationId, principal, trial, progress);
        Answer answer = run.result;
        // Part of the request: when the turn or its audit row cannot be stored, the caller gets an error.
        history.record(
                principal.userId(),
                run.question,
                run.turns.size() + 1,
                answer,
                new History.AuditRow(
                        llm.description(), run.promptVersions, run.inputTokens, run.outputTokens, run.sourceSql));
        return answer;
    }

    /**
     * Answers a fresh question against a trial set-up without recording anything: no turn, no
     * audit row (for the change gate, which is audited as the admin's change).
     */
    public Answer trial(String question, Principal principal, Trial trial) {
        return run(question, null, principal, trial, stage -> {}).result;
    }

    /** Checks the input, then takes the question through the stages; the context holds the answer. */
    private AskContext run(
            String question, String conversationId, Principal principal, Trial trial, Consumer<String> progress) {
        checkInput(question, conversationId);
        long start = System.nanoTime();
        AskContext run = context(question.strip(), conversationId, principal, trial, progress);
        Answer answer = answer(run);
        run.timings.put("total", (System.nanoTime() - start) / 1_000_000);
        run.result = answer.with(run.timings, new Answer.Usage(run.inputTokens, run.outputTokens));
        observe(run.result);
        return run;
    }

    /**
     * Fails with a clear error when the question is empty or too long, or the conversation id is
     * not one (before a streamed answer starts, so the caller gets the error as a status).
     */
    public void checkInput(String question, String conversationId) {
        if (question == null || question.isBlank()) {
            throw new SextantException(SextantException.Kind.INVALID_INPUT, "question-empty", "question is required");
        }
        if (question.length() > config.maxQuestionLength()) {
            throw new SextantException(
                    SextantException.Kind.TOO_LARGE,
                    "question-too-long",
                    "The question has " + question.length() + " characters; at most " + config.maxQuestionLength()
                            + " are accepted.");
        }
        if (conversationId != null
                && !conversationId.isBlank()
                && !CONVERSATION_ID.matcher(conversationId).matches()) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT,
                    "invalid-conversation-id",
                    "conversationId must be the id of an earlier answer (a UUID)");
        }
    }

    /** Per-stage timers, decisions by path, and the model's tokens, for the metrics endpoint. */
    private void observe(Answer answer) {
        answer.timings()
                .forEach((stage, ms) -> metrics.timer("sextant.ask.stage", "stage", stage)
                        .record(ms, java.util.concurrent.TimeUnit.MILLISECONDS));
        metrics.counter(
                        "sextant.ask.decisions",
                        "decision",
                        answer.decision().name(),
                        "path",
                        answer.path().name())
                .increment();
        metrics.counter("sextant.llm.tokens", "direction", "in")
                .increment(answer.usage().inputTokens());
        metrics.counter("sextant.llm.tokens", "direction", "out")
                .increment(answer.usage().outputTokens());
    }

    /** The context of a fresh question, or of a follow-up in one of the principal's conversations. */
    private AskContext context(
            String question, String conversationId, Principal principal, Trial trial, Consumer<String> progress) {
        boolean fresh = conversationId == null || conversationId.isBlank();
        String id = fresh ? UUID.randomUUID().toString() : conversationId;
        Map<String, Long> historyMillis = new LinkedHashMap<>();
        long start = System.nanoTime();
        List<History.Turn> turns = fresh ? List.of() : history.turns(conversationId, principal.userId());
        if (!fresh) {
            historyMillis.put("history", (System.nanoTime() - start) / 1_000_000);
        }
        if (!fresh && turns.isEmpty()) {
            // Unknown, or somebody else's: the same answer for both, so ids cannot be probed.
            throw new SextantException(
                    SextantException.Kind.NOT_FOUND,
                    "conversation-not-found",
                    "You have no conversation with this id; leave conversationId out to start one");
        }
        start = System.nanoTime();
        Optional<PrincipalValues.Visible> visible = trial.model().map(m -> principalValues.forPrincipal(m, principal));
        historyMillis.put("values", (System.nanoTime() - start) / 1_000_000);
        AskContext c = new AskContext(
                question, id, turns, principal, trial, visible, permissions, config.clarifyMargin(), progress, tracer);
        c.timings.putAll(historyMillis);
        return c;
    }

    /** Computes the signals, asks the {@link Router} for routes and tries each until one answers. */
    private Answer answer(AskContext c) {
        String question = c.question;
        Optional<History.Turn> previous = c.turns.reversed().stream()
                .filter(t -> t.decision() == Decision.ANSWER && t.sql() != null)
                .findFirst();
        boolean followUp = previous.isPresent() && looksLikeFollowUp(question);

        if (Router.early(new Router.Early(Answerability.isStatement(question), false, false))
                .contains(Router.Route.DECLINE_STATEMENT)) {
            return c.abstain(
                    List.of("this is a command or a SQL statement, not a question"),
                    "I answer questions about the data and documents; I do not run commands.",
                    List.of());
        }
        float[] vector = c.time("embed", () -> embedder.embedQuery(question));
        List<VerifiedQueries.Match> matches = c.time(
                "verified", () -> verifiedPath.visible(c, c.trial.verified().rank(vector)));
        c.visibleMatches = matches;
        Optional<VerifiedQueries.Match> best = matches.stream().findFirst();
        Optional<SemanticModel> model = c.model();
        Optional<VerifiedQueries.Match> same = Optional.empty();
        if (!followUp && c.linker().isPresent()) {
            c.plan = c.time("interpret", () -> c.read(question));
            same = c.time(
                    "match-plan",
                    () -> matches.stream()
                            .filter(m -> m.cosine() >= config.exampleThreshold())
                            .filter(m -> c.read(m.query().question())
                                    .sameAs(c.plan, AskContext.stems(m.query().question()), AskContext.stems(question)))
                            .findFirst());
        }
        for (Router.Route route : Router.early(new Router.Early(false, same.isPresent(), c.plan != null))) {
            if (route == Router.Route.VERIFIED) {
                return verifiedPath.answer(c, same.get());
            }
            Optional<Answer> adapted = c.time("adapt", () -> plannedPath.adapted(c, model.get(), matches));
            if (adapted.isPresent()) {
                return adapted.get();
            }
        }
        if (c.plan != null && best.isPresent() && best.get().cosine() >= config.verifiedThreshold()) {
            c.nearMiss = "the closest verified question (\""
                    + best.get().query().question() + "\") asks for "
                    + "something else: "
                    + String.join(
                            "; ", c.plan.differences(c.read(best.get().query().question())));
        }

        List<HybridSearch.Hit> documents = c.time(
                "retrieve",
                () -> search.search(
                        question, vector, c.principal, 5, HybridSearch.Mode.HYBRID, SearchFilters.documents(), true));
        double documentCosine = documents.stream()
                .map(HybridSearch.Hit::cosine)
                .filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0);
        String linkedText = followUp ? previous.get().question() + " " + question : question;
        SchemaLinker.Linked linked = c.time(
                "link",
                () -> c.linker().isPresent()
                        ? c.link(linkedText)
                        : new SchemaLinker.Linked(List.of(), List.of(), List.of(), Set.of(), 0));

        double dataCosine = best.map(VerifiedQueries.Match::cosine).orElse(0.0);
        LOG.debugf(
                "signals: verified %s %.3f plan %s, documents %.3f, links %d, coverage %.2f, ambiguities %d, restricted %s",
                best.map(m -> m.query().name()).orElse("-"),
                dataCosine,
                c.plan == null ? "-" : c.plan.describe(),
                documentCosine,
                linked.links().size(),
                linked.coverage(),
                linked.ambiguities().size(),
                linked.restrictedPhrases());
        boolean documentQuestion = !followUp
                && (linked.empty()
                        ? documentCosine >= config.documentThreshold()
                        : documentCosine >= config.documentOverDataThreshold() && documentCosine >= dataCosine + 0.02);
        c.linkedAmbiguous = !linked.ambiguities().isEmpty();
        List<Router.Route> routes = Router.late(new Router.Late(
                followUp,
                c.plan != null,
                !linked.restrictedPhrases().isEmpty(),
                !linked.ambiguities().isEmpty(),
                !linked.ambiguities().isEmpty() && linked.coverage() >= 0.5,
                documentQuestion,
                linked.empty() || linked.strayValuesOnly(),
                llm.configured()));
        for (Router.Route route : routes) {
            Optional<Answer> answer = switch (route) {
                case ABSTAIN_RESTRICTED ->
                    Optional.of(c.abstain(
                            List.of("the question needs data you do not have access to"),
                            "I can't answer this: it needs data you do not have access to.",
                            List.of()));
                case COMPILE -> plannedPath.compiled(c, model.get());
                case DOCUMENTS ->
                    Optional.of(c.time("documents", () -> documentPath.answer(c, documents, documentCosine)));
                case CLARIFY -> {
                    SchemaLinker.Ambiguity a = linked.ambiguities().get(0);
                    String meanings = "\"" + a.phrase() + "\" can mean " + String.join(" or ", a.meanings());
                    yield Optional.of(c.clarify(List.of(meanings), meanings + ". Which one do you mean?", a.options()));
                }
                case ABSTAIN_NO_MATCH ->
                    Optional.of(c.abstain(
                            List.of("nothing in the data model or the documents matches the question"),
                            "I can't answer this from the data or documents I know.",
                            c.closestQuestions()));
                case ABSTAIN_NO_MODEL ->
                    Optional.of(c.abstain(
                            List.of(
                                    c.nearMiss != null ? c.nearMiss : "no verified query asks for the same",
                                    "no language model is configured to write new SQL"),
                            "I have no verified answer for this question, and no language model is configured to"
                                    + " write one. Try one of the verified questions.",
                            c.closestQuestions()));
                case GENERATE ->
                    Optional.of(generatedPath.answer(c, linked, model.get(), followUp ? previous.get() : null, vector));
                default -> throw new IllegalStateException("not a late route: " + route);
            };
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        throw new IllegalStateException("the router's last route is terminal: " + routes);
    }

    /**
     * The physical tables the schema linker links the question to for the principal, for
     * measuring linking recall.
     */
    public Set<String> linkedTables(String question, Principal principal, Trial trial) {
        return trial.model()
                .map(m -> new SchemaLinker(m, permissions).linkedPhysicalTables(question, principal))
                .orElse(Set.of());
    }

    /** True when a question only makes sense with the previous one ("now by month", "only EMEA"). */
    static boolean looksLikeFollowUp(String question) {
        String q = question.toLowerCase(Locale.ROOT).strip();
        boolean cue = FOLLOW_UP_STARTS.stream().anyMatch(s -> q.startsWith(s + " ") || q.equals(s));
        return cue || Phrases.content(question).size() <= 2;
    }
}
