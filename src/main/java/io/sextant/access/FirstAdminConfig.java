package io.sextant.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The first admin of a deployment, from {@code SEXTANT_ADMIN_PASSWORD} (and {@code
 * SEXTANT_ADMIN_USER}): created on a start when no admin exists.
 */
@ConfigMapping(prefix = "sextant")
public interface FirstAdminConfig {

    /** Password of the admin to create when none exists; unset: none is created. */
    Optional<String> adminPassword();

    /** User id of that admin. */
    @WithDefault("admin")
    String adminUser();
}
