package io.sextant.sql;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlBetweenOperator;

/**
 * Renders the few constructs whose Calcite spelling not every target accepts in the spelling
 * they all do: {@code a BETWEEN ASYMMETRIC b AND c} (SQLite, MySQL reject the keyword) becomes
 * {@code a BETWEEN b AND c}, which means the same.
 */
final class Portable {

    private Portable() {}

    /** Writes the call and returns true, or returns false to let the dialect write it. */
    static boolean unparse(SqlWriter writer, SqlCall call) {
        if (call.getOperator() instanceof SqlBetweenOperator between
                && between.flag == SqlBetweenOperator.Flag.ASYMMETRIC) {
            SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE, "(", ")");
            call.operand(0).unparse(writer, between.getLeftPrec(), between.getRightPrec());
            writer.sep(between.isNegated() ? "NOT BETWEEN" : "BETWEEN");
            SqlNode lower = call.operand(1);
            lower.unparse(writer, 100, 100);
            writer.sep("AND");
            call.operand(2).unparse(writer, between.getLeftPrec(), between.getRightPrec());
            writer.endList(frame);
            return true;
        }
        return false;
    }
}
