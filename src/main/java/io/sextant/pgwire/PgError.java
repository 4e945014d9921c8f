package io.sextant.pgwire;

import io.sextant.SextantException;
import io.sextant.sql.GuardError;
import java.util.List;

/**
 * An ErrorResponse: SQLSTATE, message and optional detail, hint and 1-based position. The
 * messages are Sextant's own (the guard's, or a stable text with a reference); a warehouse's error
 * text never reaches the client, since it may show values the caller may not read.
 */
record PgError(String sqlState, String message, String detail, String hint, int position) {

    static final String SYNTAX_ERROR = "42601";
    static final String FEATURE_NOT_SUPPORTED = "0A000";
    static final String PROTOCOL_VIOLATION = "08P01";
    static final String INVALID_PASSWORD = "28P01";
    static final String INVALID_AUTHORIZATION = "28000";
    static final String UNKNOWN_DATABASE = "3D000";
    static final String INVALID_PARAMETER_VALUE = "22023";
    static final String UNDEFINED_OBJECT = "42704";
    static final String INVALID_CURSOR_NAME = "34000";
    static final String DUPLICATE_CURSOR = "42P03";
    static final String UNDEFINED_PREPARED_STATEMENT = "26000";
    static final String DUPLICATE_PREPARED_STATEMENT = "42P05";
    static final String IN_FAILED_TRANSACTION = "25P02";
    static final String QUERY_CANCELED = "57014";
    static final String INTERNAL = "XX000";

    PgError(String sqlState, String message) {
        this(sqlState, message, null, null, 0);
    }

    /**
     * The guard's refusal. A table or column the caller may not read gets the same SQLSTATE as one
     * that does not exist (42P01, 42703), as it does not exist in their catalog either; reading the
     * system catalog of the warehouse or a denied function is 42501; statements that are not
     * queries are 0A000.
     */
    static PgError of(List<GuardError> errors, String sql) {
        GuardError first = errors.getFirst();
        String state = switch (first.code()) {
            case GuardError.PARSE, GuardError.EMPTY, GuardError.MULTIPLE_STATEMENTS, GuardError.INVALID -> SYNTAX_ERROR;
            case GuardError.TOO_LONG, GuardError.RESOURCE_LIMIT -> "54000";
            case GuardError.NOT_A_QUERY -> isCommand(sql) ? FEATURE_NOT_SUPPORTED : SYNTAX_ERROR;
            case GuardError.SELECT_INTO, GuardError.LOCKING, GuardError.TABLE_FUNCTION -> FEATURE_NOT_SUPPORTED;
            case GuardError.DENIED_FUNCTION, GuardError.SYSTEM_CATALOG -> "42501";
            case GuardError.CTE_SHADOWS_TABLE -> "42P07";
            case GuardError.UNKNOWN_TABLE -> "42P01";
            case GuardError.UNKNOWN_COLUMN -> "42703";
            case GuardError.UNKNOWN_FUNCTION -> "42883";
            case GuardError.AMBIGUOUS_COLUMN -> "42702";
            case GuardError.TYPE_MISMATCH -> "42804";
            default -> "42000";
        };
        String hint =
                first.suggestions().isEmpty() ? null : "Did you mean: " + String.join(", ", first.suggestions()) + "?";
        String detail = errors.size() > 1
                ? String.join(
                        "\n",
                        errors.subList(1, errors.size()).stream()
                                .map(GuardError::describe)
                                .toList())
                : null;
        return new PgError(state, first.message() + " [" + first.code() + "]", detail, hint, position(sql, first));
    }

    /** PostgreSQL's statements other than queries: refused as unsupported, not as a syntax error. */
    private static final java.util.Set<String> COMMANDS = java.util.Set.of(
            "insert",
            "update",
            "delete",
            "merge",
            "upsert",
            "replace",
            "create",
            "drop",
            "alter",
            "truncate",
            "grant",
            "revoke",
            "copy",
            "vacuum",
            "analyze",
            "analyse",
            "explain",
            "call",
            "do",
            "lock",
            "comment",
            "reindex",
            "cluster",
            "refresh",
            "security",
            "import",
            "load",
            "prepare",
            "execute",
            "checkpoint",
            "notify",
            "reassign",
            "attach",
            "detach",
            "pragma",
            "install",
            "export",
            "use");

    private static boolean isCommand(String sql) {
        java.util.List<io.sextant.sql.SqlTokens.Token> tokens =
                io.sextant.sql.SqlTokens.tokenize(sql == null ? "" : sql);
        return !tokens.isEmpty() && COMMANDS.contains(tokens.getFirst().text().toLowerCase(java.util.Locale.ROOT));
    }

    /** An error of the runner, the slots or the warehouse, by its stable code. */
    static PgError of(SextantException e) {
        String state = switch (e.code()) {
            case "query-timeout", "query-cancelled", "query-interrupted" -> QUERY_CANCELED;
            case "too-many-queries" -> "53300";
            case "query-too-expensive", "result-too-large" -> "54000";
            case "query-data-error" -> "22000";
            case "sql-not-executable" -> FEATURE_NOT_SUPPORTED;
            case "rate-limited" -> "53400";
            default ->
                switch (e.kind()) {
                    case UNAVAILABLE -> "58000";
                    case FORBIDDEN -> "42501";
                    case INVALID_INPUT -> "22023";
                    default -> INTERNAL;
                };
        };
        return new PgError(state, e.getMessage() + " [" + e.code() + "]");
    }

    /** The guard's line and column as a 1-based character position in the statement. */
    private static int position(String sql, GuardError error) {
        if (error.line() <= 0 || sql == null) {
            return 0;
        }
        int offset = 0;
        for (int line = 1; line < error.line(); line++) {
            int newline = sql.indexOf('\n', offset);
            if (newline < 0) {
                return 0;
            }
            offset = newline + 1;
        }
        return Math.min(sql.length(), offset + Math.max(error.column(), 1));
    }
}
