package io.sextant.sql;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;

/**
 * Guard stage 5: builds the tree that will run — a copy of the one parse, with the lenient fixes
 * found so far and the row policies applied — and validates a copy of exactly that tree (the
 * validator rewrites what it validates). Errors the warehouse itself would not raise (a column
 * beside GROUP BY that SQLite and MySQL accept, ...) become fixes and the tree is built again;
 * real errors go to the {@link ErrorExplainer}. Finally it reads back through the validator what
 * the statement reads and checks that no restricted table is read outside its policy subquery.
 */
final class Validation {

    /**
     * A statement that validated.
     *
     * @param tree the tree to render: the tree that was validated, before the validator's own
     *     rewrites
     * @param validated the validator's copy, after validation
     * @param introduced nodes the fixes introduced into {@code tree}, spelled per target on output
     */
    record Validated(
            SqlNode tree, SqlNode validated, Map<SqlNode, Fix> introduced, Set<String> tables, Set<String> columns) {}

    private static final int MAX_LENIENT_FIXES = 32;
    private static final Pattern NOT_GROUPED = Pattern.compile("Expression '.+' is not being grouped");
    private static final Pattern BOOLEAN_AGGREGATE =
            Pattern.compile("Cannot apply '(SUM|AVG|MIN|MAX|TOTAL)' to arguments of type '\\w+\\(<BOOLEAN>\\)'");

    /**
     * Calcite's lenient conformance, except that an unknown name is not looked up among the
     * select list's aliases (which turns a hallucinated column into a confusing self-reference)
     * and that non-grouped columns are left to the guard's own fix.
     */
    private static final SqlConformance CONFORMANCE = new SqlDelegatingConformance(SqlConformanceEnum.BABEL) {
        @Override
        public SqlConformance.SelectAliasLookup isSelectAlias() {
            return SqlConformance.SelectAliasLookup.UNSUPPORTED;
        }

        /** Off: Calcite's own non-strict GROUP BY fails on CASE; the guard's ANY_VALUE fix does the job. */
        @Override
        public boolean isNonStrictGroupBy() {
            return false;
        }
    };

    private final GuardContext context;
    private final PolicyRewrite policies;
    private final ErrorExplainer explainer;
    private final Map<Position, Fix> fixes = new LinkedHashMap<>();

    Validation(GuardContext context, SqlParser.Config parserConfig, Set<String> tables) {
        this.context = context;
        this.policies = new PolicyRewrite(context, parserConfig);
        this.explainer = new ErrorExplainer(context, tables);
    }

    /** @throws GuardRefusal when the statement does not validate */
    Validated run(SqlNode parsed) {
        for (int attempt = 0; ; attempt++) {
            FixApplier applier = new FixApplier(fixes);
            SqlNode tree = SqlTrees.copy(parsed).tree();
            if (!fixes.isEmpty()) {
                tree = tree.accept(applier);
            }
            Set<SqlNode> wrappers = policies.apply(tree);

            SqlTrees.Copy view = SqlTrees.copy(tree);
            likeForIlike(view.tree());
            Set<SqlNode> viewWrappers = Collections.newSetFromMap(new IdentityHashMap<>());
            wrappers.forEach(w -> viewWrappers.add(view.of(w)));
            SqlValidator validator = validator();
            try {
                SqlNode validated = validator.validate(view.tree());
                ReadCollector reads = reads(validated, validator, viewWrappers);
                return new Validated(tree, validated, applier.introduced(), reads.tables(), reads.columns());
            } catch (CalciteContextException e) {
                if (attempt >= MAX_LENIENT_FIXES || !lenientFix(e, view.tree())) {
                    throw new GuardRefusal(explainer.explain(e));
                }
            }
        }
    }

    /** ILIKE types like LIKE; Calcite's validator knows only the latter. */
    private static void likeForIlike(SqlNode tree) {
        tree.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlBasicCall basic
                        && call.getOperator().getName().endsWith("ILIKE")) {
                    basic.setOperator(
                            call.getOperator().getName().startsWith("NOT")
                                    ? SqlStdOperatorTable.NOT_LIKE
                                    : SqlStdOperatorTable.LIKE);
                }
                return super.visit(call);
            }
        });
    }

    private SqlValidator validator() {
        Properties properties = new Properties();
        properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
        JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
        CalciteCatalogReader reader = new CalciteCatalogReader(
                context.catalog().calciteSchema(),
                List.of(context.catalog().schema().schema()),
                types,
                new CalciteConnectionConfigImpl(properties));
        return SqlValidatorUtil.newValidator(
                SqlOperatorTables.chain(SqlStdOperatorTable.instance(), Functions.TABLE),
                reader,
                types,
                SqlValidator.Config.DEFAULT.withConformance(CONFORMANCE).withIdentifierExpansion(true));
    }

    /** Records a fix for an error the warehouse itself would not raise; false for real errors. */
    private boolean lenientFix(CalciteContextException e, SqlNode tree) {
        Position position = Position.of(e);
        if (fixes.containsKey(position)) {
            return false;
        }
        String message = ErrorExplainer.causeMessage(e);
        SqlTarget target = context.target();
        if (NOT_GROUPED.matcher(message).find()) {
            fixes.put(position, Fix.ANY_VALUE);
            return true;
        }
        if (target.booleansAreNumbers() && BOOLEAN_AGGREGATE.matcher(message).find()) {
            fixes.put(position, Fix.BOOLEAN_AS_NUMBER);
            return true;
        }
        if (target.doubleQuotedStrings()
                && ErrorExplainer.COLUMN_NOT_FOUND.matcher(message).find()) {
            SqlNode node = Position.find(tree, position);
            if (node instanceof SqlIdentifier id
                    && id.isSimple()
                    && id.getParserPosition().isQuoted()) {
                fixes.put(position, Fix.STRING_LITERAL);
                return true;
            }
        }
        return false;
    }

    private ReadCollector reads(SqlNode validated, SqlValidator validator, Set<SqlNode> wrappers) {
        ReadCollector collector = new ReadCollector(validator, wrappers);
        collector.collect(validated);
        for (String table : collector.tables()) {
            boolean restricted = !context.canRead(table)
                    || context.permissions()
                            .rowFilter(context.principal(), table)
                            .isPresent()
                    || context.catalog().schema().table(table).get().columns().stream()
                            .anyMatch(c -> !context.canRead(table, c.name()));
            if (restricted && collector.readOutsideWrappers(table)) {
                throw new IllegalStateException("table " + table + " is read outside its row policy");
            }
        }
        return collector;
    }
}
