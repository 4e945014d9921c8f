package io.sextant.curation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The verified-query lifecycle. */
@ConfigMapping(prefix = "sextant.curation")
public interface CurationConfig {

    /**
     * How often every verified query is checked again (guard, run as its owner, result shape);
     * they are also checked within a minute of every semantic-model reload.
     */
    @WithDefault("6h")
    Duration revalidateEvery();
}
