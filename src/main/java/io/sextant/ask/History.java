package io.sextant.ask;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Conversations and the audit trail in the app database. */
@ApplicationScoped
public class History {

    /** An earlier question of a conversation. */
    public record Turn(int number, String question, Decision decision, String sql) {}

    /** The audit row of one answer (besides the answer itself). */
    record AuditRow(String model, Map<String, String> promptVersions, int inputTokens, int outputTokens) {}

    private final EntityManager em;

    History(EntityManager em) {
        this.em = em;
    }

    /** The turns of a conversation that belongs to the user, oldest first; empty for others' conversations. */
    @Transactional
    public List<Turn> turns(String conversationId, String userId) {
        return em
                .createQuery(
                        "SELECT t FROM TurnEntity t WHERE t.conversationId = :c AND t.userId = :u ORDER BY t.turnNo",
                        TurnEntity.class)
                .setParameter("c", conversationId)
                .setParameter("u", userId)
                .getResultList()
                .stream()
                .map(t -> new Turn(t.turnNo, t.question, Decision.valueOf(t.decision), t.sqlRun))
                .toList();
    }

    /** Stores the turn and the audit row of an answer in one transaction. */
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

        AuditEntity row = new AuditEntity();
        row.requestId = answer.requestId();
        row.conversationId = answer.conversationId();
        row.userId = userId;
        row.question = question;
        row.decision = answer.decision().name();
        row.confidence = answer.confidence();
        row.answerPath = answer.path().name();
        row.sqlRun = cut(answer.sql(), 20000);
        row.reasons = cut(String.join(" | ", answer.reasons()), 4000);
        row.timings = cut(answer.timings().toString(), 2000);
        row.promptVersions = cut(
                audit.promptVersions().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",")),
                500);
        row.model = cut(audit.model(), 300);
        row.inputTokens = audit.inputTokens();
        row.outputTokens = audit.outputTokens();
        row.createdAt = Instant.now();
        em.persist(row);
    }

    /** The audit rows of a user, newest first (for admins and tests). */
    @Transactional
    public List<Map<String, Object>> audit(String userId, int limit) {
        return em
                .createQuery(
                        "SELECT a FROM AuditEntity a WHERE a.userId = :u ORDER BY a.createdAt DESC", AuditEntity.class)
                .setParameter("u", userId)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(a -> Map.<String, Object>of(
                        "requestId", a.requestId,
                        "question", a.question,
                        "decision", a.decision,
                        "path", a.answerPath,
                        "sql", a.sqlRun == null ? "" : a.sqlRun,
                        "promptVersions", a.promptVersions == null ? "" : a.promptVersions,
                        "model", a.model == null ? "" : a.model))
                .toList();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
