package io.sextant.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A personal API token; only the SHA-256 of its secret is stored. */
@Entity
@Table(name = "api_token")
class ApiToken {

    @Id
    @Column(name = "id", length = 36)
    String id;

    @Column(name = "user_id", nullable = false, length = 100)
    String userId;

    @Column(name = "name", nullable = false, length = 100)
    String name;

    @Column(name = "token_hash", nullable = false, length = 64)
    String tokenHash;

    /** The first characters of the secret, so a user can tell tokens apart. */
    @Column(name = "prefix", nullable = false, length = 16)
    String prefix;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;

    @Column(name = "last_used_at")
    Instant lastUsedAt;

    @Column(name = "revoked_at")
    Instant revokedAt;
}
