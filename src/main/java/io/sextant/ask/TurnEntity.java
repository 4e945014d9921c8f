package io.sextant.ask;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One question of a conversation and what Sextant answered. */
@Entity
@Table(name = "conversation_turn")
class TurnEntity {

    @Id
    @Column(name = "id", length = 36)
    String id;

    @Column(name = "conversation_id", nullable = false, length = 36)
    String conversationId;

    @Column(name = "user_id", nullable = false, length = 100)
    String userId;

    @Column(name = "turn_no", nullable = false)
    int turnNo;

    @Column(name = "question", nullable = false, length = 2000)
    String question;

    @Column(name = "decision", nullable = false, length = 10)
    String decision;

    @Column(name = "sql_run", length = 20000)
    String sqlRun;

    @Column(name = "answer_text", length = 4000)
    String answerText;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;
}
