package io.sextant.sql;

import io.sextant.SextantException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * The warehouse refused or failed a statement. Its own message can quote values of rows the
 * caller may not read (a failed cast shows the value), so callers get a stable code and a generic
 * message with a reference; the original text goes only to the server log and the audit row.
 */
public final class WarehouseError extends SextantException {

    private final String reference;
    private final String original;

    private WarehouseError(
            Kind kind, String code, String message, String reference, String original, SQLException cause) {
        super(kind, code, message, cause);
        this.reference = reference;
        this.original = original;
    }

    /** Maps a driver's exception to a code by its SQLSTATE class (or DuckDB's error kind). */
    static WarehouseError of(SQLException e) {
        String reference = UUID.randomUUID().toString();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String text = e.getMessage() == null ? "" : e.getMessage();
        String lower = text.toLowerCase(Locale.ROOT);
        boolean data = state.startsWith("22")
                || lower.startsWith("conversion error")
                || lower.startsWith("out of range error")
                || lower.startsWith("invalid input error");
        boolean resources = state.startsWith("53") || state.startsWith("54") || lower.startsWith("out of memory");
        boolean interrupted = state.equals("57014") || state.equals("70100") || lower.startsWith("interrupt");
        if (interrupted) {
            return new WarehouseError(
                    Kind.UNAVAILABLE,
                    "query-interrupted",
                    "The warehouse stopped the query (a time or memory limit); narrow it down or try again later."
                            + " Reference " + reference + ".",
                    reference,
                    text,
                    e);
        }
        String code = data ? "query-data-error" : resources ? "query-too-expensive" : "query-failed";
        String message = data
                ? "The warehouse could not evaluate the query on the data (for example a division by zero, an"
                        + " overflow or a value that does not convert)."
                : resources
                        ? "The query needs more memory or resources than the warehouse allows; narrow it down."
                        : "The warehouse refused the query.";
        return new WarehouseError(
                Kind.UNPROCESSABLE,
                code,
                message + " The server log has the details under reference " + reference + ".",
                reference,
                text,
                e);
    }

    /** Identifies the failure in the server log. */
    public String reference() {
        return reference;
    }

    /** The warehouse's own message, for the log and the audit row only. */
    public String original() {
        return original;
    }
}
