package io.sextant.sql;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Rewrites the few constructs whose Calcite spelling not every target accepts into the spelling
 * they all do: {@code a BETWEEN ASYMMETRIC b AND c} (SQLite and MySQL reject the keyword) is
 * written {@code a BETWEEN b AND c}, which means the same.
 */
final class Portable extends SqlBasicVisitor<Void> {

    private static final SqlBetweenOperator BETWEEN = new PlainBetween(false);
    private static final SqlBetweenOperator NOT_BETWEEN = new PlainBetween(true);

    @Override
    public Void visit(SqlCall call) {
        if (call instanceof SqlBasicCall basic
                && call.getOperator() instanceof SqlBetweenOperator between
                && between.flag == SqlBetweenOperator.Flag.ASYMMETRIC) {
            basic.setOperator(between.isNegated() ? NOT_BETWEEN : BETWEEN);
        }
        return super.visit(call);
    }

    /** BETWEEN written without its default ASYMMETRIC keyword. */
    private static final class PlainBetween extends SqlBetweenOperator {

        PlainBetween(boolean negated) {
            super(Flag.ASYMMETRIC, negated);
        }

        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE, "(", ")");
            call.operand(0).unparse(writer, getLeftPrec(), getRightPrec());
            writer.sep(isNegated() ? "NOT BETWEEN" : "BETWEEN");
            call.operand(1).unparse(writer, 100, 100);
            writer.sep("AND");
            call.operand(2).unparse(writer, getLeftPrec(), getRightPrec());
            writer.endList(frame);
        }
    }
}
