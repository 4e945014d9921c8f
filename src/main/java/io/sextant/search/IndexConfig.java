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

    /** Where embeddings come from. */
    enum EmbeddingProvider {
        /** An in-process ONNX model shipped with Sextant ({@link #embeddingModel()}). */
        ONNX,
        /** An OpenAI-compatible embeddings API ({@link #embeddingApi()}). */
        OPENAI
    }

    /** Where embeddings come from: onnx (in-process, default) or openai (an OpenAI-compatible API). */
    @WithDefault("onnx")
    EmbeddingProvider embeddingProvider();

    /** The OpenAI-compatible embeddings API, used when the provider is openai. */
    EmbeddingApi embeddingApi();

    /** Settings of an OpenAI-compatible embeddings API. */
    interface EmbeddingApi {
        /** Base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1 for Ollama. */
        @WithDefault("http://localhost:11434/v1")
        String baseUrl();

        /** API key, if the server wants one. */
        java.util.Optional<String> apiKey();

        /** Model name, e.g. text-embedding-3-small or nomic-embed-text. */
        @WithDefault("nomic-embed-text")
        String model();

        /** Longest one call may take. */
        @WithDefault("30s")
        java.time.Duration timeout();

        /** Retries of a failed call. */
        @WithDefault("2")
        int maxRetries();
    }

    /** The in-process embedding model: bge-small-en-v15-q or all-minilm-l6-v2. */
    @WithDefault("bge-small-en-v15-q")
    OnnxEmbedder.Model embeddingModel();

    /** Texts per call to the embedding model. */
    @WithDefault("32")
    int embeddingBatchSize();

    /** Query vectors kept for questions and searches asked again (0: none). */
    @WithDefault("10000")
    int queryCacheSize();

    /** The effective index directory. */
    default Path directory(StorageConfig storage) {
        return dir().orElseGet(() -> storage.dataDir().resolve("index"));
    }
}
