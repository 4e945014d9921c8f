package io.sextant.sql;

import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Guard stage 7: renders the validated tree — not a new parse of the text — in the target's
 * dialect: the row cap, the fixes spelled as the target reads them, type names and functions the
 * target knows, names in the catalog's spelling, every identifier quoted and every literal
 * escaped by the (safe) dialect.
 */
final class Renderer {

    private final GuardContext context;
    private final long rowCap;

    Renderer(GuardContext context, long rowCap) {
        this.context = context;
        this.rowCap = rowCap;
    }

    CheckedSql render(Validation.Validated validated) {
        SqlTarget target = context.target();
        SqlNode tree = spellFixes(validated.tree(), validated.introduced(), target);
        long cap = 0;
        if (rowCap > 0) {
            Limit limited = Limit.cap(tree, rowCap);
            tree = limited.node();
            cap = limited.applied() ? rowCap : 0;
        }
        tree = tree.accept(new TypeAliases());
        tree.accept(new Portable());
        tree.accept(new Canonicalizer(context.catalog()));
        tree.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlBasicCall basic && call.getOperator() instanceof SqlUnresolvedFunction f) {
                    // Function names are written as given, unquoted: quoting would make them
                    // case-sensitive in PostgreSQL.
                    basic.setOperator(new SqlFunction(
                            f.getName(), SqlKind.OTHER_FUNCTION, null, null, null, f.getFunctionType()));
                }
                return super.visit(call);
            }
        });
        String sql = tree.toSqlString(c -> c.withDialect(target.dialect())
                        .withQuoteAllIdentifiers(true)
                        .withClauseStartsLine(true)
                        .withIndentation(2))
                .getSql();
        return new CheckedSql(
                sql,
                target,
                validated.tables(),
                validated.columns(),
                cap,
                List.of(),
                context.principal().userId());
    }

    private static SqlNode spellFixes(SqlNode tree, Map<SqlNode, Fix> introduced, SqlTarget target) {
        if (introduced.isEmpty()) {
            return tree;
        }
        return tree.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                Fix fix = introduced.get(call);
                SqlNode visited = super.visit(call);
                return fix == null ? visited : FixApplier.spell(visited, fix, target);
            }
        });
    }
}
