package io.sextant.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Acme demo company, generated on first start when no warehouse is configured. */
@ConfigMapping(prefix = "sextant.demo")
public interface DemoConfig {

    /** Generate (once) and serve the Acme demo when {@code sextant.warehouse.url} is unset. */
    @WithDefault("true")
    boolean enabled();

    /** Seed of the generator: the same seed gives the same data. */
    @WithDefault("20240617")
    long seed();

    /** Number of orders to generate (about 2.2 order lines each). */
    @WithDefault("110000")
    int orders();

    /** Throw the existing demo away and generate it again at this start. */
    @WithDefault("false")
    boolean regenerate();
}
