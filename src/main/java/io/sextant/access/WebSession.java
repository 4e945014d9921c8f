package io.sextant.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A signed-in browser; the cookie holds a random secret, this row its SHA-256. */
@Entity
@Table(name = "app_session")
class WebSession {

    @Id
    @Column(name = "id_hash", length = 64)
    String idHash;

    @Column(name = "user_id", nullable = false, length = 100)
    String userId;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    Instant lastSeenAt;

    /** The absolute end of the session, however busy it is. */
    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;

    @Column(name = "client_address", length = 64)
    String clientAddress;
}
