package io.sextant.search;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 running in-process through ONNX Runtime; the weights ship in a Maven artifact,
 * so nothing is downloaded.
 */
public final class OnnxEmbedder implements Embedder {

    public static final String MODEL = "all-minilm-l6-v2";
    private static final int DIMENSION = 384;

    private final int batchSize;
    private volatile EmbeddingModel model;

    public OnnxEmbedder(int batchSize) {
        this.batchSize = batchSize;
    }

    /** Loads the model on first use (about a second), so a start that embeds nothing skips it. */
    private EmbeddingModel model() {
        EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                if (model == null) {
                    model = new AllMiniLmL6V2EmbeddingModel();
                }
                loaded = model;
            }
        }
        return loaded;
    }

    @Override
    public String modelName() {
        return MODEL;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<TextSegment> batch = texts.subList(from, Math.min(texts.size(), from + batchSize)).stream()
                    .map(TextSegment::from)
                    .toList();
            for (Embedding embedding : model().embedAll(batch).content()) {
                vectors.add(embedding.vector());
            }
        }
        return vectors;
    }
}
