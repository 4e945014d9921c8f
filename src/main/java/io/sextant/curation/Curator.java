package io.sextant.curation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.SextantException;
import io.sextant.access.Directory;
import io.sextant.access.Principal;
import io.sextant.audit.AuditLog;
import io.sextant.sql.Cancellation;
import io.sextant.sql.CheckedSql;
import io.sextant.sql.GuardError;
import io.sextant.sql.QueryResult;
import io.sextant.sql.SqlCheck;
import io.sextant.sql.SqlService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The admin's side of verified queries: every SQL an admin stores is checked by the guard first;
 * test runs show the SQL as it runs for a chosen user; approvals, promotions from feedback and the
 * lifecycle check (guard, run as the owner, result shape) keep the trusted set trustworthy. Every
 * change is an audit row.
 */
@ApplicationScoped
public class Curator {

    private static final Logger LOG = Logger.getLogger(Curator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TEST_RUN_ROWS = 100;

    /** A test run: the SQL as it ran for the user, its rows and how long it took. */
    public record TestRun(
            String user,
            String sqlAsRun,
            List<QueryResult.Column> columns,
            List<List<Object>> rows,
            boolean truncated,
            long guardMillis,
            long runMillis) {}

    /** The outcome of checking one verified query. */
    public record Check(String name, boolean stale, String reason) {}

    private final VerifiedQueryStore store;
    private final FeedbackStore feedback;
    private final SqlService sql;
    private final Directory directory;
    private final AuditLog audit;
    private final io.sextant.catalog.CatalogService catalog;
    private final io.sextant.catalog.SemanticIndexer semanticIndex;

    Curator(
            VerifiedQueryStore store,
            FeedbackStore feedback,
            SqlService sql,
            Directory directory,
            AuditLog audit,
            io.sextant.catalog.CatalogService catalog,
            io.sextant.catalog.SemanticIndexer semanticIndex) {
        this.store = store;
        this.feedback = feedback;
        this.sql = sql;
        this.directory = directory;
        this.audit = audit;
        this.catalog = catalog;
        this.semanticIndex = semanticIndex;
    }

    public VerifiedQueryStore.Stored create(VerifiedQueryStore.Draft draft, Principal actor, boolean verified) {
        VerifiedQueryStore.Stored stored =
                store.create(draft, actor.userId(), verified, "admin", reads(draft.sql(), actor));
        audited(
                "verified-query.create",
                actor,
                stored.name(),
                Map.of("status", stored.status().name()));
        return stored;
    }

    public VerifiedQueryStore.Stored update(String name, VerifiedQueryStore.Draft draft, Principal actor) {
        VerifiedQueryStore.Stored stored = store.update(name, draft, reads(draft.sql(), actor));
        audited(
                "verified-query.update",
                actor,
                name,
                Map.of("status", stored.status().name()));
        return stored;
    }

    public boolean delete(String name, Principal actor) {
        boolean deleted = store.delete(name);
        if (deleted) {
            audited("verified-query.delete", actor, name, Map.of());
        }
        return deleted;
    }

    /** Approves a draft or stale query after checking its SQL as its owner and running it. */
    public VerifiedQueryStore.Stored approve(String name, Principal actor) {
        VerifiedQueryStore.Stored q = require(name);
        VerifiedQueryStore.Reads reads = reads(q.sql(), ownerOr(q, actor));
        VerifiedQueryStore.Stored stored = store.approve(name, actor.userId(), reads);
        check(stored, null);
        audited("verified-query.approve", actor, name, Map.of());
        return store.get(name).orElse(stored);
    }

    public VerifiedQueryStore.Stored retire(String name, Principal actor) {
        VerifiedQueryStore.Stored stored = store.retire(name);
        audited("verified-query.retire", actor, name, Map.of());
        return stored;
    }

    /** Runs a stored query's SQL through the guard as the user and shows what it returns. */
    public TestRun testRun(String name, String asUser, Principal actor) {
        VerifiedQueryStore.Stored q = require(name);
        Principal as = asUser == null || asUser.isBlank()
                ? actor
                : directory
                        .principal(asUser)
                        .orElseThrow(() -> new SextantException(
                                SextantException.Kind.NOT_FOUND, "user-not-found", "No user " + asUser + "."));
        long start = System.nanoTime();
        SqlCheck check = sql.check(q.sql(), as, Optional.empty());
        long guard = (System.nanoTime() - start) / 1_000_000;
        if (!check.accepted()) {
            throw refused(check);
        }
        QueryResult result = sql.run(check.checked(), new Cancellation());
        List<List<Object>> rows =
                result.rows().subList(0, Math.min(TEST_RUN_ROWS, result.rows().size()));
        audited("verified-query.test-run", actor, name, Map.of("as", as.userId()));
        return new TestRun(
                as.userId(),
                check.checked().sql(),
                result.columns(),
                rows,
                result.truncated() || result.rows().size() > TEST_RUN_ROWS,
                guard,
                result.elapsedMillis());
    }

    /**
     * Turns a rated answer into a verified query with the answer's question: a thumbs-up answer's
     * SQL (as it was before the user's permissions were applied), or a thumbs-down answer's
     * corrected SQL.
     */
    public VerifiedQueryStore.Stored promote(String feedbackId, String name, boolean verified, Principal actor) {
        FeedbackStore.Feedback f = feedback.get(feedbackId)
                .orElseThrow(() -> new SextantException(
                        SextantException.Kind.NOT_FOUND, "feedback-not-found", "No feedback " + feedbackId + "."));
        String source;
        if (f.correctedSql() != null) {
            source = f.correctedSql();
        } else if (f.rating().equals("up")) {
            source = sourceSql(f.requestId())
                    .orElseThrow(() -> new SextantException(
                            SextantException.Kind.CONFLICT,
                            "promote-needs-sql",
                            "This answer's SQL was rewritten for its user's permissions; promote it with"
                                    + " correctedSql."));
        } else {
            throw new SextantException(
                    SextantException.Kind.CONFLICT,
                    "promote-needs-sql",
                    "A thumbs-down answer is promoted only with the corrected SQL its user gave.");
        }
        if (f.question() == null || f.question().isBlank()) {
            throw new SextantException(SextantException.Kind.CONFLICT, "promote-needs-question", "No question.");
        }
        VerifiedQueryStore.Stored stored = store.create(
                new VerifiedQueryStore.Draft(name, f.question(), List.of(), source, false),
                actor.userId(),
                verified,
                "feedback",
                reads(source, actor));
        feedback.promoted(feedbackId, stored.name());
        audited("verified-query.promote", actor, stored.name(), Map.of("feedback", feedbackId));
        return stored;
    }

    /** A question worth a verified query: how often it was asked, declined, or liked on another path. */
    public record Suggestion(String question, int asked, int abstained, int liked, String lastPath) {}

    /**
     * Candidates for new verified queries from the last 30 days of the audit log: questions
     * answered on a path other than verified that users liked, and questions asked often that were
     * declined; most frequent first.
     */
    public List<Suggestion> suggestions(int limit) {
        java.util.Map<String, int[]> counts = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> paths = new java.util.HashMap<>();
        java.util.Map<String, String> spelling = new java.util.HashMap<>();
        java.time.Instant since = java.time.Instant.now().minus(java.time.Duration.ofDays(30));
        audit.forEach(new AuditLog.Filter(null, AuditLog.ASK, null, since, null), 100_000, e -> {
            if (e.question() == null || "VERIFIED".equals(e.target())) {
                return;
            }
            String key = e.question().strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s?.!]+$", "");
            spelling.putIfAbsent(key, e.question().strip());
            paths.putIfAbsent(key, e.target());
            int[] c = counts.computeIfAbsent(key, k -> new int[3]);
            c[0]++;
            if ("ABSTAIN".equals(e.decision())) {
                c[1]++;
            }
        });
        for (FeedbackStore.Feedback f :
                feedback.list(new FeedbackStore.Filter("up", "ANSWER", null, null, since, null), 0, 10_000)) {
            if (f.question() == null || "VERIFIED".equals(f.path()) || f.promotedTo() != null) {
                continue;
            }
            String key = f.question().strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s?.!]+$", "");
            int[] c = counts.get(key);
            if (c != null) {
                c[2]++;
            }
        }
        return counts.entrySet().stream()
                .filter(e -> e.getValue()[2] > 0 || e.getValue()[1] >= 2)
                .sorted(java.util.Comparator.comparingInt((java.util.Map.Entry<String, int[]> e) -> -e.getValue()[2])
                        .thenComparingInt(e -> -e.getValue()[0]))
                .limit(limit)
                .map(e -> new Suggestion(
                        spelling.get(e.getKey()),
                        e.getValue()[0],
                        e.getValue()[1],
                        e.getValue()[2],
                        paths.get(e.getKey())))
                .toList();
    }

    /** The onboarding questions whose SQL the principal may run (tables it may read), for an empty chat. */
    public List<String> onboarding(Principal principal) {
        return store.trusted().stream()
                .filter(VerifiedQueryStore.Stored::onboarding)
                .filter(q -> sql.check(q.sql(), principal, Optional.empty()).accepted())
                .map(VerifiedQueryStore.Stored::question)
                .toList();
    }

    /**
     * Checks every verified (and stale) query: the guard must accept its SQL as its owner, it must
     * run, and its result must keep the shape it had (column names and types). A query that fails
     * becomes stale — out of the trusted path until re-approved — with the reason.
     */
    public List<Check> revalidate() {
        try {
            sql.refreshSchema();
        } catch (SextantException e) {
            LOG.warnf("The warehouse schema could not be read again (%s); checking against the last one", e.code());
        }
        Map<String, java.util.Set<String>> described = catalog.current() == null
                ? null
                : catalog.current()
                        .model()
                        .map(io.sextant.catalog.SemanticModel::describedColumns)
                        .orElse(null);
        List<VerifiedQueryStore.Stored> due = new ArrayList<>();
        for (VerifiedQueryStore.Status status :
                List.of(VerifiedQueryStore.Status.VERIFIED, VerifiedQueryStore.Status.STALE)) {
            due.addAll(store.list(Optional.of(status), Optional.empty()));
        }
        List<Check> checks = due.stream().map(q -> check(q, described)).toList();
        if (checks.stream().anyMatch(Check::stale)) {
            reindex();
        }
        return checks;
    }

    private Check check(VerifiedQueryStore.Stored q, Map<String, java.util.Set<String>> described) {
        Optional<Principal> owner = directory.principal(q.owner());
        if (owner.isEmpty()) {
            return stale(q, "its owner " + q.owner() + " no longer exists");
        }
        SqlCheck check = sql.check(q.sql(), owner.get(), Optional.empty());
        if (!check.accepted()) {
            return stale(
                    q, "the SQL guard refuses it now: " + check.errors().get(0).describe());
        }
        Optional<String> undescribed = described == null ? Optional.empty() : undescribed(check.checked(), described);
        if (undescribed.isPresent()) {
            return stale(q, "it reads " + undescribed.get() + ", which the semantic model no longer describes");
        }
        QueryResult result;
        try {
            result = sql.run(check.checked(), new Cancellation());
        } catch (SextantException e) {
            if (e.kind() == SextantException.Kind.UNAVAILABLE) {
                // An outage says nothing about the query: it stays as it is and is checked next time.
                return new Check(q.name(), q.status() == VerifiedQueryStore.Status.STALE, "not checked: " + e.code());
            }
            return stale(q, "it no longer runs on the warehouse (" + e.code() + ")");
        }
        String shape =
                result.columns().stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(", "));
        if (q.resultShape() != null && !q.resultShape().equals(shape)) {
            return stale(q, "its result changed shape: " + q.resultShape() + " -> " + shape);
        }
        store.checked(q.name(), Optional.empty(), shape, fingerprint(result));
        return new Check(q.name(), false, q.status() == VerifiedQueryStore.Status.STALE ? q.staleReason() : null);
    }

    /**
     * The first column the statement reads, of a table the model describes, that the model does
     * not describe (tables outside the model are the guard's and the permissions' business).
     */
    static Optional<String> undescribed(CheckedSql checked, Map<String, java.util.Set<String>> described) {
        for (String column : new TreeSet<>(checked.columns())) {
            int dot = column.lastIndexOf('.');
            java.util.Set<String> columns =
                    described.get(column.substring(0, dot).toLowerCase(java.util.Locale.ROOT));
            if (columns != null && !columns.contains(column.substring(dot + 1).toLowerCase(java.util.Locale.ROOT))) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    private Check stale(VerifiedQueryStore.Stored q, String reason) {
        LOG.warnf("Verified query %s is stale: %s", q.name(), reason);
        store.checked(q.name(), Optional.of(reason), null, null);
        return new Check(q.name(), true, reason);
    }

    /** What the guard says the SQL reads, checked as the principal; 422 with the guard's errors when refused. */
    VerifiedQueryStore.Reads reads(String statement, Principal principal) {
        if (statement == null || statement.isBlank()) {
            throw new SextantException(SextantException.Kind.INVALID_INPUT, "invalid-sql", "The SQL is missing.");
        }
        SqlCheck check = sql.check(statement, principal, Optional.empty());
        if (!check.accepted()) {
            throw refused(check);
        }
        CheckedSql checked = check.checked();
        return new VerifiedQueryStore.Reads(new TreeSet<>(checked.tables()), new TreeSet<>(checked.columns()));
    }

    private static SextantException refused(SqlCheck check) {
        return new SextantException(
                SextantException.Kind.UNPROCESSABLE,
                "verified-query-refused",
                "The SQL guard refuses this SQL: "
                        + check.errors().stream().map(GuardError::describe).collect(Collectors.joining("; ")));
    }

    private Optional<String> sourceSql(String requestId) {
        return audit.byId(requestId).map(AuditLog.Event::detail).flatMap(detail -> {
            try {
                JsonNode node = JSON.readTree(detail).get("sourceSql");
                return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
            } catch (java.io.IOException | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    private Principal ownerOr(VerifiedQueryStore.Stored q, Principal actor) {
        return directory.principal(q.owner()).orElse(actor);
    }

    private VerifiedQueryStore.Stored require(String name) {
        return store.get(name)
                .orElseThrow(() -> new SextantException(
                        SextantException.Kind.NOT_FOUND,
                        "verified-query-not-found",
                        "No verified query " + name + "."));
    }

    private void audited(String action, Principal actor, String target, Map<String, ?> detail) {
        audit.record(AuditLog.Entry.of(AuditLog.ADMIN + action, actor.userId(), "success", target)
                .withDetail(detail));
        if (!action.endsWith("test-run")) {
            reindex();
        }
    }

    /**
     * Brings the semantic index's verified-query items in line with the store (unchanged items are
     * not embedded again).
     */
    void reindex() {
        io.sextant.catalog.CatalogService.Snapshot snapshot = catalog.current();
        if (snapshot == null || snapshot.model().isEmpty()) {
            return;
        }
        try {
            semanticIndex.sync(snapshot.model().get());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Indexing the verified queries failed; semantic search serves the previous items");
        }
    }

    static String fingerprint(QueryResult result) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (List<Object> row : result.rows()) {
                sha.update(row.toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
