package io.sextant.api;

import io.sextant.SextantException;
import io.sextant.access.Directory;
import io.sextant.access.Principal;
import jakarta.enterprise.context.ApplicationScoped;

/** Resolves the principal of a request. */
@ApplicationScoped
class Principals {

    /** Development-only header naming the user a request acts as. */
    static final String DEV_HEADER = "X-Sextant-User";

    private final AuthConfig config;
    private final Directory directory;

    Principals(AuthConfig config, Directory directory) {
        this.config = config;
        this.directory = directory;
    }

    Principal resolve(String devHeaderValue) {
        if (!config.devHeader()) {
            throw new SextantException(
                    SextantException.Kind.UNAUTHENTICATED,
                    "unauthenticated",
                    "No authentication is configured: this version identifies callers only by the development header,"
                            + " which is off outside the dev and test profiles (sextant.auth.dev-header)");
        }
        if (devHeaderValue == null || devHeaderValue.isBlank()) {
            throw new SextantException(
                    SextantException.Kind.UNAUTHENTICATED,
                    "unauthenticated",
                    "Say who you are with the " + DEV_HEADER + " header");
        }
        return directory
                .principal(devHeaderValue.strip())
                .orElseThrow(() -> new SextantException(
                        SextantException.Kind.UNAUTHENTICATED,
                        "unknown-user",
                        "No user '" + devHeaderValue.strip() + "'"));
    }
}
