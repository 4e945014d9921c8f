package io.sextant.sql;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import java.util.List;
import org.apache.calcite.sql.SqlNode;

/** Who a statement is checked for, and against which catalog: what every guard stage reads. */
record GuardContext(Permissions permissions, Principal principal, GuardCatalog catalog) {

    SqlTarget target() {
        return catalog.target();
    }

    boolean canRead(String table) {
        return permissions.canRead(principal, table);
    }

    boolean canRead(String table, String column) {
        return permissions.canRead(principal, table, column);
    }

    /** True for a table or {@code table.column} name the principal may read. */
    boolean visibleName(String qualified) {
        int dot = qualified.indexOf('.');
        return dot < 0 ? canRead(qualified) : canRead(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    static GuardError at(SqlNode node, String code, String message) {
        return new GuardError(code, message, List.of(), line(node), column(node));
    }

    static int line(SqlNode node) {
        return node == null ? 0 : node.getParserPosition().getLineNum();
    }

    static int column(SqlNode node) {
        return node == null ? 0 : node.getParserPosition().getColumnNum();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
