package io.sextant.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;

/**
 * An embedder that remembers the vectors of recent queries (bounded, least recently used out):
 * a question or search asked again needs no model call, which is what bounds the verified path
 * and search under load. Documents are never cached. Counts texts, calls and cache hits.
 */
final class CachingEmbedder implements Embedder {

    private final Embedder delegate;
    private final Cache<String, float[]> queries;
    private final Counter hits;
    private final Counter misses;
    private final Counter texts;
    private final Timer calls;

    CachingEmbedder(Embedder delegate, int size, MeterRegistry metrics) {
        this.delegate = delegate;
        this.queries = Caffeine.newBuilder().maximumSize(Math.max(0, size)).build();
        this.hits = metrics.counter("sextant.embedder.query.cache", "result", "hit");
        this.misses = metrics.counter("sextant.embedder.query.cache", "result", "miss");
        this.texts = metrics.counter("sextant.embedder.texts", "model", delegate.modelName());
        this.calls = metrics.timer("sextant.embedder.calls", "model", delegate.modelName());
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public List<float[]> embed(List<String> batch) {
        texts.increment(batch.size());
        return calls.record(() -> delegate.embed(batch));
    }

    @Override
    public float[] embedQuery(String query) {
        float[] cached = queries.getIfPresent(query);
        if (cached != null) {
            hits.increment();
            return cached.clone();
        }
        misses.increment();
        texts.increment();
        float[] vector = calls.record(() -> delegate.embedQuery(query));
        queries.put(query, vector.clone());
        return vector;
    }
}
