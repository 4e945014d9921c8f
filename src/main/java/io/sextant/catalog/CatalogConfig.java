package io.sextant.catalog;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** Where the semantic model comes from. */
@ConfigMapping(prefix = "sextant.catalog")
public interface CatalogConfig {

    /** The semantic model YAML file; unset means the demo model in the data directory. */
    Optional<Path> semanticModel();
}
