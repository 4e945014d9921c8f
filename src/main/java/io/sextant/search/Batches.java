package io.sextant.search;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/** Feeds texts to a LangChain4j embedding model a batch at a time, keeping their order. */
final class Batches {

    private Batches() {}

    static List<float[]> embed(EmbeddingModel model, List<String> texts, int batchSize) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<TextSegment> batch = texts.subList(from, Math.min(texts.size(), from + batchSize)).stream()
                    .map(TextSegment::from)
                    .toList();
            List<Embedding> embeddings = model.embedAll(batch).content();
            if (embeddings.size() != batch.size()) {
                throw new IllegalStateException(
                        "the model returned " + embeddings.size() + " vectors for " + batch.size() + " texts");
            }
            embeddings.forEach(e -> vectors.add(e.vector()));
        }
        return vectors;
    }
}
