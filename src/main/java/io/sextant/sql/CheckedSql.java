package io.sextant.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * A statement the guard accepted: the SQL to run, rendered in the target's dialect with the
 * principal's row policies and the row cap applied, and what it reads.
 *
 * @param sql the statement to execute (or export)
 * @param target the dialect {@code sql} is written in
 * @param tables tables the statement reads, as the catalog spells them
 * @param columns columns the statement reads, as {@code table.column}
 * @param rowCap the LIMIT the guard imposed, or 0 when the statement's own LIMIT was lower
 * @param warnings notes for the caller that did not stop the statement
 * @param principal the user id it was checked for (its row policies are in it; it runs in that user's slots)
 */
public record CheckedSql(
        String sql,
        SqlTarget target,
        Set<String> tables,
        Set<String> columns,
        long rowCap,
        List<String> warnings,
        String principal) {

    public CheckedSql {
        requireNonNull(sql, "sql");
        requireNonNull(target, "target");
        requireNonNull(principal, "principal");
        tables = Set.copyOf(tables);
        columns = Set.copyOf(columns);
        warnings = List.copyOf(warnings);
    }

    /** The same statement with one more warning. */
    public CheckedSql withWarning(String warning) {
        List<String> more = new java.util.ArrayList<>(warnings);
        more.add(warning);
        return new CheckedSql(sql, target, tables, columns, rowCap, more, principal);
    }
}
