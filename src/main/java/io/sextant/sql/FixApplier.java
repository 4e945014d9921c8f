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
 * Applies {@link Fix}es to a parse of the statement. For validation a non-grouped column becomes
 * {@code ANY_VALUE(c)}; for output it becomes what the target reads the same way: the bare column
 * in SQLite (whose own rule it is), {@code ANY_VALUE} where it exists, else {@code MIN}.
 */
final class FixApplier extends SqlShuttle {

    private final Map<Position, Fix> fixes;
    private final SqlTarget output;
    private final Set<SqlNode> done = Collections.newSetFromMap(new IdentityHashMap<>());

    /** @param output the dialect being rendered, or null when fixing a parse for validation */
    FixApplier(Map<Position, Fix> fixes, SqlTarget output) {
        this.fixes = fixes;
        this.output = output;
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
        if (fix == Fix.BOOLEAN_AS_NUMBER && output == null && call.operandCount() == 1) {
            SqlParserPos pos = call.getParserPosition();
            SqlNode flag = call.operand(0).accept(this);
            SqlNode number = new SqlCase(
                    pos,
                    null,
                    SqlNodeList.of(flag),
                    SqlNodeList.of(SqlLiteral.createExactNumeric("1", pos)),
                    SqlLiteral.createExactNumeric("0", pos));
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
                    SqlNode value = anyValue(id);
                    SqlNode item = value == id
                            ? id
                            : SqlStdOperatorTable.AS.createCall(
                                    id.getParserPosition(),
                                    value,
                                    new SqlIdentifier(id.names.get(id.names.size() - 1), id.getParserPosition()));
                    done.add(item);
                    items.set(i, item);
                }
            }
        }
        return super.visit(call);
    }

    private SqlNode anyValue(SqlNode node) {
        if (output == null) {
            return SqlStdOperatorTable.ANY_VALUE.createCall(node.getParserPosition(), node);
        }
        return switch (output) {
            case SQLITE -> node;
            case DUCKDB, SNOWFLAKE -> SqlStdOperatorTable.ANY_VALUE.createCall(node.getParserPosition(), node);
            default -> SqlStdOperatorTable.MIN.createCall(node.getParserPosition(), node);
        };
    }
}
