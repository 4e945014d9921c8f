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

    /**
     * The ask suite the change gate runs (on the server, for gated imports and model reloads). Its
     * users must exist here.
     */
    @WithDefault("eval/ask/acme.yaml")
    java.nio.file.Path gateSuite();

    /**
     * When true every verified-query import and model reload must pass the change gate (else only
     * those that ask for it with {@code gate=true}).
     */
    @WithDefault("false")
    boolean requireGate();
}
