package io.sextant.sql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Walks a parsed statement and hands every table reference in a FROM clause to a {@link Visitor}
 * — in subqueries, CTEs, joins, set operations, LATERAL and correlated subqueries alike — which
 * may replace it. Names that refer to a CTE in scope are not tables and are skipped: a CTE is
 * visible in the statement body and in later CTEs, and in itself only when declared RECURSIVE,
 * exactly as SQL scopes them.
 */
final class FromClauses {

    /** What to do with the table references and table functions found. */
    interface Visitor {

        /**
         * Called for each table reference; returns the relation to put in its place (the walker
         * keeps the reference's alias, or gives the replacement the table's name as alias), or
         * null to leave it.
         */
        SqlNode table(SqlIdentifier name);

        /** Called for a function or other non-table relation in a FROM clause. */
        void tableFunction(SqlNode relation);

        /** True for subqueries the walker must not enter (ones a visitor built itself). */
        default boolean skip(SqlNode node) {
            return false;
        }
    }

    private final Visitor visitor;
    private final Deque<Set<String>> ctes = new ArrayDeque<>();

    private FromClauses(Visitor visitor) {
        this.visitor = visitor;
    }

    /** Visits the statement, replacing table references in place where the visitor says so. */
    static void walk(SqlNode statement, Visitor visitor) {
        SqlNode result = new FromClauses(visitor).any(statement);
        if (result != statement) {
            throw new IllegalStateException("a statement cannot be a bare table reference");
        }
    }

    private SqlNode any(SqlNode node) {
        if (node == null || visitor.skip(node)) {
            return node;
        }
        if (node instanceof SqlNodeList list) {
            for (int i = 0; i < list.size(); i++) {
                list.set(i, any(list.get(i)));
            }
        } else if (node instanceof SqlWith with) {
            with(with);
        } else if (node instanceof SqlSelect select) {
            select.setFrom(relation(select.getFrom()));
            select.setSelectList((SqlNodeList) any(select.getSelectList()));
            select.setWhere(any(select.getWhere()));
            select.setGroupBy((SqlNodeList) any(select.getGroup()));
            select.setHaving(any(select.getHaving()));
            select.setQualify(any(select.getQualify()));
            any(select.getWindowList());
            select.setOrderBy((SqlNodeList) any(select.getOrderList()));
            select.setOffset(any(select.getOffset()));
            select.setFetch(any(select.getFetch()));
        } else if (node instanceof SqlOrderBy orderBy) {
            // Immutable: its parts are mutated in place, never replaced.
            same(orderBy.query, any(orderBy.query));
            same(orderBy.orderList, any(orderBy.orderList));
        } else if (node instanceof SqlCall call) {
            for (int i = 0; i < call.getOperandList().size(); i++) {
                SqlNode operand = call.getOperandList().get(i);
                if (operand != null) {
                    SqlNode replaced = any(operand);
                    if (replaced != operand) {
                        call.setOperand(i, replaced);
                    }
                }
            }
        }
        return node;
    }

    private void with(SqlWith with) {
        Set<String> scope = new HashSet<>();
        ctes.push(scope);
        try {
            for (SqlNode item : with.withList) {
                SqlWithItem withItem = (SqlWithItem) item;
                String name = key(withItem.name.getSimple());
                boolean recursive = withItem.recursive != null && withItem.recursive.booleanValue();
                if (recursive) {
                    scope.add(name);
                }
                withItem.query = any(withItem.query);
                scope.add(name);
            }
            with.body = any(with.body);
        } finally {
            ctes.pop();
        }
    }

    /** A FROM item: a table, a join, an aliased relation, a subquery or something to refuse. */
    private SqlNode relation(SqlNode node) {
        if (node == null || visitor.skip(node)) {
            return node;
        }
        if (node instanceof SqlIdentifier id) {
            if (isCte(id)) {
                return id;
            }
            SqlNode replacement = visitor.table(id);
            return replacement == null
                    ? id
                    : SqlStdOperatorTable.AS.createCall(
                            id.getParserPosition(), replacement, new SqlIdentifier(last(id), id.getParserPosition()));
        }
        if (node instanceof SqlJoin join) {
            join.setLeft(relation(join.getLeft()));
            join.setRight(relation(join.getRight()));
            if (join.getCondition() != null) {
                join.setOperand(5, any(join.getCondition()));
            }
            return join;
        }
        if (node instanceof SqlCall call) {
            SqlKind kind = call.getKind();
            if (kind == SqlKind.AS || kind == SqlKind.LATERAL || kind == SqlKind.TABLESAMPLE) {
                SqlNode inner = call.operand(0);
                if (inner instanceof SqlIdentifier id && !isCte(id)) {
                    SqlNode replacement = visitor.table(id);
                    if (replacement != null) {
                        call.setOperand(0, replacement);
                    }
                } else if (!(inner instanceof SqlIdentifier)) {
                    call.setOperand(0, relation(inner));
                }
                return call;
            }
            if (kind == SqlKind.SELECT
                    || kind == SqlKind.UNION
                    || kind == SqlKind.INTERSECT
                    || kind == SqlKind.EXCEPT
                    || kind == SqlKind.ORDER_BY
                    || kind == SqlKind.WITH
                    || kind == SqlKind.VALUES
                    || kind == SqlKind.UNNEST) {
                return any(node);
            }
            visitor.tableFunction(node);
            return node;
        }
        if (node instanceof SqlBasicCall) {
            visitor.tableFunction(node);
        }
        return any(node);
    }

    private boolean isCte(SqlIdentifier id) {
        if (!id.isSimple()) {
            return false;
        }
        String name = key(id.getSimple());
        return ctes.stream().anyMatch(scope -> scope.contains(name));
    }

    private static String last(SqlIdentifier id) {
        return id.names.get(id.names.size() - 1);
    }

    private static void same(SqlNode before, SqlNode after) {
        if (before != after) {
            throw new IllegalStateException("cannot replace part of an ORDER BY");
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
