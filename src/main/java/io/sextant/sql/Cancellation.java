package io.sextant.sql;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Lets whoever started a query stop it, e.g. when the client goes away. Thread-safe; cancelling
 * before the statement starts stops it as soon as it does.
 */
public final class Cancellation {

    private Statement statement;
    private boolean cancelled;

    /** Stops the running statement, if any, and any statement attached later. */
    public void cancel() {
        Statement running;
        synchronized (this) {
            cancelled = true;
            running = statement;
        }
        cancel(running);
    }

    public synchronized boolean cancelled() {
        return cancelled;
    }

    void attach(Statement statement) {
        boolean already;
        synchronized (this) {
            this.statement = statement;
            already = cancelled;
        }
        if (already) {
            cancel(statement);
        }
    }

    synchronized void detach() {
        statement = null;
    }

    private static void cancel(Statement statement) {
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException | RuntimeException e) {
                // The statement finished or its connection closed: nothing left to stop.
            }
        }
    }
}
