package io.sextant.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * How a token from an OpenID Connect provider becomes a Sextant user. The provider itself is
 * configured with Quarkus' {@code quarkus.oidc.*} settings (off unless {@code
 * quarkus.oidc.tenant-enabled=true}).
 */
@ConfigMapping(prefix = "sextant.auth.oidc")
public interface OidcConfig {

    /** Claim holding the user id. */
    @WithDefault("preferred_username")
    String userClaim();

    /** Claim holding the user's display name. */
    @WithDefault("name")
    String nameClaim();

    /** Claim holding the user's groups at the provider. */
    @WithDefault("groups")
    String groupsClaim();

    /**
     * Provider group to Sextant group; a provider group that is not listed keeps its name. Only
     * groups that exist in Sextant are given.
     */
    Map<String, String> groupMap();

    /** Sextant user attribute (e.g. region) to the claim it is read from. */
    Map<String, String> attributeClaims();
}
