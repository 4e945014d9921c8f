package io.sextant.ask;

import io.sextant.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Conversations in the app database; each answer's audit row goes to the {@link AuditLog}. */
@ApplicationScoped
public class History {

    /** An earlier question of a conversation. */
    public record Turn(int number, String question, Decision decision, String sql) {}

    /** The audit row of one answer (besides the answer itself). */
    /**
     * What the audit row adds to the answer; {@code sourceSql} is the SQL before the guard applied
     * the user's permissions (a verified query's, or one adapted from it), which curation promotes.
     */
    record AuditRow(
            String model, Map<String, String> promptVersions, int inputTokens, int outputTokens, String sourceSql) {}

    private final EntityManager em;
    private final AuditLog auditLog;

    History(EntityManager em, AuditLog auditLog) {
        this.em = em;
        this.auditLog = auditLog;
    }

    /** A conversation of a user: its id, first question and when it was last used. */
    public record Conversation(String id, String title, int turns, Instant lastAt) {}

    /** The user's conversations, most recently used first. */
    @Transactional
    public List<Conversation> conversations(String userId, int limit) {
        List<Object[]> rows = em.createQuery(
                        "SELECT t.conversationId, COUNT(t), MAX(t.createdAt) FROM TurnEntity t"
                                + " WHERE t.userId = :u GROUP BY t.conversationId ORDER BY MAX(t.createdAt) DESC",
                        Object[].class)
                .setParameter("u", userId)
                .setMaxResults(limit)
                .getResultList();
        List<Conversation> out = new java.util.ArrayList<>();
        for (Object[] r : rows) {
            String first = em.createQuery(
                            "SELECT t.question FROM TurnEntity t WHERE t.conversationId = :c AND t.userId = :u"
                                    + " ORDER BY t.turnNo",
                            String.class)
                    .setParameter("c", r[0])
                    .setParameter("u", userId)
                    .setMaxResults(1)
                    .getSingleResult();
            out.add(new Conversation((String) r[0], first, ((Number) r[1]).intValue(), (Instant) r[2]));
        }
        return out;
    }

    /** One stored turn with its answer text, as the conversation API shows it. */
    public record StoredTurn(int number, String question, String decision, String sql, String answer, Instant at) {}

    /** The turns of the user's conversation, oldest first; empty when it is not the user's. */
    @Transactional
    public List<StoredTurn> conversation(String conversationId, String userId) {
        return em
                .createQuery(
                        "SELECT t FROM TurnEntity t WHERE t.conversationId = :c AND t.userId = :u ORDER BY t.turnNo",
                        TurnEntity.class)
                .setParameter("c", conversationId)
                .setParameter("u", userId)
                .getResultList()
                .stream()
                .map(t -> new StoredTurn(t.turnNo, t.question, t.decision, t.sqlRun, t.answerText, t.createdAt))
                .toList();
    }

    /** The turns of a conversation that belongs to the user, oldest first; empty for others' conversations. */
    public List<Turn> turns(String conversationId, String userId) {
        return conversation(conversationId, userId).stream()
                .map(t -> new Turn(t.number(), t.question(), Decision.valueOf(t.decision()), t.sql()))
                .toList();
    }

    /** Stores the turn and the audit row of an answer in one transaction; fails when either cannot be written. */
    @Transactional
    public void record(String userId, String question, int turnNo, Answer answer, AuditRow audit) {
        TurnEntity turn = new TurnEntity();
        turn.id = UUID.randomUUID().toString();
        turn.conversationId = answer.conversationId();
        turn.userId = userId;
        turn.turnNo = turnNo;
        turn.question = question;
        turn.decision = answer.decision().name();
        turn.sqlRun = cut(answer.sql(), 20000);
        turn.answerText = cut(answer.text(), 4000);
        turn.createdAt = Instant.now();
        em.persist(turn);

        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("confidence", answer.confidence());
        detail.put("reasons", answer.reasons());
        detail.put("timings", answer.timings());
        detail.put("promptVersions", audit.promptVersions());
        detail.put("model", audit.model());
        detail.put("inputTokens", audit.inputTokens());
        detail.put("outputTokens", audit.outputTokens());
        if (audit.sourceSql() != null) {
            detail.put("sourceSql", audit.sourceSql());
        }
        auditLog.record(new AuditLog.Entry(
                answer.requestId(),
                AuditLog.ASK,
                userId,
                answer.decision().name(),
                answer.path().name(),
                answer.conversationId(),
                question,
                answer.sql(),
                detail));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
