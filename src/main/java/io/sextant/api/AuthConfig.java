package io.sextant.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How callers are identified. */
@ConfigMapping(prefix = "sextant.auth")
public interface AuthConfig {

    /**
     * Trust the {@value Principals#DEV_HEADER} header as the caller's user id. For development and
     * tests only: anyone can claim any user with it. Off unless the dev or test profile is active.
     */
    @WithDefault("false")
    boolean devHeader();
}
