package io.sextant.search;

import io.sextant.StorageConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Where the search indexes live. */
@ConfigMapping(prefix = "sextant.index")
public interface IndexConfig {

    /** Directory of the embedded (Lucene) indexes; unset means {@code index} in the data directory. */
    Optional<Path> dir();

    /** Which implementation holds the chunks. */
    enum Kind {
        /** Lucene directory under {@link #dir()}. */
        LUCENE,
        /** Tables in the app database, which must then be PostgreSQL with pgvector. */
        POSTGRESQL
    }

    /** The chunk index implementation: lucene (embedded) or postgresql (server mode). */
    @WithDefault("lucene")
    Kind kind();

    /** Schema of the index tables when the kind is postgresql. */
    @WithDefault("sextant_index")
    String postgresqlSchema();

    /** How many candidates each side (lexical, vector) contributes before fusion. */
    @WithDefault("50")
    int candidates();

    /** Reciprocal-rank-fusion constant. */
    @WithDefault("60")
    int rrfK();

    /** The in-process embedding model: bge-small-en-v15-q or all-minilm-l6-v2. */
    @WithDefault("bge-small-en-v15-q")
    OnnxEmbedder.Model embeddingModel();

    /** Texts per call to the embedding model. */
    @WithDefault("32")
    int embeddingBatchSize();

    /** The effective index directory. */
    default Path directory(StorageConfig storage) {
        return dir().orElseGet(() -> storage.dataDir().resolve("index"));
    }
}
