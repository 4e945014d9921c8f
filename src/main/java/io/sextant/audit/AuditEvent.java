package io.sextant.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of the append-only audit log; written once, never updated. */
@Entity
@Table(name = "audit_event")
class AuditEvent {

    @Id
    @Column(name = "id", length = 36)
    String id;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "user_id", length = 100)
    String userId;

    @Column(name = "kind", nullable = false, length = 40)
    String kind;

    @Column(name = "decision", nullable = false, length = 20)
    String decision;

    @Column(name = "target", length = 300)
    String target;

    @Column(name = "client_address", length = 64)
    String clientAddress;

    @Column(name = "conversation_id", length = 36)
    String conversationId;

    @Column(name = "question", length = 2000)
    String question;

    @Column(name = "sql_run", length = 1_000_000)
    String sqlRun;

    @Column(name = "detail", length = 1_000_000)
    String detail;
}
