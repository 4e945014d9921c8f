package io.sextant.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;

/**
 * Guard stage 6: turns a validation error into a {@link GuardError} written to be fed back to
 * whoever wrote the SQL, with suggestions taken only from what the principal may read. A column
 * the principal may not read is told exactly as one that does not exist.
 */
final class ErrorExplainer {

    private static final Pattern OBJECT_NOT_FOUND = Pattern.compile("(?:Object|Table) '([^']+)' not found");
    static final Pattern COLUMN_NOT_FOUND =
            Pattern.compile("Column '([^']+)' not found in (?:any table|table '([^']+)')");
    private static final Pattern COLUMN_AMBIGUOUS = Pattern.compile("Column '([^']+)' is ambiguous");
    private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("No match found for function signature ([^(]+)\\(");
    private static final Pattern TYPE_PROBLEM = Pattern.compile(
            "Cannot apply|Cannot infer|[Ii]ncompatible types|must have compatible types|Type mismatch|cannot be cast|Illegal mixing of types");

    private final GuardContext context;
    private final Set<String> tables;

    /** @param tables the tables the statement names (canonical) */
    ErrorExplainer(GuardContext context, Set<String> tables) {
        this.context = context;
        this.tables = tables;
    }

    GuardError explain(CalciteContextException e) {
        String message = causeMessage(e);
        int line = e.getPosLine();
        int column = e.getPosColumn();
        Matcher m = COLUMN_NOT_FOUND.matcher(message);
        if (m.find()) {
            String name = m.group(1);
            GuardError unknown = new GuardError(
                    GuardError.UNKNOWN_COLUMN,
                    "Column " + name + " does not exist"
                            + (m.group(2) != null ? " in " + m.group(2) : " in the tables of this query")
                            + " or you may not read it.",
                    Suggestions.closest(name, visibleColumns(), context.catalog(), context::visibleName),
                    line,
                    column);
            return hiddenColumn(name) ? unknown.asDenial() : unknown;
        }
        m = COLUMN_AMBIGUOUS.matcher(message);
        if (m.find()) {
            String name = m.group(1);
            List<String> holders = tables.stream()
                    .filter(t -> context.catalog()
                            .schema()
                            .table(t)
                            .flatMap(x -> x.column(name))
                            .isPresent())
                    .toList();
            return new GuardError(
                    GuardError.AMBIGUOUS_COLUMN,
                    "Column " + name + " is ambiguous"
                            + (holders.isEmpty() ? "" : " (in " + String.join(", ", holders) + ")")
                            + ": qualify it with a table name or alias.",
                    holders.stream().map(t -> t + "." + name).toList(),
                    line,
                    column);
        }
        m = OBJECT_NOT_FOUND.matcher(message);
        if (m.find()) {
            GuardError unknown = AllowList.unknownTable(context, null, m.group(1));
            return new GuardError(unknown.code(), unknown.message(), unknown.suggestions(), line, column);
        }
        m = UNKNOWN_FUNCTION.matcher(message);
        if (m.find()) {
            String name = m.group(1).strip().toLowerCase(Locale.ROOT);
            return new GuardError(
                    GuardError.UNKNOWN_FUNCTION,
                    "Function " + name + " does not exist (or not with these arguments).",
                    Suggestions.closest(name, Functions.names(), null, n -> true),
                    line,
                    column);
        }
        String code = TYPE_PROBLEM.matcher(message).find() ? GuardError.TYPE_MISMATCH : GuardError.INVALID;
        int cut = message.indexOf(". Supported form(s)");
        return new GuardError(code, cut > 0 ? message.substring(0, cut) + "." : message, List.of(), line, column);
    }

    static String causeMessage(CalciteContextException e) {
        return e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage()
                : e.getMessage();
    }

    /** True when a table of the query has a column of this name the principal may not read. */
    private boolean hiddenColumn(String name) {
        return tables.stream()
                .flatMap(t -> context.catalog().schema().table(t).stream())
                .anyMatch(t -> t.column(name).isPresent()
                        && !context.canRead(t.name(), t.column(name).get().name()));
    }

    private List<String> visibleColumns() {
        List<String> columns = new ArrayList<>();
        for (String t : tables) {
            context.catalog()
                    .schema()
                    .table(t)
                    .ifPresent(table -> table.columns().stream()
                            .filter(c -> context.canRead(table.name(), c.name()))
                            .forEach(c -> columns.add(table.name() + "." + c.name())));
        }
        return columns;
    }
}
