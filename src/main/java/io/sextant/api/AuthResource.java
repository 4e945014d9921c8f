package io.sextant.api;

import io.sextant.SextantException;
import io.sextant.access.AuthConfig;
import io.sextant.access.Credentials;
import io.sextant.audit.AuditLog;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Locale;

/**
 * Sign-in for the web UI: a user name and password start a session kept in an HttpOnly,
 * SameSite cookie (Secure whenever the request came over TLS); logout ends it on the server.
 */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    /** The sign-in form. */
    public record LoginRequest(String user, String password) {}

    private final Credentials credentials;
    private final AuthConfig config;
    private final AuditLog audit;

    AuthResource(Credentials credentials, AuthConfig config, AuditLog audit) {
        this.credentials = credentials;
        this.config = config;
        this.audit = audit;
    }

    /** Checks the password (throttled after repeated failures) and starts a session. */
    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(LoginRequest request, @Context HttpServerRequest http) {
        if (request == null
                || request.user() == null
                || request.password() == null
                || request.user().isBlank()
                || request.user().length() > 100
                || request.password().length() > 1024) {
            throw new SextantException(SextantException.Kind.INVALID_INPUT, "invalid-login", "give user and password");
        }
        String address = address(http);
        Credentials.Authenticated who = credentials.password(request.user().strip(), request.password(), address, true);
        Credentials.Session session = credentials.startSession(who.user().id(), address);
        return Response.ok(MeResource.Me.of(who.user(), config.adminGroup(), Credentials.Method.SESSION))
                .cookie(
                        cookie(session.cookieValue(), config.sessionMaxAge(), http),
                        csrfCookie(CsrfToken.of(session.cookieValue()), config.sessionMaxAge(), http))
                .build();
    }

    /** Ends the caller's session (if any) and clears the cookie. */
    @POST
    @Path("/logout")
    public Response logout(@Context HttpServerRequest http) {
        var cookie = http.getCookie(config.sessionCookie());
        if (cookie != null) {
            credentials
                    .endSession(cookie.getValue())
                    .ifPresent(user -> audit.record(
                            AuditLog.Entry.of(AuditLog.LOGOUT, user, "success", "session"), address(http)));
        }
        return Response.noContent()
                .cookie(cookie("", Duration.ZERO, http), csrfCookie("", Duration.ZERO, http))
                .build();
    }

    private NewCookie cookie(String value, Duration maxAge, HttpServerRequest http) {
        return new NewCookie.Builder(config.sessionCookie())
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure("https".equalsIgnoreCase(http.scheme()))
                .sameSite(
                        config.sessionCookieSameSite().toLowerCase(Locale.ROOT).equals("strict")
                                ? NewCookie.SameSite.STRICT
                                : NewCookie.SameSite.LAX)
                .maxAge((int) maxAge.toSeconds())
                .build();
    }

    /** The session's CSRF token, readable by the pages (not HttpOnly), sent to this site only. */
    private static NewCookie csrfCookie(String value, Duration maxAge, HttpServerRequest http) {
        return new NewCookie.Builder(CsrfToken.COOKIE)
                .value(value)
                .path("/")
                .httpOnly(false)
                .secure("https".equalsIgnoreCase(http.scheme()))
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) maxAge.toSeconds())
                .build();
    }

    static String address(HttpServerRequest http) {
        return http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
    }
}
