package io.sextant.sql;

import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/** A span of the statement text; parses of the same text give their nodes the same spans. */
record Position(int line, int column, int endLine, int endColumn) {

    static Position of(CalciteContextException e) {
        return new Position(e.getPosLine(), e.getPosColumn(), e.getEndPosLine(), e.getEndPosColumn());
    }

    static Position of(SqlNode node) {
        SqlParserPos pos = node.getParserPosition();
        return new Position(pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum());
    }

    /** The identifier or call spanning exactly this position, or null. */
    static SqlNode find(SqlNode tree, Position position) {
        SqlNode[] found = new SqlNode[1];
        tree.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier id) {
                if (found[0] == null && position.equals(Position.of(id))) {
                    found[0] = id;
                }
                return null;
            }

            @Override
            public Void visit(SqlCall call) {
                if (found[0] == null && position.equals(Position.of(call))) {
                    found[0] = call;
                }
                return super.visit(call);
            }
        });
        return found[0];
    }
}
