package io.sextant.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.sextant.access.AuthConfig;
import io.sextant.access.Credentials;
import io.sextant.access.Directory;
import io.sextant.access.OidcConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns an identity that the OIDC extension verified (a provider's token) into a Sextant user:
 * the user claim names it, the groups claim (mapped by {@code sextant.auth.oidc.group-map}) gives
 * its groups, configured claims its attributes; the user is created or updated in the directory,
 * so row policies, ACLs, conversations and the audit log treat it like any other user.
 */
@ApplicationScoped
class OidcPrincipals implements SecurityIdentityAugmentor {

    private final Directory directory;
    private final OidcConfig oidc;
    private final AuthConfig auth;

    OidcPrincipals(Directory directory, OidcConfig oidc, AuthConfig auth) {
        this.directory = directory;
        this.oidc = oidc;
        this.auth = auth;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()
                || identity.getAttribute(SextantIdentityProvider.PRINCIPAL) != null
                || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> toSextant(token));
    }

    private SecurityIdentity toSextant(JsonWebToken token) {
        String id = claim(token, oidc.userClaim());
        if (id == null) {
            id = token.getSubject();
        }
        Set<String> groups = new TreeSet<>();
        Object claimed = token.getClaim(oidc.groupsClaim());
        if (claimed instanceof Collection<?> values) {
            values.forEach(v -> groups.add(map(unquote(String.valueOf(v)))));
        } else if (claimed instanceof jakarta.json.JsonArray array) {
            array.forEach(v -> groups.add(map(unquote(v.toString()))));
        } else if (claimed != null) {
            groups.add(map(unquote(claimed.toString())));
        }
        Map<String, String> attributes = new HashMap<>();
        oidc.attributeClaims().forEach((attribute, name) -> {
            String value = claim(token, name);
            if (value != null) {
                attributes.put(attribute, value);
            }
        });
        Directory.User user = directory
                .provision(id, claim(token, oidc.nameClaim()), claim(token, "email"), groups, attributes)
                .orElseThrow(() -> new AuthenticationFailedException("the provider's user may not sign in here"));
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.id()))
                .addRole(SextantIdentityProvider.ROLE_USER)
                .addAttribute(SextantIdentityProvider.PRINCIPAL, user.principal())
                .addAttribute(SextantIdentityProvider.METHOD, Credentials.Method.OIDC);
        if (user.groups().contains(auth.adminGroup())) {
            identity.addRole(SextantIdentityProvider.ROLE_ADMIN);
        }
        return identity.build();
    }

    private String map(String group) {
        return oidc.groupMap().getOrDefault(group, group);
    }

    private static String claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        return value == null ? null : unquote(value.toString());
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
