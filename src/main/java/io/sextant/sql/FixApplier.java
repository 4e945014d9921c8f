package io.sextant.sql;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Applies {@link Fix}es to a copy of the parse tree: a non-grouped column becomes {@code
 * ANY_VALUE(c)}, an aggregated boolean (where booleans are numbers) {@code CASE WHEN b THEN 1
 * ELSE 0 END}, a double-quoted non-name a string. It records the nodes it introduced, which the
 * renderer spells in the target's own way ({@link #spell}).
 */
final class FixApplier extends SqlShuttle {

    private final Map<Position, Fix> fixes;
    private final Set<SqlNode> done = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<SqlNode, Fix> introduced = new IdentityHashMap<>();

    FixApplier(Map<Position, Fix> fixes) {
        this.fixes = fixes;
    }

    /** The nodes this applier introduced, by identity, with the fix each stands for. */
    Map<SqlNode, Fix> introduced() {
        return introduced;
    }

    /**
     * How the target reads a node the fixes introduced the same way the validator did: a
     * non-grouped column as the bare column in SQLite (whose own rule it is), {@code ANY_VALUE}
     * where it exists, else {@code MIN}; an aggregated boolean as the boolean itself (the target
     * sums booleans as numbers, keeping NULLs out of averages).
     */
    static SqlNode spell(SqlNode node, Fix fix, SqlTarget target) {
        SqlCall call = (SqlCall) node;
        if (fix == Fix.BOOLEAN_AS_NUMBER) {
            return ((SqlCase) call).getWhenOperands().get(0);
        }
        SqlNode operand = call.operand(0);
        return switch (target) {
            case SQLITE -> operand;
            case DUCKDB, SNOWFLAKE -> call;
            default -> SqlStdOperatorTable.MIN.createCall(call.getParserPosition(), operand);
        };
    }

    @Override
    public SqlNode visit(SqlIdentifier id) {
        if (done.contains(id)) {
            return id;
        }
        Fix fix = fixes.get(Position.of(id));
        if (fix == Fix.STRING_LITERAL) {
            return SqlLiteral.createCharString(id.getSimple(), id.getParserPosition());
        }
        return fix == Fix.ANY_VALUE ? anyValue(id) : id;
    }

    @Override
    public SqlNode visit(SqlCall call) {
        if (done.contains(call)) {
            return call;
        }
        Fix fix = fixes.get(Position.of(call));
        if (fix == Fix.ANY_VALUE) {
            return anyValue(call);
        }
        if (fix == Fix.BOOLEAN_AS_NUMBER && call.operandCount() == 1) {
            SqlParserPos pos = call.getParserPosition();
            SqlNode flag = call.operand(0).accept(this);
            SqlNode number = new SqlCase(
                    pos,
                    null,
                    SqlNodeList.of(flag),
                    SqlNodeList.of(SqlLiteral.createExactNumeric("1", pos)),
                    SqlLiteral.createExactNumeric("0", pos));
            introduced.put(number, Fix.BOOLEAN_AS_NUMBER);
            call.setOperand(0, number);
            done.add(call);
            return call;
        }
        if (call instanceof SqlSelect select) {
            SqlNodeList items = select.getSelectList();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof SqlIdentifier id
                        && !id.isStar()
                        && fixes.get(Position.of(id)) == Fix.ANY_VALUE) {
                    SqlNode item = SqlStdOperatorTable.AS.createCall(
                            id.getParserPosition(),
                            anyValue(id),
                            new SqlIdentifier(id.names.get(id.names.size() - 1), id.getParserPosition()));
                    done.add(item);
                    items.set(i, item);
                }
            }
        }
        return super.visit(call);
    }

    private SqlNode anyValue(SqlNode node) {
        SqlNode call = SqlStdOperatorTable.ANY_VALUE.createCall(node.getParserPosition(), node);
        introduced.put(call, Fix.ANY_VALUE);
        return call;
    }
}
