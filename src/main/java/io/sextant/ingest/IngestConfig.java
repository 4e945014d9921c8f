package io.sextant.ingest;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** How documents are cut into chunks and how much is accepted. */
@ConfigMapping(prefix = "sextant.ingest")
public interface IngestConfig {

    /** Largest chunk in characters. */
    @WithDefault("1000")
    int chunkSize();

    /** Characters of a chunk repeated at the start of the next one in the same section. */
    @WithDefault("150")
    int chunkOverlap();

    /** Largest document accepted. */
    @WithDefault("20M")
    MemorySize maxDocumentSize();

    /**
     * Folders on the server that bulk ingestion through the API may read, with everything below
     * them; unset, bulk ingestion from server paths is off. Symbolic links that lead outside the
     * folder being ingested are skipped.
     */
    Optional<List<Path>> allowedRoots();

    /** Documents embedded and committed together during bulk ingestion. */
    @WithDefault("16")
    int bulkBatch();
}
