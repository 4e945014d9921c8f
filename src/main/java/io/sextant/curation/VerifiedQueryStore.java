package io.sextant.curation;

import io.sextant.SextantException;
import io.sextant.catalog.SemanticModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Verified queries in the app database: the semantic model's are imported once (by name), admins
 * add, edit, approve and retire them, and the lifecycle marks them stale. Only {@code verified}
 * ones are trusted by the ask pipeline; every change bumps {@link #version()}, so the next
 * question sees it.
 */
@ApplicationScoped
public class VerifiedQueryStore implements io.sextant.catalog.VerifiedQuerySource {

    /** Where a verified query is in its life. */
    public enum Status {
        DRAFT,
        VERIFIED,
        STALE,
        RETIRED;

        String db() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** A verified query as stored. */
    public record Stored(
            String name,
            String question,
            List<String> alternatives,
            String sql,
            List<String> tables,
            List<String> columns,
            String owner,
            String verifiedBy,
            Instant verifiedAt,
            Status status,
            boolean onboarding,
            String resultShape,
            String fingerprint,
            Instant checkedAt,
            String staleReason,
            String origin,
            Instant createdAt,
            Instant updatedAt) {}

    /** What an admin writes: a new verified query or an edit. */
    public record Draft(String name, String question, List<String> alternatives, String sql, Boolean onboarding) {}

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_]{0,99}");

    private final EntityManager em;
    private static final String SHARED_VERSION = "curation.version";

    private final AtomicLong version = new AtomicLong();
    private volatile String seenShared;

    VerifiedQueryStore(EntityManager em) {
        this.em = em;
    }

    /** Whether a verified query may be called this (lower-case letters, digits, underscores). */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Changes with every write, here or (seen by {@link #followOtherInstances()}) on another
     * instance sharing the app database; readers that cache (embeddings) compare it.
     */
    public long version() {
        return version.get();
    }

    /**
     * Notes a write: the local version moves at once, and the shared one in the app database (in
     * the writing transaction) tells the other instances.
     */
    private void changed() {
        version.incrementAndGet();
        String next = java.util.UUID.randomUUID().toString();
        io.sextant.AppSettings.write(em, SHARED_VERSION, next);
        seenShared = next;
    }

    /** Moves the local version when another instance changed the verified queries since last looked. */
    void followOtherInstances() {
        String shared = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> io.sextant.AppSettings.read(em, SHARED_VERSION));
        if (!shared.equals(seenShared)) {
            seenShared = shared;
            version.incrementAndGet();
        }
    }

    /** Imports the model's verified queries that are not stored yet (by name); returns how many. */
    @Transactional
    public int importModel(SemanticModel model) {
        int added = 0;
        for (SemanticModel.VerifiedQuery q : model.verifiedQueries()) {
            if (em.find(VerifiedQueryRow.class, q.name()) != null) {
                continue;
            }
            VerifiedQueryRow row = new VerifiedQueryRow();
            row.name = q.name();
            row.question = q.question();
            row.sql = q.sql().strip();
            row.owner = q.verifiedBy() == null ? "model" : q.verifiedBy();
            row.verifiedBy = q.verifiedBy();
            row.verifiedAt = q.verifiedAt();
            row.status = Status.VERIFIED.db();
            row.onboarding = q.onboardingQuestion();
            row.origin = "model";
            row.createdAt = Instant.now();
            row.updatedAt = row.createdAt;
            em.persist(row);
            added++;
        }
        if (added > 0) {
            changed();
        }
        return added;
    }

    /** All stored, by name; optionally only one status, or only those whose question or SQL contains the text. */
    @Transactional
    public List<Stored> list(Optional<Status> status, Optional<String> search) {
        String q = "SELECT v FROM VerifiedQueryRow v"
                + (status.isPresent() ? " WHERE v.status = :status" : "")
                + " ORDER BY v.name";
        var query = em.createQuery(q, VerifiedQueryRow.class);
        status.ifPresent(s -> query.setParameter("status", s.db()));
        String needle = search.map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
        return query.getResultList().stream()
                .filter(r -> needle == null
                        || r.name.contains(needle)
                        || r.question.toLowerCase(Locale.ROOT).contains(needle)
                        || (r.alternatives != null
                                && r.alternatives.toLowerCase(Locale.ROOT).contains(needle))
                        || r.sql.toLowerCase(Locale.ROOT).contains(needle))
                .map(VerifiedQueryStore::stored)
                .toList();
    }

    /** The verified ones, for the semantic index (the model's imported first). */
    @Override
    public List<SemanticModel.VerifiedQuery> verifiedQueries(SemanticModel model) {
        importModel(model);
        return trusted().stream()
                .map(q -> new SemanticModel.VerifiedQuery(
                        q.name(), q.question(), q.sql(), q.verifiedBy(), q.verifiedAt(), q.onboarding(), 0))
                .toList();
    }

    /** The queries the ask pipeline may trust: verified ones. */
    public List<Stored> trusted() {
        return list(Optional.of(Status.VERIFIED), Optional.empty());
    }

    @Transactional
    public Optional<Stored> get(String name) {
        return Optional.ofNullable(em.find(VerifiedQueryRow.class, name)).map(VerifiedQueryStore::stored);
    }

    /**
     * Adds a verified query as a draft (or verified at once, stamped with the actor).
     *
     * @throws SextantException {@code conflict} when the name is taken, {@code invalid-input}
     *     for a bad name or a missing question or SQL
     */
    @Transactional
    public Stored create(Draft draft, String actor, boolean verified, String origin, Reads reads) {
        String name = draft.name() == null ? "" : draft.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw invalid("name", "A name is 1-100 lower-case letters, digits and underscores, e.g. net_revenue_2025.");
        }
        if (em.find(VerifiedQueryRow.class, name) != null) {
            throw new SextantException(
                    SextantException.Kind.CONFLICT, "verified-query-exists", "A verified query " + name + " exists.");
        }
        VerifiedQueryRow row = new VerifiedQueryRow();
        row.name = name;
        row.owner = actor;
        row.origin = origin;
        row.createdAt = Instant.now();
        apply(row, draft, reads);
        row.status = verified ? Status.VERIFIED.db() : Status.DRAFT.db();
        if (verified) {
            row.verifiedBy = actor;
            row.verifiedAt = row.createdAt;
        }
        em.persist(row);
        changed();
        return stored(row);
    }

    /**
     * Stores imported queries as verified, stamped with the importer, all or none: each a new one,
     * or in place of the one of that name (whose alternative phrasings stay when the import gives
     * none). Returns the names that were new.
     */
    @Transactional
    public List<String> putVerified(List<Draft> drafts, String actor, java.util.Map<String, Reads> reads) {
        List<String> created = new ArrayList<>();
        for (Draft draft : drafts) {
            if (putVerified(draft, actor, reads.get(draft.name()))) {
                created.add(draft.name());
            }
        }
        return created;
    }

    private boolean putVerified(Draft draft, String actor, Reads reads) {
        VerifiedQueryRow row = em.find(VerifiedQueryRow.class, draft.name());
        if (row == null) {
            create(draft, actor, true, "import", reads);
            return true;
        }
        Draft kept = draft.alternatives() == null
                ? new Draft(draft.name(), draft.question(), stored(row).alternatives(), draft.sql(), draft.onboarding())
                : draft;
        apply(row, kept, reads);
        row.status = Status.VERIFIED.db();
        row.verifiedBy = actor;
        row.verifiedAt = row.updatedAt;
        row.staleReason = null;
        changed();
        return false;
    }

    /** Edits a verified query; an edited query is a draft again until an admin approves it. */
    @Transactional
    public Stored update(String name, Draft draft, Reads reads) {
        VerifiedQueryRow row = require(name);
        apply(row, draft, reads);
        row.status = Status.DRAFT.db();
        row.verifiedBy = null;
        row.verifiedAt = null;
        row.staleReason = null;
        changed();
        return stored(row);
    }

    @Transactional
    public boolean delete(String name) {
        VerifiedQueryRow row = em.find(VerifiedQueryRow.class, name);
        if (row == null) {
            return false;
        }
        em.remove(row);
        changed();
        return true;
    }

    /** Draft or stale to verified, stamped with the approver. */
    @Transactional
    public Stored approve(String name, String actor, Reads reads) {
        VerifiedQueryRow row = require(name);
        if (Status.of(row.status) == Status.RETIRED) {
            throw new SextantException(
                    SextantException.Kind.CONFLICT, "verified-query-retired", "A retired query cannot be approved.");
        }
        row.status = Status.VERIFIED.db();
        row.verifiedBy = actor;
        row.verifiedAt = Instant.now();
        row.staleReason = null;
        row.tablesRead = String.join(",", reads.tables());
        row.columnsRead = String.join(",", reads.columns());
        row.updatedAt = row.verifiedAt;
        changed();
        return stored(row);
    }

    @Transactional
    public Stored retire(String name) {
        VerifiedQueryRow row = require(name);
        row.status = Status.RETIRED.db();
        row.updatedAt = Instant.now();
        changed();
        return stored(row);
    }

    /** The outcome of a lifecycle check: stale with a reason, or fine with the result's shape. */
    @Transactional
    public void checked(String name, Optional<String> staleReason, String shape, String fingerprint) {
        VerifiedQueryRow row = em.find(VerifiedQueryRow.class, name);
        if (row == null) {
            return;
        }
        Status before = Status.of(row.status);
        row.checkedAt = Instant.now();
        if (staleReason.isPresent()) {
            row.staleReason = staleReason.get();
            if (before == Status.VERIFIED) {
                row.status = Status.STALE.db();
            }
        } else {
            row.resultShape = shape;
            row.fingerprint = fingerprint;
        }
        if (Status.of(row.status) != before) {
            changed();
        }
    }

    /** What the guard says a query reads. */
    public record Reads(Set<String> tables, Set<String> columns) {}

    private static void apply(VerifiedQueryRow row, Draft draft, Reads reads) {
        if (draft.question() == null
                || draft.question().isBlank()
                || draft.question().length() > 2000) {
            throw invalid("question", "A question of 1 to 2000 characters is needed.");
        }
        if (draft.sql() == null || draft.sql().isBlank()) {
            throw invalid("sql", "The SQL is missing.");
        }
        List<String> alternatives = draft.alternatives() == null
                ? List.of()
                : draft.alternatives().stream()
                        .filter(a -> a != null && !a.isBlank())
                        .map(a -> a.strip().replace('\n', ' '))
                        .toList();
        row.question = draft.question().strip();
        row.alternatives = alternatives.isEmpty() ? null : String.join("\n", alternatives);
        row.sql = draft.sql().strip();
        if (draft.onboarding() != null) {
            row.onboarding = draft.onboarding();
        }
        row.tablesRead = String.join(",", reads.tables());
        row.columnsRead = String.join(",", reads.columns());
        row.resultShape = null;
        row.fingerprint = null;
        row.updatedAt = Instant.now();
    }

    private VerifiedQueryRow require(String name) {
        VerifiedQueryRow row = em.find(VerifiedQueryRow.class, name);
        if (row == null) {
            throw new SextantException(
                    SextantException.Kind.NOT_FOUND, "verified-query-not-found", "No verified query " + name + ".");
        }
        return row;
    }

    private static SextantException invalid(String field, String message) {
        return new SextantException(SextantException.Kind.INVALID_INPUT, "invalid-" + field, message);
    }

    private static Stored stored(VerifiedQueryRow r) {
        return new Stored(
                r.name,
                r.question,
                r.alternatives == null ? List.of() : Arrays.asList(r.alternatives.split("\n")),
                r.sql,
                split(r.tablesRead),
                split(r.columnsRead),
                r.owner,
                r.verifiedBy,
                r.verifiedAt,
                Status.of(r.status),
                r.onboarding,
                r.resultShape,
                r.fingerprint,
                r.checkedAt,
                r.staleReason,
                r.origin,
                r.createdAt,
                r.updatedAt);
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : new ArrayList<>(Arrays.asList(s.split(",")));
    }
}
