package io.sextant.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.sextant.SextantException;
import io.sextant.access.Credentials;
import io.sextant.access.Principal;
import jakarta.enterprise.context.ApplicationScoped;

/** The signed-in caller of the current request, as the rest of Sextant sees it. */
@ApplicationScoped
class Principals {

    private final SecurityIdentity identity;

    Principals(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's principal; 401 when the request is anonymous. */
    Principal current() {
        Principal principal = identity.getAttribute(SextantIdentityProvider.PRINCIPAL);
        if (identity.isAnonymous() || principal == null) {
            throw new SextantException(
                    SextantException.Kind.UNAUTHENTICATED, "unauthenticated", "Sign in to use this endpoint");
        }
        return principal;
    }

    /** The caller's user id. */
    String userId() {
        return current().userId();
    }

    /** True when the caller is a member of the admin group. */
    boolean admin() {
        return !identity.isAnonymous() && identity.hasRole(SextantIdentityProvider.ROLE_ADMIN);
    }

    /** How the caller signed in. */
    Credentials.Method method() {
        current();
        return identity.getAttribute(SextantIdentityProvider.METHOD);
    }
}
