package io.sextant.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the whole process — JVM heap and the warehouse's native memory (DuckDB allocates outside
 * the heap, and not everything it allocates obeys its memory_limit) — inside a budget: it reads
 * the process's resident memory ten times a second while statements run and, once it passes the
 * budget less a headroom, cancels every running statement. The headroom is for what a cancelled
 * statement still allocates before the warehouse notices the cancel (DuckDB: up to about 1.7 GB
 * in a big ordered aggregate). Statements it cancelled fail with {@code query-too-expensive}.
 * Off where the resident size cannot be read (it reads Linux's /proc/self/status).
 */
final class MemoryWatchdog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MemoryWatchdog.class);
    private static final Path STATUS = Path.of("/proc/self/status");

    private final long tripBytes;
    private final Set<Cancellation> running = ConcurrentHashMap.newKeySet();
    private final Set<Cancellation> stopped = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    MemoryWatchdog(long budgetBytes, long headroomBytes) {
        this.tripBytes = headroomBytes < budgetBytes ? budgetBytes - headroomBytes : budgetBytes / 2;
        if (budgetBytes <= 0 || residentBytes() < 0) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sextant-memory-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Watches a statement while it runs. */
    void watch(Cancellation cancellation) {
        running.add(cancellation);
    }

    /** Stops watching; true when the watchdog cancelled it. */
    boolean release(Cancellation cancellation) {
        running.remove(cancellation);
        return stopped.remove(cancellation);
    }

    private void check() {
        if (running.isEmpty()) {
            return; // nothing to cancel: no need to read the process's memory
        }
        long rss = residentBytes();
        if (rss > tripBytes) {
            LOG.warnf(
                    "Resident memory %d MB is over %d MB (the budget less its headroom): cancelling %d running"
                            + " statement(s)",
                    rss >> 20, tripBytes >> 20, running.size());
            for (Cancellation c : running) {
                stopped.add(c);
                c.cancel();
            }
        }
    }

    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no procfs
        }
        return -1;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
