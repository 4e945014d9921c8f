package io.sextant.sql;

import static java.util.Objects.requireNonNull;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import java.util.Set;
import org.apache.calcite.sql.SqlNode;

/**
 * The one gate every SQL statement passes before it reaches the warehouse, in named stages, each
 * its own class:
 *
 * <ol>
 *   <li>{@link LexicalGate}: one statement, a query, no INTO or locking clause;
 *   <li>{@link LenientParser}: the one parse of the statement;
 *   <li>{@link AllowList}: functions, table functions, system catalogs, CTE names, literals, and
 *       tables that exist and the principal may read;
 *   <li>{@link PolicyRewrite}: row policies and hidden columns as subqueries (inside validation);
 *   <li>{@link Validation}: names and types against the catalog, with lenient fixes for what the
 *       warehouse itself accepts, and what the statement reads;
 *   <li>{@link ErrorExplainer}: errors for whoever wrote the SQL;
 *   <li>{@link Renderer}: the validated tree in the warehouse's dialect, with the row cap.
 * </ol>
 *
 * The tree rendered is the tree validated: the text is parsed once, and the validator works on a
 * copy of the rewritten tree. Pure (no I/O) and thread-safe.
 */
public final class SqlGuard {

    /** Longest statement accepted, in characters. */
    public static final int DEFAULT_MAX_LENGTH = 100_000;

    private final Permissions permissions;
    private final long rowCap;
    private final int maxLength;

    /**
     * Creates a guard.
     *
     * @param permissions who may read which tables, columns and rows
     * @param rowCap most rows a statement may return (its LIMIT is added or lowered); 0 for none
     * @param maxLength longest statement accepted, in characters
     */
    public SqlGuard(Permissions permissions, long rowCap, int maxLength) {
        this.permissions = requireNonNull(permissions, "permissions");
        this.rowCap = rowCap;
        this.maxLength = maxLength;
    }

    /** Checks one statement for the principal against the catalog. */
    public SqlCheck check(String sql, Principal principal, GuardCatalog catalog) {
        requireNonNull(principal, "principal");
        requireNonNull(catalog, "catalog");
        if (sql == null || sql.isBlank()) {
            return SqlCheck.refused(GuardError.of(GuardError.EMPTY, "The statement is empty."));
        }
        if (sql.length() > maxLength) {
            return SqlCheck.refused(GuardError.of(
                    GuardError.TOO_LONG,
                    "The statement has " + sql.length() + " characters; at most " + maxLength + " are accepted."));
        }
        try {
            return SqlCheck.accepted(new Renderer(new GuardContext(permissions, principal, catalog), rowCap)
                    .render(validate(sql, principal, catalog)));
        } catch (GuardRefusal e) {
            return SqlCheck.refused(e.error());
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            return SqlCheck.refused(GuardError.of(
                    GuardError.INVALID,
                    "The statement could not be validated: " + GuardContext.firstLine(e.getMessage())));
        }
    }

    /**
     * Stages 1 to 6: the statement as validated, ready to render.
     *
     * @throws GuardRefusal when a stage refuses it
     */
    Validation.Validated validate(String sql, Principal principal, GuardCatalog catalog) {
        GuardContext context = new GuardContext(permissions, principal, catalog);
        LexicalGate.Lexed lexed = LexicalGate.pass(sql, catalog.target());
        SqlNode parsed = LenientParser.parse(lexed, catalog);
        Set<String> tables = new AllowList(context).check(parsed);
        return new Validation(context, lexed.parserConfig(), tables).run(parsed);
    }
}
