package io.sextant.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.sextant.RateLimited;
import io.sextant.SextantException;
import io.sextant.access.AuthConfig;
import io.sextant.access.Credentials;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Checks the credential of a request against the app database (on a worker thread). */
@ApplicationScoped
class SextantIdentityProvider implements IdentityProvider<SignInRequest> {

    /** Identity attribute holding the {@link io.sextant.access.Principal}. */
    static final String PRINCIPAL = "sextant.principal";

    /** Identity attribute holding the {@link Credentials.Method}. */
    static final String METHOD = "sextant.method";

    static final String ROLE_USER = "user";
    static final String ROLE_ADMIN = "admin";

    private final Credentials credentials;
    private final AuthConfig config;

    SextantIdentityProvider(Credentials credentials, AuthConfig config) {
        this.credentials = credentials;
        this.config = config;
    }

    @Override
    public Class<SignInRequest> getRequestType() {
        return SignInRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SignInRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> identity(request));
    }

    private SecurityIdentity identity(SignInRequest request) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        Optional<Credentials.Authenticated> found;
        try {
            found = switch (request.credential) {
                case SignInRequest.Basic b ->
                    Optional.of(credentials.password(b.user(), b.secret(), request.clientAddress, false));
                case SignInRequest.Bearer b -> credentials.token(b.token());
                case SignInRequest.SessionCookie c -> credentials.session(c.value());
                case SignInRequest.DevHeader d -> credentials.devHeader(d.user());
            };
        } catch (RateLimited e) {
            if (routing != null) {
                routing.put(SextantAuthMechanism.RETRY_AFTER, e.retryAfterSeconds());
            }
            throw new AuthenticationFailedException(e.getMessage());
        } catch (SextantException e) {
            if (routing != null) {
                routing.put(SextantAuthMechanism.FAILURE, e.code());
            }
            throw new AuthenticationFailedException(e.getMessage());
        }
        Credentials.Authenticated who = found.orElseThrow(() -> {
            if (routing != null) {
                routing.put(SextantAuthMechanism.FAILURE, "invalid-credentials");
            }
            return new AuthenticationFailedException("unknown or expired credential");
        });
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(who.user().id()))
                .addRole(ROLE_USER)
                .addAttribute(PRINCIPAL, who.user().principal())
                .addAttribute(METHOD, who.method());
        if (who.user().groups().contains(config.adminGroup())) {
            identity.addRole(ROLE_ADMIN);
        }
        return identity.build();
    }
}
