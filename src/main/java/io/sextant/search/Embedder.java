package io.sextant.search;

import java.util.List;

/** Turns text into vectors. Implementations are thread-safe and batch internally. */
public interface Embedder {

    /** Identifies the model; an index refuses vectors of another model. */
    String modelName();

    /** Length of every vector this embedder returns. */
    int dimension();

    /** Embeds texts in order, one vector each. */
    List<float[]> embed(List<String> texts);

    /** Embeds a search query. */
    default float[] embedQuery(String query) {
        return embed(List.of(query)).get(0);
    }
}
