package io.sextant.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sextant.SextantException;
import io.sextant.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Checks who a caller is: passwords (bcrypt), personal API tokens and web sessions (random
 * secrets stored as SHA-256). Disabled users never authenticate; every lookup reads the user's
 * current groups and attributes, so changes apply to the next request.
 */
@ApplicationScoped
public class Credentials {

    private static final Logger LOG = Logger.getLogger(Credentials.class);

    /** Last-used and last-seen times are written at most this often per token or session. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    /** Longest secret looked at; longer ones fail without being hashed. */
    private static final int MAX_SECRET = 1024;

    /** How a caller proved who they are. */
    public enum Method {
        PASSWORD,
        TOKEN,
        SESSION,
        OIDC,
        DEV_HEADER
    }

    /** A caller whose credential checked out. */
    public record Authenticated(Directory.User user, Method method) {}

    /** A new web session: the cookie value (shown once) and when it ends at the latest. */
    public record Session(String cookieValue, Instant expiresAt) {}

    /** An API token as its owner sees it (never the secret). */
    public record TokenInfo(
            String id,
            String name,
            String prefix,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            Instant revokedAt) {}

    /** A token just created: the secret is in {@code token} and is not stored anywhere. */
    public record NewToken(TokenInfo info, String token) {}

    private final EntityManager em;
    private final AuthConfig config;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private volatile String dummyHash;
    /**
     * SHA-256 of (user, current bcrypt hash, password) for passwords that matched within the last
     * minutes; a changed password has another hash, so its entries never match again.
     */
    private final Cache<String, Boolean> recentlyVerified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    Credentials(EntityManager em, AuthConfig config, LoginThrottle throttle, AuditLog audit) {
        this.em = em;
        this.config = config;
        this.throttle = throttle;
        this.audit = audit;
    }

    /**
     * Checks a user name with a password or one of the user's API tokens (HTTP Basic and the
     * sign-in form). Failures are rate-limited per user and address and audited.
     *
     * @param signIn true for the sign-in endpoint, whose successes are audited too
     * @throws io.sextant.RateLimited while too many attempts failed
     * @throws SextantException {@code invalid-credentials} when the secret does not match
     */
    public Authenticated password(String userId, String secret, String address, boolean signIn) {
        throttle.check(userId, address);
        Optional<Authenticated> result = userId == null || secret == null || secret.length() > MAX_SECRET
                ? Optional.empty()
                : Secrets.looksLikeToken(secret)
                        ? token(secret).filter(a -> a.user().id().equals(userId))
                        : checkPassword(userId, secret).map(u -> new Authenticated(u, Method.PASSWORD));
        if (result.isEmpty()) {
            throttle.failed(userId, address);
            audit.record(
                    AuditLog.Entry.of(AuditLog.LOGIN, cut(userId), "failure", signIn ? "sign-in" : "basic"), address);
            throw invalidCredentials();
        }
        if (signIn) {
            audit.record(AuditLog.Entry.of(AuditLog.LOGIN, userId, "success", "sign-in"), address);
        }
        return result.get();
    }

    /** The owner of a valid API token (not expired, not revoked, user enabled). */
    public Optional<Authenticated> token(String token) {
        if (token == null || token.length() > MAX_SECRET || !Secrets.looksLikeToken(token)) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(token);
        return QuarkusTransaction.requiringNew().call(() -> {
            List<ApiToken> found = em.createQuery("FROM ApiToken t WHERE t.tokenHash = :h", ApiToken.class)
                    .setParameter("h", hash)
                    .getResultList();
            Instant now = Instant.now();
            if (found.isEmpty() || found.getFirst().revokedAt != null || !now.isBefore(found.getFirst().expiresAt)) {
                return Optional.<Authenticated>empty();
            }
            ApiToken t = found.getFirst();
            Optional<Directory.User> user = enabledUser(t.userId);
            if (user.isPresent()
                    && (t.lastUsedAt == null
                            || t.lastUsedAt.plus(TOUCH_INTERVAL).isBefore(now))) {
                t.lastUsedAt = now;
            }
            return user.map(u -> new Authenticated(u, Method.TOKEN));
        });
    }

    /** The user of a live web session; the session's idle clock restarts. */
    public Optional<Authenticated> session(String cookieValue) {
        if (cookieValue == null || cookieValue.length() > MAX_SECRET) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(cookieValue);
        return QuarkusTransaction.requiringNew().call(() -> {
            WebSession s = em.find(WebSession.class, hash);
            Instant now = Instant.now();
            if (s == null) {
                return Optional.<Authenticated>empty();
            }
            if (!now.isBefore(s.expiresAt) || !now.isBefore(s.lastSeenAt.plus(config.sessionIdleTimeout()))) {
                em.remove(s);
                return Optional.<Authenticated>empty();
            }
            Optional<Directory.User> user = enabledUser(s.userId);
            if (user.isPresent() && s.lastSeenAt.plus(TOUCH_INTERVAL).isBefore(now)) {
                s.lastSeenAt = now;
            }
            return user.map(u -> new Authenticated(u, Method.SESSION));
        });
    }

    /** The user named by the development header, if it exists and is enabled. */
    public Optional<Authenticated> devHeader(String userId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> enabledUser(userId).map(u -> new Authenticated(u, Method.DEV_HEADER)));
    }

    /** Starts a web session for a user who just signed in. */
    public Session startSession(String userId, String address) {
        String secret = Secrets.random();
        Instant now = Instant.now();
        WebSession s = new WebSession();
        s.idHash = Secrets.sha256(secret);
        s.userId = userId;
        s.createdAt = now;
        s.lastSeenAt = now;
        s.expiresAt = now.plus(config.sessionMaxAge());
        s.clientAddress = address == null || address.length() > 64 ? null : address;
        QuarkusTransaction.requiringNew().run(() -> em.persist(s));
        return new Session(secret, s.expiresAt);
    }

    /** Ends the web session with this cookie value; returns its user, if there was one. */
    public Optional<String> endSession(String cookieValue) {
        if (cookieValue == null || cookieValue.length() > MAX_SECRET) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(cookieValue);
        return QuarkusTransaction.requiringNew().call(() -> {
            WebSession s = em.find(WebSession.class, hash);
            if (s == null) {
                return Optional.<String>empty();
            }
            em.remove(s);
            return Optional.of(s.userId);
        });
    }

    /** Creates an API token for the user; the secret is returned once and only its hash kept. */
    public NewToken createToken(String userId, String name, Duration lifetime) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT,
                    "invalid-token-name",
                    "name is required (at most 100 characters)");
        }
        Duration life = lifetime == null ? config.tokenDefaultLifetime() : lifetime;
        if (life.isNegative() || life.isZero() || life.compareTo(config.tokenMaxLifetime()) > 0) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT,
                    "invalid-token-lifetime",
                    "a token lives between 1 day and "
                            + config.tokenMaxLifetime().toDays() + " days");
        }
        String secret = Secrets.newToken();
        ApiToken t = new ApiToken();
        t.id = UUID.randomUUID().toString();
        t.userId = userId;
        t.name = name.strip();
        t.tokenHash = Secrets.sha256(secret);
        t.prefix = secret.substring(0, 12);
        t.createdAt = Instant.now();
        t.expiresAt = t.createdAt.plus(life);
        QuarkusTransaction.requiringNew().run(() -> {
            em.persist(t);
            audit.record(AuditLog.Entry.of(AuditLog.TOKEN_CREATE, userId, "success", t.id)
                    .withDetail(Map.of("name", t.name, "prefix", t.prefix, "expiresAt", t.expiresAt.toString())));
        });
        return new NewToken(info(t), secret);
    }

    /** The user's tokens, newest first. */
    public List<TokenInfo> tokens(String userId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> em
                        .createQuery("FROM ApiToken t WHERE t.userId = :u ORDER BY t.createdAt DESC", ApiToken.class)
                        .setParameter("u", userId)
                        .getResultList()
                        .stream()
                        .map(Credentials::info)
                        .toList());
    }

    /**
     * Revokes one of the user's tokens.
     *
     * @param actor who revokes it (the owner or an admin), for the audit log
     * @return false when the user has no such token
     */
    public boolean revokeToken(String userId, String tokenId, String actor) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ApiToken t = em.find(ApiToken.class, tokenId);
            if (t == null || !t.userId.equals(userId)) {
                return false;
            }
            if (t.revokedAt == null) {
                t.revokedAt = Instant.now();
                audit.record(AuditLog.Entry.of(AuditLog.TOKEN_REVOKE, actor, "success", t.id)
                        .withDetail(Map.of("owner", userId, "name", t.name, "prefix", t.prefix)));
            }
            return true;
        });
    }

    /**
     * Sets a user's password (joining the caller's transaction) and ends the user's web sessions.
     *
     * @param demo true only for the demo's well-known password, which skips the length rule
     */
    public void setPassword(String userId, String password, boolean demo) {
        if (!demo) {
            checkPasswordRules(password);
        }
        String hash = Secrets.bcrypt(password, config.passwordCost());
        QuarkusTransaction.joiningExisting().run(() -> {
            UserAccount account = em.find(UserAccount.class, userId);
            if (account == null) {
                throw new SextantException(
                        SextantException.Kind.NOT_FOUND, "user-not-found", "No user '" + userId + "'");
            }
            account.passwordHash = hash;
            account.demoPassword = demo;
            em.createQuery("DELETE FROM WebSession s WHERE s.userId = :u")
                    .setParameter("u", userId)
                    .executeUpdate();
        });
    }

    /** Ends every web session of a user (after a password reset or when the user is disabled). */
    public void endSessions(String userId) {
        QuarkusTransaction.joiningExisting()
                .run(() -> em.createQuery("DELETE FROM WebSession s WHERE s.userId = :u")
                        .setParameter("u", userId)
                        .executeUpdate());
    }

    /** Users that still have the demo's well-known password. */
    public List<String> usersWithDemoPassword() {
        return QuarkusTransaction.requiringNew()
                .call(() -> em.createQuery(
                                "SELECT u.id FROM UserAccount u WHERE u.demoPassword = true ORDER BY u.id",
                                String.class)
                        .getResultList());
    }

    /** Whether some enabled member of the admin group can sign in with a password. */
    public boolean adminExists() {
        return QuarkusTransaction.requiringNew()
                .call(() -> em.createQuery(
                                        "SELECT COUNT(u) FROM UserAccount u JOIN u.groups g WHERE g.name = :g"
                                                + " AND u.disabled = false AND u.passwordHash IS NOT NULL",
                                        Long.class)
                                .setParameter("g", config.adminGroup())
                                .getSingleResult()
                        > 0);
    }

    /** Refuses passwords bcrypt could not hash whole or that are too short. */
    public void checkPasswordRules(String password) {
        if (password == null || password.codePointCount(0, password.length()) < config.minPasswordLength()) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT,
                    "weak-password",
                    "a password has at least " + config.minPasswordLength() + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > Secrets.MAX_PASSWORD_BYTES) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT,
                    "password-too-long",
                    "a password has at most " + Secrets.MAX_PASSWORD_BYTES + " bytes (UTF-8)");
        }
    }

    private Optional<Directory.User> checkPassword(String userId, String password) {
        Optional<String> hash = QuarkusTransaction.requiringNew().call(() -> {
            UserAccount u = em.find(UserAccount.class, userId);
            return u == null || u.disabled ? Optional.<String>empty() : Optional.ofNullable(u.passwordHash);
        });
        // Unknown users cost the same bcrypt check, so timing does not tell which names exist.
        if (hash.isEmpty()) {
            Secrets.bcryptMatches(dummyHash(), password);
            return Optional.empty();
        }
        // A password that matched the current hash a moment ago is not run through bcrypt again:
        // BI tools sending Basic on every request would otherwise pay a slow hash per request.
        String key = Secrets.sha256(userId + "\n" + hash.get() + "\n" + password);
        boolean matches = recentlyVerified.getIfPresent(key) != null || Secrets.bcryptMatches(hash.get(), password);
        if (matches) {
            recentlyVerified.put(key, Boolean.TRUE);
        }
        return matches ? QuarkusTransaction.requiringNew().call(() -> enabledUser(userId)) : Optional.empty();
    }

    private Optional<Directory.User> enabledUser(String userId) {
        UserAccount u = em.find(UserAccount.class, userId);
        return u == null || u.disabled ? Optional.empty() : Optional.of(Directory.toUser(u));
    }

    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            h = Secrets.bcrypt(Secrets.random(), config.passwordCost());
            dummyHash = h;
        }
        return h;
    }

    private static TokenInfo info(ApiToken t) {
        return new TokenInfo(t.id, t.name, t.prefix, t.createdAt, t.expiresAt, t.lastUsedAt, t.revokedAt);
    }

    private static String cut(String s) {
        return s == null || s.length() <= 100 ? s : s.substring(0, 100);
    }

    private static SextantException invalidCredentials() {
        LOG.debug("Failed sign-in");
        return new SextantException(
                SextantException.Kind.UNAUTHENTICATED, "invalid-credentials", "Wrong user name or password.");
    }
}
