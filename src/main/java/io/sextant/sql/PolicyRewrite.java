package io.sextant.sql;

import io.sextant.catalog.WarehouseSchema;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Guard stage 4: replaces every reference to a table the principal reads only partly by a
 * subquery that selects the permitted columns and rows, before validation, so that what is
 * validated is what runs. Rewrites the tree in place and returns the subqueries it built.
 */
final class PolicyRewrite {

    private final GuardContext context;
    private final SqlParser.Config parserConfig;

    PolicyRewrite(GuardContext context, SqlParser.Config parserConfig) {
        this.context = context;
        this.parserConfig = parserConfig;
    }

    /** @return the subqueries that stand for restricted tables (by identity) */
    Set<SqlNode> apply(SqlNode tree) {
        if (context.target().joinsWithoutCondition()) {
            tree.accept(new SqlBasicVisitor<Void>() {
                @Override
                public Void visit(SqlCall call) {
                    if (call instanceof SqlJoin join
                            && join.getJoinType() == JoinType.INNER
                            && join.getConditionType() == JoinConditionType.NONE) {
                        join.setOperand(2, JoinType.CROSS.symbol(join.getParserPosition()));
                    }
                    return super.visit(call);
                }
            });
        }
        Set<SqlNode> wrappers = Collections.newSetFromMap(new IdentityHashMap<>());
        FromClauses.walk(tree, new FromClauses.Visitor() {
            @Override
            public SqlNode table(SqlIdentifier name) {
                SqlNode wrapper = protect(name);
                if (wrapper != null) {
                    wrappers.add(wrapper);
                }
                return wrapper;
            }

            @Override
            public void tableFunction(SqlNode relation) {}

            @Override
            public boolean skip(SqlNode node) {
                return wrappers.contains(node);
            }
        });
        return wrappers;
    }

    private SqlNode protect(SqlIdentifier name) {
        String last = name.names.get(name.names.size() - 1);
        WarehouseSchema.Table table = context.catalog().schema().table(last).orElse(null);
        if (table == null) {
            return null;
        }
        Optional<String> filter = context.permissions().rowFilter(context.principal(), table.name());
        List<WarehouseSchema.Column> visible = table.columns().stream()
                .filter(c -> context.canRead(table.name(), c.name()))
                .toList();
        boolean hidesColumns = visible.size() < table.columns().size();
        if (filter.isEmpty() && !hidesColumns) {
            return null;
        }
        SqlParserPos pos = name.getParserPosition();
        SqlNodeList select = new SqlNodeList(pos);
        if (hidesColumns) {
            visible.forEach(c -> select.add(new SqlIdentifier(c.name(), pos)));
        } else {
            select.add(SqlIdentifier.star(pos));
        }
        SqlNode where =
                filter.map(p -> LenientParser.parsePredicate(p, parserConfig)).orElse(null);
        // OFFSET 0 keeps the planner from moving the caller's predicates below the policy
        // (PostgreSQL never pushes them into such a subquery), so a predicate that fails on
        // some value — a cast, a division — only ever sees rows the policy admits.
        SqlNode fence =
                where != null && context.target().fencesWithOffset() ? SqlLiteral.createExactNumeric("0", pos) : null;
        return new SqlSelect(
                pos,
                null,
                select,
                new SqlIdentifier(List.of(table.name()), pos),
                where,
                null,
                null,
                null,
                null,
                null,
                fence,
                null,
                null);
    }
}
