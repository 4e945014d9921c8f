package io.sextant.curation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One user's rating of one answer; see {@link FeedbackStore}. */
@Entity
@Table(name = "feedback")
class FeedbackRow {

    @Id
    @Column(name = "id", length = 36)
    String id;

    @Column(name = "request_id", nullable = false, length = 36)
    String requestId;

    @Column(name = "user_id", nullable = false, length = 100)
    String userId;

    @Column(name = "rating", nullable = false, length = 10)
    String rating;

    @Column(name = "comment_text", length = 4000)
    String comment;

    @Column(name = "corrected_sql", length = 100000)
    String correctedSql;

    @Column(name = "question", length = 2000)
    String question;

    @Column(name = "answer_sql", length = 1000000)
    String answerSql;

    @Column(name = "decision", length = 20)
    String decision;

    @Column(name = "answer_path", length = 40)
    String path;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "promoted_to", length = 200)
    String promotedTo;
}
