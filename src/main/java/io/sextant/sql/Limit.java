package io.sextant.sql;

import java.math.BigDecimal;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.parser.SqlParserPos;

/** The statement with its row cap: a LIMIT added, or lowered when the statement's own is higher. */
record Limit(SqlNode node, boolean applied) {

    static Limit cap(SqlNode node, long cap) {
        SqlLiteral limit = SqlLiteral.createExactNumeric(Long.toString(cap), SqlParserPos.ZERO);
        if (node instanceof SqlWith with) {
            Limit body = cap(with.body, cap);
            with.body = body.node();
            return new Limit(with, body.applied());
        }
        if (node instanceof SqlOrderBy orderBy) {
            if (within(orderBy.fetch, cap)) {
                return new Limit(orderBy, false);
            }
            return new Limit(
                    new SqlOrderBy(
                            orderBy.getParserPosition(), orderBy.query, orderBy.orderList, orderBy.offset, limit),
                    true);
        }
        if (node instanceof SqlSelect select) {
            if (within(select.getFetch(), cap)) {
                return new Limit(select, false);
            }
            select.setFetch(limit);
            return new Limit(select, true);
        }
        return new Limit(new SqlOrderBy(SqlParserPos.ZERO, node, SqlNodeList.EMPTY, null, limit), true);
    }

    /** True when the fetch is a literal no larger than the cap. */
    private static boolean within(SqlNode fetch, long cap) {
        if (fetch instanceof SqlLiteral literal && literal.getValue() instanceof BigDecimal value) {
            return value.compareTo(BigDecimal.valueOf(cap)) <= 0;
        }
        return false;
    }
}
