package io.sextant.ask;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.catalog.SemanticModel;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The part of the semantic model a prompt shows: the linked tables with the columns the principal
 * may read, the relationships between them, and the definitions of their metrics and filters.
 * Nothing the principal may not see reaches the model.
 */
final class PromptContext {

    private final SemanticModel model;
    private final Set<String> tables;
    private final Principal principal;
    private final Permissions permissions;

    PromptContext(SemanticModel model, SchemaLinker.Linked linked, Principal principal, Permissions permissions) {
        this.model = model;
        this.principal = principal;
        this.permissions = permissions;
        Set<String> t = new LinkedHashSet<>(linked.tables());
        // Metrics and filters may read other tables (revenue lives on order_items, validity on orders).
        for (SchemaLinker.Element e : linked.elements()) {
            for (String target : e.targets()) {
                String table = target.contains(".") ? target.substring(0, target.indexOf('.')) : target;
                model.tables().stream().filter(lt -> physical(lt).equals(table)).forEach(lt -> t.add(lt.name()));
            }
        }
        this.tables = t;
    }

    /** Tables, permitted columns and joins, one table per paragraph. */
    String schema() {
        StringBuilder out = new StringBuilder();
        for (SemanticModel.LogicalTable table : model.tables()) {
            if (!tables.contains(table.name()) || !permissions.canRead(principal, physical(table))) {
                continue;
            }
            out.append("Table ").append(physical(table));
            if (table.description() != null) {
                out.append(" -- ").append(table.description().strip().replaceAll("\\s+", " "));
            }
            out.append('\n');
            table.fields().forEach(f -> {
                boolean column = f.expr() != null && f.expr().matches("[A-Za-z_][A-Za-z0-9_]*");
                if (!readable(table, f.expr())) {
                    return;
                }
                out.append("  ").append(column ? f.expr() : f.name() + " = " + f.expr());
                if (f.dataType() != null) {
                    out.append(' ').append(f.dataType());
                }
                if (f.description() != null) {
                    out.append(" -- ").append(f.description().strip().replaceAll("\\s+", " "));
                }
                // Values of a table under a row policy differ per reader: none are shown to anyone.
                if (!f.sampleValues().isEmpty()
                        && !permissions
                                .rowPolicies()
                                .containsKey(physical(table).toLowerCase(java.util.Locale.ROOT))) {
                    out.append(" (e.g. ")
                            .append(String.join(", ", f.sampleValues()))
                            .append(')');
                }
                out.append('\n');
            });
        }
        for (SemanticModel.Relationship r : model.relationships()) {
            if (tables.contains(r.leftTable()) && tables.contains(r.rightTable())) {
                out.append("Join ")
                        .append(r.leftTable())
                        .append(" to ")
                        .append(r.rightTable())
                        .append(" on ");
                out.append(String.join(
                        " AND ",
                        r.columns().stream()
                                .map(c -> r.leftTable() + "." + c.leftColumn() + " = " + r.rightTable() + "."
                                        + c.rightColumn())
                                .toList()));
                out.append('\n');
            }
        }
        return out.isEmpty() ? "(no tables)" : out.toString().strip();
    }

    /** Metrics and filters of the linked tables that read only what the principal may read. */
    String definitions() {
        StringBuilder out = new StringBuilder();
        for (SemanticModel.LogicalTable table : model.tables()) {
            if (!tables.contains(table.name()) || !permissions.canRead(principal, physical(table))) {
                continue;
            }
            table.metrics().stream()
                    .filter(m -> readable(table, m.expr()))
                    .forEach(m -> out.append("Metric ")
                            .append(m.name())
                            .append(" = ")
                            .append(m.expr())
                            .append(
                                    m.description() == null
                                            ? ""
                                            : " -- " + m.description().strip())
                            .append('\n'));
            table.filters().stream()
                    .filter(f -> readable(table, f.expr()))
                    .forEach(f -> out.append("Filter ")
                            .append(f.name())
                            .append(": ")
                            .append(f.expr())
                            .append(
                                    f.description() == null
                                            ? ""
                                            : " -- " + f.description().strip())
                            .append('\n'));
        }
        return out.isEmpty() ? "(none)" : out.toString().strip();
    }

    /**
     * True when the principal may read every column the expression names: bare names as columns
     * of the table, {@code table.column} as written.
     */
    private boolean readable(SemanticModel.LogicalTable table, String expr) {
        if (expr == null) {
            return true;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![.\\w])([A-Za-z_][A-Za-z0-9_]*)(?![.\\w])")
                .matcher(expr);
        while (m.find()) {
            if (!permissions.canRead(principal, physical(table), m.group(1))) {
                return false;
            }
        }
        return readable(expr);
    }

    /** True when every {@code table.column} the expression names is readable by the principal. */
    private boolean readable(String expr) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "([A-Za-z_][A-Za-z0-9_]*)\\.([A-Za-z_][A-Za-z0-9_]*)")
                .matcher(expr == null ? "" : expr);
        while (m.find()) {
            if (!permissions.canRead(principal, m.group(1), m.group(2))) {
                return false;
            }
        }
        return true;
    }

    private static String physical(SemanticModel.LogicalTable table) {
        return table.baseTable() == null ? table.name() : table.baseTable().table();
    }
}
