package io.sextant.sql;

import io.sextant.SextantException;

/**
 * Counts what a result holds as it is read and ends the statement once a value or the whole
 * result is larger than allowed, before more is buffered or sent.
 */
final class ResultBudget {

    private final long maxBytes;
    private final long maxCellBytes;
    private long bytes;

    ResultBudget(long maxBytes, long maxCellBytes) {
        this.maxBytes = maxBytes;
        this.maxCellBytes = maxCellBytes;
    }

    /** Accounts one value (already converted by {@code QueryRunner.value}). */
    void add(Object value) {
        long size = switch (value) {
            case null -> 1;
            case String s -> s.length();
            default -> 8;
        };
        if (size > maxCellBytes) {
            throw new SextantException(
                    SextantException.Kind.TOO_LARGE,
                    "result-too-large",
                    "A value of the result is larger than " + maxCellBytes + " bytes; the query was stopped.");
        }
        bytes += size;
        if (bytes > maxBytes) {
            throw new SextantException(
                    SextantException.Kind.TOO_LARGE,
                    "result-too-large",
                    "The result is larger than " + maxBytes + " bytes; the query was stopped. Select fewer"
                            + " columns or rows, or aggregate.");
        }
    }
}
