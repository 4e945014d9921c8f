package io.sextant.sql;

import io.sextant.RateLimited;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many statements run at once, per user and overall. A statement waits for a slot up
 * to the queue timeout, then is refused (429 with Retry-After), so a flood of slow queries queues
 * instead of exhausting the warehouse or the server.
 */
final class Slots {

    /** A held slot; closing it frees it. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final Semaphore overall;
    private final int perUser;
    private final Duration wait;
    private final ConcurrentHashMap<String, Semaphore> users = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    Slots(int overall, int perUser, Duration wait) {
        this.overall = new Semaphore(Math.max(1, overall), true);
        this.perUser = Math.max(1, perUser);
        this.wait = wait;
    }

    /** Takes a slot for the user, waiting at most the queue timeout. */
    Slot acquire(String user) {
        Semaphore mine = users.computeIfAbsent(user, u -> new Semaphore(perUser, true));
        waiting.incrementAndGet();
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            if (!mine.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy("You have " + perUser + " queries running; wait for one to finish.");
            }
            try {
                if (!overall.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw busy("The warehouse is busy with other queries; try again shortly.");
                }
            } catch (RuntimeException | InterruptedException e) {
                mine.release();
                throw e;
            }
            return () -> {
                overall.release();
                mine.release();
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("Interrupted while waiting for a free slot.");
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Statements waiting for a slot right now. */
    int waiting() {
        return waiting.get();
    }

    private RateLimited busy(String message) {
        return new RateLimited("too-many-queries", message, Math.max(1, wait.toSeconds()));
    }
}
