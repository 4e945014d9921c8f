package io.sextant.catalog;

import java.nio.file.Path;

/**
 * One problem found in a semantic model, pinned to a file and line.
 *
 * @param code stable, kebab-case identifier of the kind of problem (e.g. {@code unknown-column})
 */
public record ModelIssue(Path file, int line, Severity severity, String code, String message) {

    /** Errors make the model unusable where they occur; warnings are worth a look. */
    public enum Severity {
        ERROR,
        WARNING
    }

    public static ModelIssue error(Path file, int line, String code, String message) {
        return new ModelIssue(file, line, Severity.ERROR, code, message);
    }

    public static ModelIssue warning(Path file, int line, String code, String message) {
        return new ModelIssue(file, line, Severity.WARNING, code, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line: error [code] message}, the form compilers use. */
    @Override
    public String toString() {
        return file.getFileName() + ":" + line + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + " [" + code
                + "] " + message;
    }
}
