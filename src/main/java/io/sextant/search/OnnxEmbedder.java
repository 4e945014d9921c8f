package io.sextant.search;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.List;
import java.util.function.Supplier;

/**
 * An embedding model running in-process through ONNX Runtime; the weights ship in Maven
 * artifacts, so nothing is downloaded.
 */
public final class OnnxEmbedder implements Embedder {

    /** The models Sextant ships. */
    public enum Model {
        /** sentence-transformers all-MiniLM-L6-v2, 384 dimensions. */
        ALL_MINILM_L6_V2("all-minilm-l6-v2", "", AllMiniLmL6V2EmbeddingModel::new),
        /** BAAI bge-small-en-v1.5, int8-quantised, 384 dimensions; queries carry its instruction. */
        BGE_SMALL_EN_V15_Q(
                "bge-small-en-v1.5-q",
                "Represent this sentence for searching relevant passages: ",
                BgeSmallEnV15QuantizedEmbeddingModel::new);

        private final String id;
        private final String queryPrefix;
        private final Supplier<EmbeddingModel> factory;

        Model(String id, String queryPrefix, Supplier<EmbeddingModel> factory) {
            this.id = id;
            this.queryPrefix = queryPrefix;
            this.factory = factory;
        }

        public String id() {
            return id;
        }
    }

    private static final int DIMENSION = 384;

    private final Model model;
    private final int batchSize;
    private volatile EmbeddingModel loaded;

    public OnnxEmbedder(Model model, int batchSize) {
        this.model = model;
        this.batchSize = batchSize;
    }

    @Override
    public String modelName() {
        return model.id;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        return Batches.embed(model(), texts, batchSize);
    }

    @Override
    public float[] embedQuery(String query) {
        return embed(List.of(model.queryPrefix + query)).get(0);
    }

    /** Loads the model on first use (about a second), so a start that embeds nothing skips it. */
    private EmbeddingModel model() {
        EmbeddingModel current = loaded;
        if (current == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = model.factory.get();
                }
                current = loaded;
            }
        }
        return current;
    }
}
