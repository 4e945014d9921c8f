package io.sextant.search;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.sextant.SextantException;
import java.time.Duration;
import java.util.List;

/**
 * Embeddings from an OpenAI-compatible API: OpenAI itself, or a local server that speaks its
 * protocol (Ollama's {@code /v1}, vLLM, llama.cpp, LM Studio). Failures surface as {@code
 * embedding-unavailable}, never as a hung request: every call has a timeout and bounded retries.
 */
public final class ApiEmbedder implements Embedder {

    private final EmbeddingModel model;
    private final String modelName;
    private final int batchSize;
    private volatile int dimension;

    public ApiEmbedder(
            String baseUrl, String apiKey, String modelName, int batchSize, Duration timeout, int maxRetries) {
        this.model = OpenAiEmbeddingModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey == null || apiKey.isBlank() ? "none" : apiKey)
                .modelName(modelName)
                .timeout(timeout)
                .maxRetries(maxRetries)
                .build();
        this.modelName = modelName;
        this.batchSize = batchSize;
    }

    @Override
    public String modelName() {
        return "api:" + modelName;
    }

    /** Learned from the first answer: the API does not say it otherwise. */
    @Override
    public int dimension() {
        if (dimension == 0) {
            dimension = embed(List.of("dimension probe")).get(0).length;
        }
        return dimension;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> vectors;
        try {
            vectors = Batches.embed(model, texts, batchSize);
        } catch (RuntimeException e) {
            throw new SextantException(
                    SextantException.Kind.UNAVAILABLE,
                    "embedding-unavailable",
                    "The embedding API (" + modelName + ") failed: " + e.getMessage(),
                    e);
        }
        if (dimension == 0 && !vectors.isEmpty()) {
            dimension = vectors.get(0).length;
        }
        return vectors;
    }
}
