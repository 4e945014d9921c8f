package io.sextant.sql;

/** Thrown by a guard stage that refuses the statement; the guard turns it into its answer. */
final class GuardRefusal extends RuntimeException {

    private final GuardError error;

    GuardRefusal(GuardError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    GuardError error() {
        return error;
    }
}
