package io.sextant.sql;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * Why the guard refused a statement: a stable code, a short message written to be fed back to
 * whoever wrote the SQL (a person or a model), names worth trying instead, and where in the SQL.
 *
 * @param line 1-based line of the offending text, 0 when unknown
 * @param column 1-based column of the offending text, 0 when unknown
 * @param denied true when the name exists but the principal may not read it; never shown to the
 *     caller, whose error is the same as for a name that does not exist (so it tells nothing
 *     about what exists), only used inside Sextant (the audit log, the ask pipeline)
 */
public record GuardError(
        String code,
        String message,
        List<String> suggestions,
        int line,
        int column,
        @JsonIgnore boolean denied) {

    public static final String EMPTY = "sql-empty";
    public static final String TOO_LONG = "sql-too-long";
    public static final String PARSE = "sql-parse-error";
    public static final String MULTIPLE_STATEMENTS = "sql-multiple-statements";
    public static final String NOT_A_QUERY = "sql-not-a-query";
    public static final String SELECT_INTO = "sql-select-into";
    public static final String LOCKING = "sql-locking-clause";
    public static final String DENIED_FUNCTION = "sql-denied-function";
    public static final String TABLE_FUNCTION = "sql-table-function";
    public static final String SYSTEM_CATALOG = "sql-system-catalog";
    public static final String CTE_SHADOWS_TABLE = "sql-cte-shadows-table";
    public static final String UNKNOWN_TABLE = "sql-unknown-table";
    public static final String UNKNOWN_COLUMN = "sql-unknown-column";
    public static final String UNKNOWN_FUNCTION = "sql-unknown-function";
    public static final String AMBIGUOUS_COLUMN = "sql-ambiguous-column";
    public static final String TYPE_MISMATCH = "sql-type-mismatch";
    public static final String INVALID = "sql-invalid";
    public static final String RESOURCE_LIMIT = "sql-resource-limit";

    public GuardError(String code, String message, List<String> suggestions, int line, int column) {
        this(code, message, suggestions, line, column, false);
    }

    public GuardError {
        requireNonNull(code, "code");
        requireNonNull(message, "message");
        suggestions = List.copyOf(suggestions);
    }

    /** True when the statement was refused for naming a table or column the principal may not read. */
    public boolean denial() {
        return denied;
    }

    /** The same error, marked as standing for a name the principal may not read. */
    GuardError asDenial() {
        return new GuardError(code, message, suggestions, line, column, true);
    }

    static GuardError of(String code, String message) {
        return new GuardError(code, message, List.of(), 0, 0);
    }

    /** One line: code, position and message, e.g. for a model's repair prompt. */
    public String describe() {
        String where = line > 0 ? " (line " + line + ", column " + column + ")" : "";
        String hint = suggestions.isEmpty() ? "" : " Did you mean: " + String.join(", ", suggestions) + "?";
        return code + where + ": " + message + hint;
    }
}
