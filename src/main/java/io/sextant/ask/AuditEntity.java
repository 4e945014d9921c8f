package io.sextant.ask;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Who asked what, what Sextant decided and ran, and how long each stage took. */
@Entity
@Table(name = "ask_audit")
class AuditEntity {

    @Id
    @Column(name = "request_id", length = 36)
    String requestId;

    @Column(name = "conversation_id", length = 36)
    String conversationId;

    @Column(name = "user_id", nullable = false, length = 100)
    String userId;

    @Column(name = "question", nullable = false, length = 2000)
    String question;

    @Column(name = "decision", nullable = false, length = 10)
    String decision;

    @Column(name = "confidence", nullable = false)
    double confidence;

    @Column(name = "answer_path", nullable = false, length = 20)
    String answerPath;

    @Column(name = "sql_run", length = 20000)
    String sqlRun;

    @Column(name = "reasons", length = 4000)
    String reasons;

    @Column(name = "timings", length = 2000)
    String timings;

    @Column(name = "prompt_versions", length = 500)
    String promptVersions;

    @Column(name = "model", length = 300)
    String model;

    @Column(name = "input_tokens", nullable = false)
    int inputTokens;

    @Column(name = "output_tokens", nullable = false)
    int outputTokens;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;
}
