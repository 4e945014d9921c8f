package io.sextant.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for an embedding model in tests: a bag of hashed words, normalised.
 * Texts sharing words get similar vectors. Counts the texts it embedded and can be told to
 * fail after a number of calls, to simulate a crash mid-ingestion.
 */
public final class HashingEmbedder implements Embedder {

    public static final int DIMENSION = 64;

    public final AtomicInteger texts = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final int failAfterCalls;

    public HashingEmbedder() {
        this(Integer.MAX_VALUE);
    }

    public HashingEmbedder(int failAfterCalls) {
        this.failAfterCalls = failAfterCalls;
    }

    @Override
    public String modelName() {
        return "hashing-test-embedder";
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public List<float[]> embed(List<String> batch) {
        if (calls.incrementAndGet() > failAfterCalls) {
            throw new IllegalStateException("simulated crash of the embedding model");
        }
        texts.addAndGet(batch.size());
        List<float[]> vectors = new ArrayList<>();
        for (String text : batch) {
            float[] v = new float[DIMENSION];
            for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                if (!word.isEmpty()) {
                    v[Math.floorMod(word.hashCode(), DIMENSION)] += 1;
                }
            }
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            if (norm == 0) {
                v[0] = 1; // cosine needs a non-zero vector
                norm = 1;
            }
            for (int i = 0; i < DIMENSION; i++) {
                v[i] = (float) (v[i] / Math.sqrt(norm));
            }
            vectors.add(v);
        }
        return vectors;
    }
}
