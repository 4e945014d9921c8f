package io.sextant.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How callers sign in: passwords, sessions, API tokens and failed-login limits. */
@ConfigMapping(prefix = "sextant.auth")
public interface AuthConfig {

    /**
     * Trust the {@code X-Sextant-User} header as the caller's user id. For development and tests
     * only: anyone can claim any user with it. Ignored in production whatever its value.
     */
    @WithDefault("false")
    boolean devHeader();

    /** Members of this group may use the admin API. */
    @WithDefault("admins")
    String adminGroup();

    /** bcrypt cost factor of new password hashes (each step doubles the work). */
    @WithDefault("12")
    int passwordCost();

    /** Shortest password accepted when one is set. */
    @WithDefault("8")
    int minPasswordLength();

    /** A web session ends after this long without a request. */
    @WithDefault("30m")
    Duration sessionIdleTimeout();

    /** A web session ends this long after sign-in, however busy. */
    @WithDefault("12h")
    Duration sessionMaxAge();

    /** Name of the session cookie. */
    @WithDefault("sextant_session")
    String sessionCookie();

    /** SameSite attribute of the session cookie: Strict or Lax. */
    @WithDefault("Lax")
    String sessionCookieSameSite();

    /** Lifetime of a new API token when the request names none. */
    @WithDefault("90d")
    Duration tokenDefaultLifetime();

    /** Longest lifetime an API token may be given. */
    @WithDefault("365d")
    Duration tokenMaxLifetime();

    /** Failed sign-ins allowed per user name within {@link #failedLoginWindow()}. */
    @WithDefault("10")
    int failedLoginsPerUser();

    /** Failed sign-ins allowed per client address within {@link #failedLoginWindow()}. */
    @WithDefault("30")
    int failedLoginsPerAddress();

    /** The window over which failed sign-ins are counted (the allowance refills evenly over it). */
    @WithDefault("15m")
    Duration failedLoginWindow();
}
