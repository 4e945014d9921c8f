package io.sextant.curation;

import io.sextant.SextantException;
import io.sextant.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Ratings of answers by the users who received them; one per user and answer (a second rating
 * replaces the first). The answer is looked up in the audit log by its request id.
 */
@ApplicationScoped
public class FeedbackStore {

    /** A rating as stored, with what was answered. */
    public record Feedback(
            String id,
            String requestId,
            String user,
            String rating,
            String comment,
            String correctedSql,
            String question,
            String answerSql,
            String decision,
            String path,
            Instant at,
            String promotedTo) {}

    /** Which feedback to list; null fields do not filter. */
    public record Filter(String rating, String decision, String path, String user, Instant from, Instant to) {}

    private final EntityManager em;
    private final AuditLog audit;

    FeedbackStore(EntityManager em, AuditLog audit) {
        this.em = em;
        this.audit = audit;
    }

    /**
     * Records the user's rating of one of their answers.
     *
     * @throws SextantException {@code answer-not-found} when the request id is not an answer the
     *     user received (the same for someone else's and for none)
     */
    @Transactional
    public Feedback rate(String requestId, String user, String rating, String comment, String correctedSql) {
        String r = rating == null ? "" : rating.strip().toLowerCase(Locale.ROOT);
        if (!r.equals("up") && !r.equals("down")) {
            throw new SextantException(SextantException.Kind.INVALID_INPUT, "invalid-rating", "rating is up or down.");
        }
        if (comment != null && comment.length() > 4000) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT, "invalid-comment", "A comment has at most 4000 characters.");
        }
        if (correctedSql != null && correctedSql.length() > 100_000) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT,
                    "invalid-corrected-sql",
                    "The SQL has more than 100000 characters.");
        }
        AuditLog.Event answer = audit.byId(requestId)
                .filter(e -> AuditLog.ASK.equals(e.kind()) && user.equals(e.user()))
                .orElseThrow(() -> new SextantException(
                        SextantException.Kind.NOT_FOUND,
                        "answer-not-found",
                        "You received no answer with this request id."));
        FeedbackRow row = em.createQuery(
                        "SELECT f FROM FeedbackRow f WHERE f.requestId = :r AND f.userId = :u", FeedbackRow.class)
                .setParameter("r", requestId)
                .setParameter("u", user)
                .getResultStream()
                .findFirst()
                .orElse(null);
        boolean fresh = row == null;
        if (fresh) {
            row = new FeedbackRow();
            row.id = UUID.randomUUID().toString();
            row.requestId = requestId;
            row.userId = user;
        }
        row.rating = r;
        row.comment = comment == null || comment.isBlank() ? null : comment.strip();
        row.correctedSql = correctedSql == null || correctedSql.isBlank() ? null : correctedSql.strip();
        row.question = answer.question();
        row.answerSql = answer.sql();
        row.decision = answer.decision();
        row.path = answer.target();
        row.createdAt = Instant.now();
        if (fresh) {
            em.persist(row);
        }
        return feedback(row);
    }

    /** Feedback matching the filter, newest first. */
    @Transactional
    public List<Feedback> list(Filter f, int offset, int limit) {
        StringBuilder q = new StringBuilder("SELECT f FROM FeedbackRow f WHERE 1 = 1");
        if (f.rating() != null) {
            q.append(" AND f.rating = :rating");
        }
        if (f.decision() != null) {
            q.append(" AND f.decision = :decision");
        }
        if (f.path() != null) {
            q.append(" AND f.path = :path");
        }
        if (f.user() != null) {
            q.append(" AND f.userId = :user");
        }
        if (f.from() != null) {
            q.append(" AND f.createdAt >= :from");
        }
        if (f.to() != null) {
            q.append(" AND f.createdAt < :to");
        }
        q.append(" ORDER BY f.createdAt DESC");
        var query = em.createQuery(q.toString(), FeedbackRow.class);
        if (f.rating() != null) {
            query.setParameter("rating", f.rating().toLowerCase(Locale.ROOT));
        }
        if (f.decision() != null) {
            query.setParameter("decision", f.decision().toUpperCase(Locale.ROOT));
        }
        if (f.path() != null) {
            query.setParameter("path", f.path().toUpperCase(Locale.ROOT));
        }
        if (f.user() != null) {
            query.setParameter("user", f.user());
        }
        if (f.from() != null) {
            query.setParameter("from", f.from());
        }
        if (f.to() != null) {
            query.setParameter("to", f.to());
        }
        return query.setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                .map(FeedbackStore::feedback)
                .toList();
    }

    @Transactional
    public Optional<Feedback> get(String id) {
        return Optional.ofNullable(em.find(FeedbackRow.class, id)).map(FeedbackStore::feedback);
    }

    @Transactional
    public void promoted(String id, String verifiedQuery) {
        FeedbackRow row = em.find(FeedbackRow.class, id);
        if (row != null) {
            row.promotedTo = verifiedQuery;
        }
    }

    private static Feedback feedback(FeedbackRow r) {
        return new Feedback(
                r.id,
                r.requestId,
                r.userId,
                r.rating,
                r.comment,
                r.correctedSql,
                r.question,
                r.answerSql,
                r.decision,
                r.path,
                r.createdAt,
                r.promotedTo);
    }
}
