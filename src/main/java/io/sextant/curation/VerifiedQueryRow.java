package io.sextant.curation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored verified query; see {@link VerifiedQueryStore}. */
@Entity
@Table(name = "verified_query")
class VerifiedQueryRow {

    @Id
    @Column(name = "name", length = 200)
    String name;

    @Column(name = "question", nullable = false, length = 2000)
    String question;

    @Column(name = "alternatives", length = 20000)
    String alternatives;

    @Column(name = "sql_text", nullable = false, length = 100000)
    String sql;

    @Column(name = "tables_read", length = 4000)
    String tablesRead;

    @Column(name = "columns_read", length = 20000)
    String columnsRead;

    @Column(name = "owner", nullable = false, length = 100)
    String owner;

    @Column(name = "verified_by", length = 100)
    String verifiedBy;

    @Column(name = "verified_at")
    Instant verifiedAt;

    @Column(name = "status", nullable = false, length = 20)
    String status;

    @Column(name = "onboarding", nullable = false)
    boolean onboarding;

    @Column(name = "result_shape", length = 4000)
    String resultShape;

    @Column(name = "fingerprint", length = 64)
    String fingerprint;

    @Column(name = "checked_at")
    Instant checkedAt;

    @Column(name = "stale_reason", length = 4000)
    String staleReason;

    @Column(name = "origin", nullable = false, length = 20)
    String origin;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
}
