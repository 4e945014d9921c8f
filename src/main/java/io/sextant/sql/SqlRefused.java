package io.sextant.sql;

import io.sextant.SextantException;
import java.util.List;

/** The guard refused a statement someone asked to run; carries the guard's errors. */
public final class SqlRefused extends SextantException {

    private final List<GuardError> errors;

    public SqlRefused(List<GuardError> errors) {
        super(Kind.UNPROCESSABLE, errors.get(0).code(), errors.get(0).describe());
        this.errors = List.copyOf(errors);
    }

    public List<GuardError> errors() {
        return errors;
    }
}
