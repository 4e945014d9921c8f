package io.sextant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Where Sextant keeps everything it writes in embedded mode. */
@ConfigMapping(prefix = "sextant")
public interface StorageConfig {

    /** Directory for the app database, demo warehouse, documents, semantic model and indexes. */
    @WithDefault("./data")
    Path dataDir();
}
