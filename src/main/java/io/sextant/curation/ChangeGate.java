package io.sextant.curation;

import io.sextant.SextantException;
import io.sextant.ask.AskPipeline;
import io.sextant.ask.VerifiedQueries;
import io.sextant.catalog.CatalogService;
import io.sextant.catalog.ModelIssue;
import io.sextant.catalog.SemanticModel;
import io.sextant.catalog.SemanticModelParser;
import io.sextant.eval.AskEval;
import io.sextant.eval.DecisionMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The change gate: runs an ask suite against what the server trusts now and against a proposed
 * change — a set of verified queries to import (added or replacing those of the same name), and
 * optionally a new semantic model — and reports how precision, coverage and RS(10) move and which
 * questions changed. Nothing is recorded and nothing the server serves changes while it runs.
 *
 * <p>A change regresses when precision or RS(10) falls, or when any question answered right now is
 * answered wrongly with it.
 */
@ApplicationScoped
public class ChangeGate {

    /** What is proposed: verified queries to import, and a model to load instead of the current one. */
    public record Proposal(List<SemanticModel.VerifiedQuery> queries, Optional<SemanticModel> model) {}

    /** A suite's headline figures. */
    public record Figures(
            int questions, int answered, int right, double coverage, double precisionWhenAnswered, double rs10) {

        static Figures of(AskEval.Report report) {
            DecisionMetrics.Summary s = report.summary();
            int answered = (int) report.results().stream()
                    .filter(r -> r.outcome() == DecisionMetrics.Outcome.ANSWER)
                    .count();
            int right = (int) report.results().stream()
                    .filter(r -> r.outcome() == DecisionMetrics.Outcome.ANSWER && r.correct())
                    .count();
            return new Figures(s.questions(), answered, right, s.coverage(), s.precisionWhenAnswered(), s.rs10());
        }
    }

    /** A question whose outcome differs between the current and the proposed set-up. */
    public record Change(String id, String question, String user, String now, String proposed) {}

    /** The gate's verdict. */
    public record Verdict(
            String suite, Figures current, Figures proposed, List<Change> changes, List<String> regressions) {

        @com.fasterxml.jackson.annotation.JsonProperty("regressed")
        public boolean regressed() {
            return !regressions.isEmpty();
        }

        /** The verdict as a few lines of text, for the command line and logs. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public String describe() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(
                    Locale.ROOT,
                    "change gate on %s (%d questions)%n"
                            + "                      current   proposed%n"
                            + "  answered             %5d      %5d%n"
                            + "  right answers        %5d      %5d%n"
                            + "  coverage            %5.1f%%     %5.1f%%%n"
                            + "  precision answered  %5.1f%%     %5.1f%%%n"
                            + "  RS(10)              %6.1f     %6.1f%n",
                    suite,
                    current.questions(),
                    current.answered(),
                    proposed.answered(),
                    current.right(),
                    proposed.right(),
                    100 * current.coverage(),
                    100 * proposed.coverage(),
                    100 * current.precisionWhenAnswered(),
                    100 * proposed.precisionWhenAnswered(),
                    current.rs10(),
                    proposed.rs10()));
            for (Change c : changes) {
                out.append(String.format(
                        Locale.ROOT,
                        "  %s (%s) \"%s\": %s -> %s%n",
                        c.id(),
                        c.user(),
                        c.question(),
                        c.now(),
                        c.proposed()));
            }
            out.append(regressed() ? "REGRESSION: " + String.join("; ", regressions) + "\n" : "no regression\n");
            return out.toString();
        }
    }

    private final AskEval eval;
    private final AskPipeline pipeline;
    private final VerifiedQueries verified;
    private final VerifiedQueryStore store;
    private final CatalogService catalog;
    private final io.sextant.catalog.ValueIndex valueIndex;

    ChangeGate(
            AskEval eval,
            AskPipeline pipeline,
            VerifiedQueries verified,
            VerifiedQueryStore store,
            CatalogService catalog,
            io.sextant.catalog.ValueIndex valueIndex) {
        this.eval = eval;
        this.pipeline = pipeline;
        this.verified = verified;
        this.store = store;
        this.catalog = catalog;
        this.valueIndex = valueIndex;
    }

    /**
     * Command entry ({@code eval gate}): {@code --suite FILE} and a proposal, {@code --queries FILE}
     * (a verified-query file, imported: added or replacing by name) and/or {@code --model FILE} (a
     * semantic model to reload, which adds its verified queries of new names). Prints the verdict;
     * exit code 0 without regression, 1 with one, 2 when the proposal cannot be read.
     */
    public int run(List<String> args, java.io.PrintStream out) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            options.put(args.get(i).replaceFirst("^--", ""), args.get(i + 1));
        }
        if (!options.containsKey("queries") && !options.containsKey("model")) {
            out.println("usage: eval gate --suite FILE [--queries FILE] [--model FILE]");
            return 2;
        }
        List<SemanticModel.VerifiedQuery> queries = new ArrayList<>();
        Optional<SemanticModel> model = Optional.empty();
        if (options.containsKey("model")) {
            CatalogService.Snapshot snapshot = catalog.read(Path.of(options.get("model")));
            if (!snapshot.valid()) {
                out.println("the proposed model has errors:");
                snapshot.issues().stream().filter(ModelIssue::isError).forEach(i -> out.println("  " + i));
                return 2;
            }
            model = snapshot.model();
            model.get().verifiedQueries().stream()
                    .filter(q -> store.get(q.name()).isEmpty())
                    .forEach(queries::add);
        }
        if (options.containsKey("queries")) {
            Path file = Path.of(options.get("queries"));
            SemanticModelParser.QueriesResult parsed =
                    SemanticModelParser.parseVerifiedQueries(file, Files.readString(file));
            if (parsed.issues().stream().anyMatch(ModelIssue::isError)) {
                out.println("the proposed verified queries have errors:");
                parsed.issues().stream().filter(ModelIssue::isError).forEach(i -> out.println("  " + i));
                return 2;
            }
            queries.removeIf(
                    q -> parsed.queries().stream().anyMatch(p -> p.name().equals(q.name())));
            queries.addAll(parsed.queries());
        }
        Verdict verdict =
                judge(Path.of(options.getOrDefault("suite", "eval/ask/acme.yaml")), new Proposal(queries, model));
        out.print(verdict.describe());
        return verdict.regressed() ? 1 : 0;
    }

    /** Runs the suite against the current set-up and against the proposal and compares them. */
    public Verdict judge(Path suite, Proposal proposal) {
        if (!Files.isRegularFile(suite)) {
            throw new SextantException(
                    SextantException.Kind.CONFLICT,
                    "gate-suite-missing",
                    "The change gate's suite " + suite + " does not exist; set sextant.curation.gate-suite.");
        }
        AskPipeline.Trial current = pipeline.live();
        AskPipeline.Trial proposed = new AskPipeline.Trial(
                proposal.model().isPresent() ? proposal.model().map(valueIndex::enriched) : current.model(),
                verified.candidates(proposedPhrasings(proposal.queries())),
                current.today());
        try {
            AskEval.Report before = eval.evaluate(suite, 1e-6, current, false);
            AskEval.Report after = eval.evaluate(suite, 1e-6, proposed, false);
            return compare(before, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The phrasings the store would trust after the import: its verified queries, those of the
     * proposal's names replaced by the proposal's (which keep the stored alternative phrasings).
     */
    List<SemanticModel.VerifiedQuery> proposedPhrasings(List<SemanticModel.VerifiedQuery> queries) {
        Map<String, SemanticModel.VerifiedQuery> byName = new LinkedHashMap<>();
        queries.forEach(q -> byName.put(q.name(), q));
        Map<String, VerifiedQueryStore.Stored> stored = new HashMap<>();
        store.list(Optional.empty(), Optional.empty()).forEach(q -> stored.put(q.name(), q));
        List<SemanticModel.VerifiedQuery> phrasings = new ArrayList<>();
        for (VerifiedQueryStore.Stored q : store.trusted()) {
            if (byName.containsKey(q.name())) {
                continue;
            }
            phrasings.add(VerifiedQueries.query(q, q.question()));
            q.alternatives().forEach(a -> phrasings.add(VerifiedQueries.query(q, a)));
        }
        for (SemanticModel.VerifiedQuery q : byName.values()) {
            phrasings.add(q);
            VerifiedQueryStore.Stored before = stored.get(q.name());
            if (before != null) {
                before.alternatives()
                        .forEach(a -> phrasings.add(new SemanticModel.VerifiedQuery(
                                q.name(), a, q.sql(), q.verifiedBy(), q.verifiedAt(), q.onboardingQuestion(), 0)));
            }
        }
        return phrasings;
    }

    /** Compares two reports of the same suite. */
    static Verdict compare(AskEval.Report before, AskEval.Report after) {
        Figures now = Figures.of(before);
        Figures then = Figures.of(after);
        Map<String, AskEval.Result> proposedById =
                after.results().stream().collect(Collectors.toMap(AskEval.Result::id, r -> r, (a, b) -> a));
        List<Change> changes = new ArrayList<>();
        List<String> newlyWrong = new ArrayList<>();
        for (AskEval.Result r : before.results()) {
            AskEval.Result p = proposedById.get(r.id());
            if (p == null) {
                continue;
            }
            String a = outcome(r);
            String b = outcome(p);
            if (!a.equals(b)) {
                changes.add(new Change(r.id(), r.question(), r.user(), a, b));
                if (b.equals("wrong answer") && !a.equals("wrong answer")) {
                    newlyWrong.add(r.id());
                }
            }
        }
        List<String> regressions = new ArrayList<>();
        double eps = 1e-9;
        if (then.precisionWhenAnswered() < now.precisionWhenAnswered() - eps) {
            regressions.add(String.format(
                    Locale.ROOT,
                    "precision when answered falls from %.1f%% to %.1f%%",
                    100 * now.precisionWhenAnswered(),
                    100 * then.precisionWhenAnswered()));
        }
        if (then.rs10() < now.rs10() - eps) {
            regressions.add(String.format(Locale.ROOT, "RS(10) falls from %.1f to %.1f", now.rs10(), then.rs10()));
        }
        if (!newlyWrong.isEmpty()) {
            regressions.add("answered wrongly now: " + String.join(", ", newlyWrong));
        }
        return new Verdict(before.suite(), now, then, List.copyOf(changes), List.copyOf(regressions));
    }

    private static final Set<DecisionMetrics.Outcome> DECLINED =
            Set.of(DecisionMetrics.Outcome.ABSTAIN, DecisionMetrics.Outcome.CLARIFY);

    private static String outcome(AskEval.Result r) {
        if (DECLINED.contains(r.outcome())) {
            return r.outcome() == DecisionMetrics.Outcome.ABSTAIN ? "abstained" : "clarified";
        }
        if (r.expected() != DecisionMetrics.Expected.ANSWER) {
            return "wrong answer";
        }
        return r.correct() ? "right answer (" + r.path().toLowerCase(Locale.ROOT) + ")" : "wrong answer";
    }
}
