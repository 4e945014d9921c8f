package io.sextant.search;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The chunk index's size as meters ({@code sextant_index_chunks}, {@code sextant_index_size_bytes}),
 * measured every 30 seconds off the scrape: counting a server-mode index is a query, and a scrape
 * must neither wait for it nor fail when the database is away (the meters keep their last value).
 */
@ApplicationScoped
class IndexMetrics {

    private static final Logger LOG = Logger.getLogger(IndexMetrics.class);

    private final ChunkIndex index;
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private ScheduledExecutorService timer;

    IndexMetrics(ChunkIndex index, MeterRegistry metrics) {
        this.index = index;
        Gauge.builder("sextant.index.chunks", chunks, AtomicLong::get)
                .description("Chunks in the document and semantic index")
                .tag("kind", index.kind())
                .register(metrics);
        Gauge.builder("sextant.index.size", bytes, AtomicLong::get)
                .description("Bytes the chunk index takes (files, or tables with their indexes)")
                .baseUnit("bytes")
                .tag("kind", index.kind())
                .register(metrics);
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sextant-index-metrics");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::measure, 0, 30, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void measure() {
        try {
            chunks.set(index.chunkCount());
            bytes.set(index.sizeBytes());
        } catch (RuntimeException e) {
            LOG.debugf("Measuring the index failed: %s", e.getMessage());
        }
    }
}
