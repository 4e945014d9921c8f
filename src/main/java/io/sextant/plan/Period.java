package io.sextant.plan;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * A time range a question is restricted to: from {@code start} (inclusive) to {@code end}
 * (exclusive), with the words that named it for the interpretation line.
 */
public record Period(LocalDate start, LocalDate end, String label) {

    public Period {
        requireNonNull(start, "start");
        requireNonNull(end, "end");
        requireNonNull(label, "label");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a period ends after it starts: " + start + " .. " + end);
        }
    }

    /** Two periods are the same when they cover the same days, whatever they were called. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Period p && p.start.equals(start) && p.end.equals(end);
    }

    @Override
    public int hashCode() {
        return start.hashCode() * 31 + end.hashCode();
    }

    @Override
    public String toString() {
        return label + " [" + start + ", " + end + ")";
    }
}
