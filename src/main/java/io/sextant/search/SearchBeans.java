package io.sextant.search;

import io.quarkus.arc.DefaultBean;
import io.sextant.SextantException;
import io.sextant.StorageConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** Wires the embedder, the configured chunk index and hybrid search. */
class SearchBeans {

    private static final Logger LOG = Logger.getLogger(SearchBeans.class);

    @Produces
    @Singleton
    @DefaultBean
    Embedder embedder(IndexConfig config, io.micrometer.core.instrument.MeterRegistry metrics) {
        Embedder model = switch (config.embeddingProvider()) {
            case ONNX -> new OnnxEmbedder(config.embeddingModel(), config.embeddingBatchSize());
            case OPENAI -> {
                IndexConfig.EmbeddingApi api = config.embeddingApi();
                LOG.infof("Embeddings from %s (%s)", api.baseUrl(), api.model());
                yield new ApiEmbedder(
                        api.baseUrl(),
                        api.apiKey().orElse(null),
                        api.model(),
                        config.embeddingBatchSize(),
                        api.timeout(),
                        api.maxRetries());
            }
        };
        return new CachingEmbedder(model, config.queryCacheSize(), metrics);
    }

    @Produces
    @Singleton
    ChunkIndex chunkIndex(IndexConfig config, StorageConfig storage, Instance<DataSource> dataSource) {
        return switch (config.kind()) {
            case LUCENE -> {
                Path directory = config.directory(storage)
                        .resolve("chunks")
                        .toAbsolutePath()
                        .normalize();
                LOG.infof("Chunk index: Lucene at %s", directory);
                yield new LuceneChunkIndex(directory);
            }
            case POSTGRESQL -> {
                if (!dataSource.isResolvable()) {
                    throw new SextantException(
                            SextantException.Kind.UNAVAILABLE,
                            "index-unavailable",
                            "sextant.index.kind=postgresql needs the app database to be PostgreSQL (the postgres profile)");
                }
                LOG.infof("Chunk index: PostgreSQL schema %s", config.postgresqlSchema());
                yield new PostgresChunkIndex(dataSource.get(), config.postgresqlSchema());
            }
        };
    }

    void close(@Disposes ChunkIndex index) {
        index.close();
    }

    @Produces
    @Singleton
    HybridSearch hybridSearch(ChunkIndex index, Embedder embedder, IndexConfig config) {
        return new HybridSearch(index, embedder, config.candidates(), config.rrfK());
    }
}
