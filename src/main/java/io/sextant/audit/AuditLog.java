package io.sextant.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.sextant.SextantException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The append-only audit log of every ask, SQL statement, admin change, sign-in and token change.
 * Writing is part of the request: {@link #record} throws when the row cannot be stored, so the
 * caller's request fails instead of going unrecorded.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    /** Longest SQL text or detail an event holds. */
    public static final int MAX_TEXT = 1_000_000;

    /** Kinds of events. */
    public static final String ASK = "ask";

    public static final String SQL_CHECK = "sql.check";
    public static final String SQL_EXECUTE = "sql.execute";
    public static final String LOGIN = "auth.login";
    public static final String LOGOUT = "auth.logout";
    public static final String TOKEN_CREATE = "token.create";
    public static final String TOKEN_REVOKE = "token.revoke";
    /** Prefix of admin changes, e.g. {@code admin.user.create}. */
    public static final String ADMIN = "admin.";

    /**
     * What happened; {@code id} may be given (an answer's request id) or left null. {@code detail} is stored as JSON (before/after of an admin change, reasons
     * and timings of an answer, the error of a refused statement).
     */
    public record Entry(
            String id,
            String kind,
            String userId,
            String decision,
            String target,
            String conversationId,
            String question,
            String sql,
            Map<String, ?> detail) {

        public static Entry of(String kind, String userId, String decision, String target) {
            return new Entry(null, kind, userId, decision, target, null, null, null, Map.of());
        }

        public Entry withSql(String sql) {
            return new Entry(id, kind, userId, decision, target, conversationId, question, sql, detail);
        }

        public Entry withDetail(Map<String, ?> detail) {
            return new Entry(id, kind, userId, decision, target, conversationId, question, sql, detail);
        }
    }

    /** The detail of an admin change: what it was before and what it is after (null: absent). */
    public static Map<String, Object> change(Object before, Object after) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("before", before);
        detail.put("after", after);
        return detail;
    }

    /** A stored event as the admin API shows it. */
    public record Event(
            String id,
            Instant at,
            String user,
            String kind,
            String decision,
            String target,
            String clientAddress,
            String conversationId,
            String question,
            String sql,
            String detail) {}

    /** Which events to list; null fields do not filter. */
    public record Filter(String user, String kind, String decision, Instant from, Instant to) {}

    private final EntityManager em;
    private final ObjectMapper json;

    private final io.micrometer.core.instrument.Counter writeFailures;

    @Inject
    AuditLog(EntityManager em, ObjectMapper json, io.micrometer.core.instrument.MeterRegistry metrics) {
        this.em = em;
        this.json = json;
        this.writeFailures = metrics.counter("sextant.audit.write.failures");
    }

    /**
     * Appends an event (in the caller's transaction, if any) and returns its id.
     *
     * @throws SextantException {@code audit-unavailable} when it cannot be stored
     */
    @Transactional
    public String record(Entry entry) {
        return record(entry, clientAddress().orElse(null));
    }

    /** Appends an event from the given client address; see {@link #record(Entry)}. */
    @Transactional
    public String record(Entry entry, String clientAddress) {
        AuditEvent row = new AuditEvent();
        row.id = entry.id() != null ? entry.id() : UUID.randomUUID().toString();
        row.createdAt = Instant.now();
        row.userId = cut(entry.userId(), 100);
        row.kind = entry.kind();
        row.decision = entry.decision();
        row.target = cut(entry.target(), 300);
        row.clientAddress = cut(clientAddress, 64);
        row.conversationId = entry.conversationId();
        row.question = cut(entry.question(), 2000);
        row.sqlRun = entry.sql();
        row.detail = detail(entry.detail());
        if ((row.sqlRun != null && row.sqlRun.length() > MAX_TEXT)
                || (row.detail != null && row.detail.length() > MAX_TEXT)) {
            throw new SextantException(
                    SextantException.Kind.TOO_LARGE, "too-large-to-audit", "The request is too large to be audited.");
        }
        try {
            em.persist(row);
            em.flush();
        } catch (RuntimeException e) {
            writeFailures.increment();
            LOG.errorf(e, "Writing the audit row of %s by %s failed", entry.kind(), entry.userId());
            throw new SextantException(
                    SextantException.Kind.UNAVAILABLE,
                    "audit-unavailable",
                    "The audit log cannot be written, so the request was not carried out; try again later.",
                    e);
        }
        return row.id;
    }

    /** One event by its id (an answer's request id). */
    @Transactional
    public java.util.Optional<Event> byId(String id) {
        return java.util.Optional.ofNullable(id == null ? null : em.find(AuditEvent.class, id))
                .map(AuditLog::event);
    }

    /** Events matching the filter, newest first. */
    @Transactional
    public List<Event> find(Filter filter, int offset, int limit) {
        return query(filter).setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                .map(AuditLog::event)
                .toList();
    }

    /** Hands every event matching the filter to the consumer, newest first, a page at a time. */
    public void forEach(Filter filter, int max, Consumer<Event> consumer) {
        int page = 500;
        for (int offset = 0; offset < max; offset += page) {
            List<Event> events = find(filter, offset, Math.min(page, max - offset));
            events.forEach(consumer);
            if (events.size() < page) {
                return;
            }
        }
    }

    private TypedQuery<AuditEvent> query(Filter f) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (f.user() != null) {
            where.add("e.userId = :user");
            params.put("user", f.user());
        }
        if (f.kind() != null) {
            if (f.kind().endsWith(".") || f.kind().endsWith("*")) {
                where.add("e.kind LIKE :kind");
                params.put("kind", f.kind().replace("*", "") + "%");
            } else {
                where.add("e.kind = :kind");
                params.put("kind", f.kind());
            }
        }
        if (f.decision() != null) {
            where.add("e.decision = :decision");
            params.put("decision", f.decision());
        }
        if (f.from() != null) {
            where.add("e.createdAt >= :from");
            params.put("from", f.from());
        }
        if (f.to() != null) {
            where.add("e.createdAt < :to");
            params.put("to", f.to());
        }
        String jpql = "SELECT e FROM AuditEvent e"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY e.createdAt DESC, e.id DESC";
        TypedQuery<AuditEvent> query = em.createQuery(jpql, AuditEvent.class);
        params.forEach(query::setParameter);
        return query;
    }

    private String detail(Map<String, ?> detail) {
        if (detail == null || detail.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail is not serialisable", e);
        }
    }

    /** The caller's address when an HTTP request is being served. */
    private static Optional<String> clientAddress() {
        ManagedContext requestContext = Arc.container().requestContext();
        if (!requestContext.isActive()) {
            return Optional.empty();
        }
        CurrentVertxRequest current =
                Arc.container().instance(CurrentVertxRequest.class).get();
        if (current == null || current.getCurrent() == null) {
            return Optional.empty();
        }
        var address = current.getCurrent().request().remoteAddress();
        return Optional.ofNullable(address == null ? null : cut(address.hostAddress(), 64));
    }

    private static Event event(AuditEvent e) {
        return new Event(
                e.id,
                e.createdAt,
                e.userId,
                e.kind,
                e.decision,
                e.target,
                e.clientAddress,
                e.conversationId,
                e.question,
                e.sqlRun,
                e.detail);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
