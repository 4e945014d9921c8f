package io.sextant.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.sextant.access.AuthConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the caller's credential from a request: {@code Authorization: Basic} (user and password
 * or API token), {@code Authorization: Bearer <api-token>}, the web session cookie, and in the
 * dev and test profiles only the development header. Wrong explicit credentials fail the request
 * with 401 (or 429 while failed sign-ins are throttled); a stale session cookie just leaves the
 * caller anonymous, so the sign-in page still works. Every answer is problem+json.
 */
@ApplicationScoped
class SextantAuthMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(SextantAuthMechanism.class);

    /** Development-only header naming the user a request acts as. */
    static final String DEV_HEADER = "X-Sextant-User";

    /** Routing-context key: seconds to wait when the sign-in was throttled. */
    static final String RETRY_AFTER = "sextant.retry-after";

    /** Routing-context key: the problem code of a failed authentication. */
    static final String FAILURE = "sextant.auth-failure";

    private final AuthConfig config;
    private final boolean devHeader;
    private final ObjectMapper json;

    /** True when bearer tokens that are not Sextant API tokens go to the OIDC extension. */
    private final boolean oidc;

    SextantAuthMechanism(
            AuthConfig config,
            ObjectMapper json,
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false") boolean oidc) {
        this.config = config;
        this.json = json;
        this.oidc = oidc;
        this.devHeader = devHeaderAllowed(config);
    }

    /** Runs before the OIDC extension's mechanism, which sees only bearer tokens this one leaves. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }

    /** The development header works only in the dev and test launch modes, whatever the configuration says. */
    static boolean devHeaderAllowed(AuthConfig config) {
        return config.devHeader() && LaunchMode.current() != LaunchMode.NORMAL;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.devHeader() && !devHeader) {
            LOG.warn("sextant.auth.dev-header is set but ignored: the development header never works in production");
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        SignInRequest.Credential credential;
        try {
            credential = credential(context);
        } catch (IllegalArgumentException e) {
            context.put(FAILURE, "malformed-credentials");
            return Uni.createFrom().failure(new AuthenticationFailedException("malformed Authorization header"));
        }
        if (credential == null) {
            return Uni.createFrom().nullItem();
        }
        var address = context.request().remoteAddress();
        AuthenticationRequest request = HttpSecurityUtils.setRoutingContextAttribute(
                new SignInRequest(credential, address == null ? null : address.hostAddress()), context);
        Uni<SecurityIdentity> identity = identities.authenticate(request);
        if (credential instanceof SignInRequest.SessionCookie) {
            // A session that ended is no error: the caller is anonymous (and may sign in again).
            identity = identity.onFailure(AuthenticationFailedException.class).recoverWithNull();
        }
        return identity;
    }

    private SignInRequest.Credential credential(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            int space = authorization.indexOf(' ');
            String scheme = space < 0 ? authorization : authorization.substring(0, space);
            String value = space < 0 ? "" : authorization.substring(space + 1).strip();
            if (scheme.equalsIgnoreCase("Bearer")) {
                // A provider's token (OIDC on) is the OIDC mechanism's to check.
                return oidc && !value.startsWith("sxt_") ? null : new SignInRequest.Bearer(value);
            }
            if (scheme.equalsIgnoreCase("Basic")) {
                String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("Basic credentials without ':'");
                }
                return new SignInRequest.Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
            }
            throw new IllegalArgumentException("unsupported authorization scheme");
        }
        if (devHeader) {
            String user = context.request().getHeader(DEV_HEADER);
            if (user != null && !user.isBlank()) {
                return new SignInRequest.DevHeader(user.strip());
            }
        }
        Cookie cookie = context.request().getCookie(config.sessionCookie());
        if (cookie == null || cookie.getValue().isEmpty()) {
            return null;
        }
        if (!SAFE_METHODS.contains(context.request().method().name())
                && !CsrfToken.matches(cookie.getValue(), context.request().getHeader(CsrfToken.HEADER))) {
            // A browser sends the cookie with a request another site makes it send; only a page
            // of Sextant's can read the token that must come with it.
            context.put(FAILURE, "csrf-token-invalid");
            return null;
        }
        return new SignInRequest.SessionCookie(cookie.getValue());
    }

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        Long retryAfter = context.get(RETRY_AFTER);
        if (retryAfter != null) {
            return Uni.createFrom().item(new ChallengeData(429, "Retry-After", Long.toString(retryAfter)));
        }
        if ("csrf-token-invalid".equals(context.get(FAILURE))) {
            return Uni.createFrom().item(new ChallengeData(403, "Cache-Control", "no-store"));
        }
        if (context.request().getHeader("X-Requested-With") != null) {
            // a script of the web UI: no Basic challenge, so the browser shows no password dialog
            return Uni.createFrom().item(new ChallengeData(401, "Cache-Control", "no-store"));
        }
        return Uni.createFrom()
                .item(new ChallengeData(401, "WWW-Authenticate", "Basic realm=\"Sextant\", charset=\"UTF-8\""));
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return getChallenge(context).map(challenge -> {
            var response = context.response();
            if (response.ended() || response.headWritten()) {
                return true;
            }
            response.setStatusCode(challenge.status);
            challenge.getHeaders().forEach((name, value) -> response.headers().set(name, value));
            response.headers().set(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
            response.end(body(context, challenge.status));
            return true;
        });
    }

    private String body(RoutingContext context, int status) {
        String code = status == 429
                ? "too-many-failed-logins"
                : context.get(FAILURE) instanceof String failure ? failure : "unauthenticated";
        String detail = status == 429
                ? "Too many failed sign-ins for this user or from this address; try again later."
                : code.equals("csrf-token-invalid")
                        ? "A request made with the session cookie needs the " + CsrfToken.HEADER + " header (the value"
                                + " of the " + CsrfToken.COOKIE + " cookie)."
                        : code.equals("unauthenticated")
                                ? "Sign in: HTTP Basic (user and password or API token), a Bearer API token, or a session"
                                        + " from POST /api/v1/auth/login."
                                : "The credentials were not accepted.";
        try {
            return json.writeValueAsString(Problem.of(
                    status,
                    status == 429 ? "Too Many Requests" : status == 403 ? "Forbidden" : "Unauthorized",
                    code,
                    detail,
                    null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(SignInRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom()
                .item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "sextant"));
    }
}
