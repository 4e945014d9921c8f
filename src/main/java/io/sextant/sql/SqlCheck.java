package io.sextant.sql;

import java.util.List;
import java.util.Optional;

/** What the guard decided about one statement: accepted as {@link CheckedSql}, or refused with errors. */
public record SqlCheck(Optional<CheckedSql> statement, List<GuardError> errors) {

    public SqlCheck {
        errors = List.copyOf(errors);
        if (statement.isPresent() == !errors.isEmpty()) {
            throw new IllegalArgumentException("a check either accepts a statement or lists errors");
        }
    }

    static SqlCheck accepted(CheckedSql statement) {
        return new SqlCheck(Optional.of(statement), List.of());
    }

    static SqlCheck refused(GuardError error) {
        return new SqlCheck(Optional.empty(), List.of(error));
    }

    public boolean accepted() {
        return statement.isPresent();
    }

    /** The accepted statement; throws when the statement was refused. */
    public CheckedSql checked() {
        return statement.orElseThrow(() -> new IllegalStateException("refused: " + errors));
    }
}
