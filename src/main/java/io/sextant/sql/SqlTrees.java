package io.sextant.sql;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.util.SqlShuttle;

/** Deep copies of parse trees, so the validator (which rewrites what it validates) works on its own. */
final class SqlTrees {

    private SqlTrees() {}

    /** A copy of the tree and, for each node of the original, its copy. */
    record Copy(SqlNode tree, Map<SqlNode, SqlNode> copies) {

        /** The copy of a node of the original tree (or null when it is not in the tree). */
        SqlNode of(SqlNode original) {
            return copies.get(original);
        }
    }

    /**
     * Copies every call, list and identifier; literals, type specs and Calcite's immutable empty
     * lists are shared.
     */
    static Copy copy(SqlNode tree) {
        Map<SqlNode, SqlNode> copies = new IdentityHashMap<>();
        SqlNode copied = tree.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                CallCopyingArgHandler handler = new CallCopyingArgHandler(call, true);
                call.getOperator().acceptCall(this, call, false, handler);
                return record(call, handler.result());
            }

            @Override
            public SqlNode visit(SqlNodeList list) {
                if (list == SqlNodeList.EMPTY
                        || list == SqlNodeList.SINGLETON_EMPTY
                        || list == SqlNodeList.SINGLETON_STAR) {
                    return list; // immutable, and compared by identity when unparsed
                }
                SqlNodeList copy = new SqlNodeList(list.getParserPosition());
                for (SqlNode node : list) {
                    copy.add(node == null ? null : node.accept(this));
                }
                return record(list, copy);
            }

            @Override
            public SqlNode visit(SqlIdentifier id) {
                return record(id, id.clone(id.getParserPosition()));
            }

            private SqlNode record(SqlNode original, SqlNode copy) {
                copies.put(original, copy);
                return copy;
            }
        });
        return new Copy(copied, copies);
    }
}
