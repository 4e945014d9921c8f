package io.sextant.curation;

import io.sextant.SextantException;
import io.sextant.access.Principal;
import io.sextant.audit.AuditLog;
import io.sextant.catalog.CatalogService;
import io.sextant.catalog.ModelIssue;
import io.sextant.catalog.SemanticModel;
import io.sextant.catalog.SemanticModelParser;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Changes that replace many verified queries at once — an import of a verified-query file (the
 * export's format), a semantic-model reload — optionally behind the change gate: with the gate,
 * a change that would make the gate suite's answers worse is refused and nothing changes.
 */
@ApplicationScoped
public class Imports {

    /** What an import did (or, refused by the gate, would have done). */
    public record Result(List<String> created, List<String> updated, ChangeGate.Verdict gate) {}

    /** The gate refused a change; the verdict says why. */
    public static final class Refused extends SextantException {
        private final transient ChangeGate.Verdict verdict;

        Refused(ChangeGate.Verdict verdict) {
            super(
                    Kind.CONFLICT,
                    "gate-regression",
                    "The change gate refuses this change: " + String.join("; ", verdict.regressions())
                            + ". Nothing was changed.");
            this.verdict = verdict;
        }

        public ChangeGate.Verdict verdict() {
            return verdict;
        }
    }

    private final VerifiedQueryStore store;
    private final ChangeGate gate;
    private final CatalogService catalog;
    private final AuditLog audit;
    private final Curator curator;
    private final CurationConfig config;

    Imports(
            VerifiedQueryStore store,
            ChangeGate gate,
            CatalogService catalog,
            AuditLog audit,
            Curator curator,
            CurationConfig config) {
        this.store = store;
        this.gate = gate;
        this.catalog = catalog;
        this.audit = audit;
        this.curator = curator;
        this.config = config;
    }

    /**
     * Reads a verified-query file; every query's SQL must pass the guard as the importer. With
     * the gate (asked for, or required by configuration) the import happens only when it does not
     * regress; then each query is stored as verified, stamped with the importer.
     */
    public Result importQueries(String yaml, boolean gated, Principal actor) {
        Map<String, VerifiedQueryStore.Reads> reads = new LinkedHashMap<>();
        List<SemanticModel.VerifiedQuery> queries = parse(yaml, actor, reads);
        ChangeGate.Verdict verdict = null;
        if (gated || config.requireGate()) {
            verdict = gate.judge(config.gateSuite(), new ChangeGate.Proposal(queries, Optional.empty()));
            if (verdict.regressed()) {
                audited("verified-query.import", actor, "refused", queries, verdict);
                throw new Refused(verdict);
            }
        }
        List<String> created = store.putVerified(
                queries.stream()
                        .map(q -> new VerifiedQueryStore.Draft(
                                q.name(), q.question(), null, q.sql(), q.onboardingQuestion()))
                        .toList(),
                actor.userId(),
                reads);
        List<String> updated = queries.stream()
                .map(SemanticModel.VerifiedQuery::name)
                .filter(n -> !created.contains(n))
                .toList();
        audited("verified-query.import", actor, "success", queries, verdict);
        curator.reindex();
        return new Result(List.copyOf(created), List.copyOf(updated), verdict);
    }

    /** The change gate's verdict on a verified-query file; nothing is imported. */
    public ChangeGate.Verdict judge(String yaml, Principal actor) {
        List<SemanticModel.VerifiedQuery> queries = parse(yaml, actor, new LinkedHashMap<>());
        return gate.judge(config.gateSuite(), new ChangeGate.Proposal(queries, Optional.empty()));
    }

    /** The file's verified queries, each checked by the guard as the importer (what it reads into {@code reads}). */
    private List<SemanticModel.VerifiedQuery> parse(
            String yaml, Principal actor, Map<String, VerifiedQueryStore.Reads> reads) {
        SemanticModelParser.QueriesResult parsed =
                SemanticModelParser.parseVerifiedQueries(Path.of("import.yaml"), yaml == null ? "" : yaml);
        List<ModelIssue> errors =
                parsed.issues().stream().filter(i -> i.isError()).toList();
        if (!errors.isEmpty() || parsed.queries().isEmpty()) {
            throw new SextantException(
                    SextantException.Kind.UNPROCESSABLE,
                    "invalid-import",
                    errors.isEmpty()
                            ? "The file holds no verified queries."
                            : errors.stream().map(ModelIssue::toString).collect(Collectors.joining("; ")));
        }
        for (SemanticModel.VerifiedQuery q : parsed.queries()) {
            if (!VerifiedQueryStore.validName(q.name())) {
                throw new SextantException(
                        SextantException.Kind.UNPROCESSABLE,
                        "invalid-import",
                        "The name " + q.name() + " is not 1-100 lower-case letters, digits and underscores.");
            }
            if (reads.put(q.name(), reads(q, actor)) != null) {
                throw new SextantException(
                        SextantException.Kind.UNPROCESSABLE,
                        "invalid-import",
                        "The verified query " + q.name() + " appears twice in the file.");
            }
        }
        return parsed.queries();
    }

    /**
     * Reloads the semantic model file; with the gate, the model on disk is tried first against
     * the gate suite (with the verified queries it would add) and installed only when it does not
     * regress.
     */
    public CatalogService.Snapshot reloadModel(boolean gated, Principal actor) {
        CatalogService.Snapshot next = catalog.read();
        ChangeGate.Verdict verdict = null;
        if ((gated || config.requireGate()) && next.model().isPresent()) {
            SemanticModel model = next.model().get();
            List<SemanticModel.VerifiedQuery> added = model.verifiedQueries().stream()
                    .filter(q -> store.get(q.name()).isEmpty())
                    .toList();
            verdict = gate.judge(config.gateSuite(), new ChangeGate.Proposal(added, Optional.of(model)));
            if (verdict.regressed()) {
                audit.record(
                        AuditLog.Entry.of(AuditLog.ADMIN + "semantic-model.reload", actor.userId(), "refused", null)
                                .withDetail(Map.of("gate", verdict.regressions())));
                throw new Refused(verdict);
            }
        }
        audit.record(AuditLog.Entry.of(AuditLog.ADMIN + "semantic-model.reload", actor.userId(), "success", null)
                .withDetail(verdict == null ? Map.of() : Map.of("gate", "passed")));
        return catalog.install(next);
    }

    private VerifiedQueryStore.Reads reads(SemanticModel.VerifiedQuery q, Principal actor) {
        try {
            return curator.reads(q.sql(), actor);
        } catch (SextantException e) {
            throw new SextantException(e.kind(), e.code(), q.name() + ": " + e.getMessage());
        }
    }

    private void audited(
            String action,
            Principal actor,
            String outcome,
            List<SemanticModel.VerifiedQuery> queries,
            ChangeGate.Verdict verdict) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put(
                "queries",
                queries.stream().map(SemanticModel.VerifiedQuery::name).toList());
        if (verdict != null) {
            detail.put("gate", verdict.regressed() ? verdict.regressions() : List.of("passed"));
        }
        audit.record(AuditLog.Entry.of(AuditLog.ADMIN + action, actor.userId(), outcome, null)
                .withDetail(detail));
    }
}
