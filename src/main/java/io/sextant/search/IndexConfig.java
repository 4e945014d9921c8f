package io.sextant.search;

import io.sextant.StorageConfig;
import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** Where the search indexes live. */
@ConfigMapping(prefix = "sextant.index")
public interface IndexConfig {

    /** Directory of the embedded (Lucene) indexes; unset means {@code index} in the data directory. */
    Optional<Path> dir();

    /** The effective index directory. */
    default Path directory(StorageConfig storage) {
        return dir().orElseGet(() -> storage.dataDir().resolve("index"));
    }
}
