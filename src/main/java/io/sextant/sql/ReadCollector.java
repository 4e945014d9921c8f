package io.sextant.sql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;
import org.apache.calcite.sql.validate.SqlValidatorTable;

/**
 * Reads a validated statement back through the validator's own name resolution: which tables
 * each FROM clause scans (CTE names resolve to their queries, not to tables), which of their
 * columns the statement touches, and whether a table is scanned anywhere outside the subqueries
 * the guard built to apply permissions.
 */
final class ReadCollector {

    private final SqlValidator validator;
    private final Set<SqlNode> wrappers;
    private final Set<String> tables = new LinkedHashSet<>();
    private final Set<String> columns = new LinkedHashSet<>();
    private final Set<String> outsideWrappers = new LinkedHashSet<>();
    private final Deque<Map<String, String>> scopes = new ArrayDeque<>();
    private int wrapperDepth;

    ReadCollector(SqlValidator validator, Set<SqlNode> wrappers) {
        this.validator = validator;
        this.wrappers = wrappers;
    }

    void collect(SqlNode node) {
        if (node == null) {
            return;
        }
        if (node instanceof SqlSelect select) {
            select(select);
        } else if (node instanceof SqlIdentifier id) {
            column(id);
        } else if (node instanceof SqlNodeList list) {
            list.forEach(this::collect);
        } else if (node instanceof SqlCall call) {
            call.getOperandList().forEach(this::collect);
        }
    }

    Set<String> tables() {
        return tables;
    }

    Set<String> columns() {
        return columns;
    }

    /** True when the table is scanned somewhere the guard's permission subqueries do not wrap. */
    boolean readOutsideWrappers(String table) {
        return outsideWrappers.contains(table);
    }

    private void select(SqlSelect select) {
        boolean wrapper = wrappers.contains(select);
        if (wrapper) {
            wrapperDepth++;
        }
        Map<String, String> aliases = new HashMap<>();
        scopes.push(aliases);
        try {
            relation(select.getFrom(), aliases);
            for (SqlNode operand : select.getOperandList()) {
                if (operand != select.getFrom()) {
                    collect(operand);
                }
            }
        } finally {
            scopes.pop();
            if (wrapper) {
                wrapperDepth--;
            }
        }
    }

    private void relation(SqlNode from, Map<String, String> aliases) {
        if (from == null) {
            return;
        }
        if (from instanceof SqlJoin join) {
            relation(join.getLeft(), aliases);
            relation(join.getRight(), aliases);
            collect(join.getCondition());
            return;
        }
        SqlNode inner = from;
        String alias = null;
        if (from.getKind() == SqlKind.AS) {
            List<SqlNode> operands = ((SqlCall) from).getOperandList();
            inner = operands.get(0);
            alias = ((SqlIdentifier) operands.get(1)).getSimple();
        }
        if (inner instanceof SqlIdentifier id) {
            SqlValidatorTable table = table(from, id);
            if (table != null) {
                List<String> qualified = table.getQualifiedName();
                String name = qualified.get(qualified.size() - 1);
                tables.add(name);
                if (wrapperDepth == 0) {
                    outsideWrappers.add(name);
                }
                aliases.put(key(alias != null ? alias : id.names.get(id.names.size() - 1)), name);
            }
            return;
        }
        collect(inner);
    }

    private SqlValidatorTable table(SqlNode from, SqlIdentifier id) {
        SqlValidatorNamespace namespace = validator.getNamespace(id);
        if (namespace == null) {
            namespace = validator.getNamespace(from);
        }
        if (namespace == null) {
            throw new IllegalStateException("no namespace for " + id);
        }
        return namespace.resolve().getTable();
    }

    private void column(SqlIdentifier id) {
        if (id.names.size() < 2 || id.isStar()) {
            return;
        }
        String alias = key(id.names.get(id.names.size() - 2));
        for (Map<String, String> scope : scopes) {
            String table = scope.get(alias);
            if (table != null) {
                columns.add(table + "." + id.names.get(id.names.size() - 1));
                return;
            }
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
