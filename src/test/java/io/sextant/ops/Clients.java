package io.sextant.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Clients on virtual threads, each running its step again and again until {@link #stop()}. */
final class Clients {

    /** One step of client {@code client}, the {@code i}-th it runs. */
    interface Step {
        void run(int client, int i);
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    private Clients(int count, Step step) {
        for (int t = 0; t < count; t++) {
            int client = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; running.get(); i++) {
                    step.run(client, i);
                }
            }));
        }
    }

    static Clients start(int count, Step step) {
        return new Clients(count, step);
    }

    /** Lets every client finish its step, waiting up to {@code seconds} for each. */
    void stop(int seconds) throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(seconds * 1_000L);
        }
    }
}
