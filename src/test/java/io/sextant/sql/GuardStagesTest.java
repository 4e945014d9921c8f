package io.sextant.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.access.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.util.Litmus;
import org.apache.calcite.util.NlsString;
import org.junit.jupiter.api.Test;

/** The guard's stages on their own, and the invariant that the tree rendered is the tree validated. */
class GuardStagesTest {

    private static final long CAP = 777;
    private final SqlGuard guard = new SqlGuard(AcmeCatalog.PERMISSIONS, CAP, SqlGuard.DEFAULT_MAX_LENGTH);

    private static final List<String> STATEMENTS = List.of(
            "SELECT cust_nm, region_id FROM customers WHERE cust_nm ILIKE 'a%' ORDER BY 1",
            "SELECT c.segment, count(*) AS n FROM customers c JOIN orders o ON o.cust_id = c.cust_id GROUP BY 1",
            "SELECT segment, cust_nm, count(*) FROM customers GROUP BY segment",
            "WITH t AS (SELECT cust_id, sum(amt_rev2) AS total FROM order_items i JOIN orders o USING (order_id)"
                    + " GROUP BY cust_id) SELECT * FROM t WHERE total > 100.5 LIMIT 20",
            "SELECT order_id, CASE WHEN status_cd = 'X' THEN 'cancelled' WHEN status_cd = 'it''s' THEN 'q'"
                    + " ELSE 'other' END AS s FROM orders WHERE order_dt >= DATE '2025-01-01'",
            "SELECT order_id, row_number() OVER (PARTITION BY cust_id ORDER BY order_dt DESC) AS r FROM orders",
            "SELECT * FROM customers WHERE cust_id IN (SELECT cust_id FROM orders WHERE status_cd <> 'C')",
            "SELECT 'a\\' OR 1 = 1 -- ' AS v, 'x\\' AS w FROM customers WHERE cust_nm = '\\'' UNION SELECT"
                    + " 'é漢字🙂', 'line\nbreak' FROM orders",
            "SELECT count(*) FILTER (WHERE status_cd = 'S') AS shipped FROM orders",
            "SELECT cust_nm FROM customers ORDER BY cust_nm FETCH FIRST 5000 ROWS ONLY");

    private static List<String> corpus() throws IOException {
        try (InputStream in = GuardStagesTest.class.getResourceAsStream("/sql/abuse.txt")) {
            List<String> all = new ArrayList<>(STATEMENTS);
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .forEach(all::add);
            for (String value : RowPolicyContract.HOSTILE_LITERALS) {
                all.add("SELECT '" + value.replace("'", "''") + "' AS v FROM customers WHERE cust_nm <> '"
                        + value.replace("'", "''") + "'");
            }
            return all;
        }
    }

    @Test
    void should_render_exactly_the_literals_and_tables_it_validated() throws IOException {
        int checked = 0;
        for (SqlTarget target : List.of(SqlTarget.DUCKDB, SqlTarget.POSTGRESQL, SqlTarget.H2)) {
            GuardCatalog catalog = AcmeCatalog.catalog(target);
            for (Principal principal : List.of(AcmeCatalog.ADA, AcmeCatalog.ELENA, AcmeCatalog.NOAH)) {
                for (String sql : corpus()) {
                    Validation.Validated validated;
                    try {
                        validated = guard.validate(sql, principal, catalog);
                    } catch (GuardRefusal refused) {
                        continue;
                    }
                    List<Object> before = literals(validated.tree());
                    fetchAbove(validated.tree(), CAP).ifPresent(before::remove); // lowered to the cap
                    String rendered = new Renderer(new GuardContext(AcmeCatalog.PERMISSIONS, principal, catalog), CAP)
                            .render(validated)
                            .sql();
                    SqlNode reparsed = LenientParser.parse(LexicalGate.pass(rendered, SqlTarget.POSTGRESQL), catalog);
                    List<Object> after = new ArrayList<>(literals(reparsed));
                    after.remove(Long.valueOf(CAP)); // the row cap is the renderer's own
                    assertThat(after)
                            .as(target + " " + principal.userId() + ": " + sql + "\n->\n" + rendered)
                            .containsExactlyInAnyOrderElementsOf(withoutCap(before));
                    assertThat(tables(reparsed)).as(rendered).isSubsetOf(validated.tables());
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(150);
    }

    @Test
    void should_validate_a_copy_and_leave_the_tree_it_renders_as_rewritten() {
        GuardCatalog catalog = AcmeCatalog.catalog(SqlTarget.DUCKDB);
        Validation.Validated validated =
                guard.validate("SELECT * FROM customers WHERE cust_nm ILIKE 'a%'", AcmeCatalog.ELENA, catalog);

        // the validator expanded * in its copy; the tree to render still reads the policy subquery
        assertThat(validated.validated()).isNotSameAs(validated.tree());
        assertThat(validated.validated().toString()).doesNotContain("*");
        SqlSelect rendered = (SqlSelect) validated.tree();
        assertThat(rendered.getSelectList().get(0).toString()).isEqualTo("*");
        SqlNode from = ((org.apache.calcite.sql.SqlCall) rendered.getFrom()).operand(0); // (subquery) AS customers
        assertThat(from).isInstanceOf(SqlSelect.class);
        assertThat(((SqlSelect) from).getWhere().toString()).contains("EMEA");
        assertThat(rendered.getWhere().toString()).contains("ILIKE");
    }

    @Test
    void should_copy_trees_deeply_and_faithfully() throws IOException {
        GuardCatalog catalog = AcmeCatalog.catalog(SqlTarget.DUCKDB);
        for (String sql : corpus()) {
            SqlNode parsed;
            try {
                parsed = LenientParser.parse(LexicalGate.pass(sql, SqlTarget.DUCKDB), catalog);
            } catch (GuardRefusal e) {
                continue;
            }
            SqlTrees.Copy copy = SqlTrees.copy(parsed);
            assertThat(copy.tree().equalsDeep(parsed, Litmus.IGNORE)).as(sql).isTrue();
            assertThat(copy.tree().toString()).isEqualTo(parsed.toString());
            // no call, list or identifier is shared
            nodes(parsed)
                    .filter(n -> !(n instanceof SqlLiteral))
                    .filter(n -> n != SqlNodeList.EMPTY
                            && n != SqlNodeList.SINGLETON_EMPTY
                            && n != SqlNodeList.SINGLETON_STAR)
                    .forEach(n -> assertThat(copy.of(n))
                            .as(n.getClass().getSimpleName() + " " + n + " in " + sql)
                            .isNotNull()
                            .isNotSameAs(n));
        }
    }

    @Test
    void should_refuse_in_the_stage_that_owns_the_rule() {
        assertThatThrownBy(() -> LexicalGate.pass("SELECT 1; DROP TABLE orders", SqlTarget.DUCKDB))
                .isInstanceOfSatisfying(
                        GuardRefusal.class,
                        e -> assertThat(e.error().code()).isEqualTo(GuardError.MULTIPLE_STATEMENTS));
        assertThatThrownBy(() -> LexicalGate.pass("SELECT * INTO x FROM orders", SqlTarget.DUCKDB))
                .isInstanceOfSatisfying(
                        GuardRefusal.class, e -> assertThat(e.error().code()).isEqualTo(GuardError.SELECT_INTO));

        GuardCatalog catalog = AcmeCatalog.catalog(SqlTarget.DUCKDB);
        LexicalGate.Lexed lexed = LexicalGate.pass("SELECT o.date FROM orders o", SqlTarget.DUCKDB);
        assertThat(LenientParser.parse(lexed, catalog).toString()).contains("`o`.`date`");
        assertThatThrownBy(() -> LenientParser.parse(LexicalGate.pass("SELECT FROM WHERE", SqlTarget.DUCKDB), catalog))
                .isInstanceOfSatisfying(
                        GuardRefusal.class, e -> assertThat(e.error().code()).isEqualTo(GuardError.PARSE));

        AllowList allow = new AllowList(new GuardContext(AcmeCatalog.PERMISSIONS, AcmeCatalog.NOAH, catalog));
        assertThat(allow.check(parse("SELECT * FROM orders o JOIN customers c ON o.cust_id = c.cust_id", catalog)))
                .containsExactly("orders", "customers");
        assertThatThrownBy(() -> allow.check(parse("SELECT * FROM pg_catalog.pg_user", catalog)))
                .isInstanceOfSatisfying(
                        GuardRefusal.class, e -> assertThat(e.error().code()).isEqualTo(GuardError.SYSTEM_CATALOG));
    }

    @Test
    void should_wrap_only_the_tables_the_principal_reads_partly() {
        GuardCatalog catalog = AcmeCatalog.catalog(SqlTarget.POSTGRESQL);
        String sql = "SELECT * FROM orders o JOIN customers c ON o.cust_id = c.cust_id";
        LexicalGate.Lexed lexed = LexicalGate.pass(sql, SqlTarget.POSTGRESQL);

        SqlNode forAdmin = parse(sql, catalog);
        assertThat(new PolicyRewrite(
                                new GuardContext(AcmeCatalog.PERMISSIONS, AcmeCatalog.ADA, catalog),
                                lexed.parserConfig())
                        .apply(forAdmin))
                .isEmpty();

        SqlNode forElena = parse(sql, catalog);
        Set<SqlNode> wrappers = new PolicyRewrite(
                        new GuardContext(AcmeCatalog.PERMISSIONS, AcmeCatalog.ELENA, catalog), lexed.parserConfig())
                .apply(forElena);
        assertThat(wrappers).isNotEmpty().allSatisfy(w -> {
            SqlSelect subquery = (SqlSelect) w;
            assertThat(subquery.getWhere()).isNotNull();
            assertThat(subquery.getOffset()).as("the optimisation fence").hasToString("0");
        });
    }

    @Test
    void should_spell_the_non_grouped_column_fix_as_each_target_reads_it() {
        String sql = "SELECT segment, cust_nm, count(*) AS n FROM customers GROUP BY segment";
        assertThat(guard.check(sql, AcmeCatalog.ADA, AcmeCatalog.catalog(SqlTarget.DUCKDB))
                        .checked()
                        .sql())
                .contains("ANY_VALUE(\"cust_nm\")");
        assertThat(guard.check(sql, AcmeCatalog.ADA, AcmeCatalog.catalog(SqlTarget.POSTGRESQL))
                        .checked()
                        .sql())
                .contains("MIN(\"cust_nm\")");
        assertThat(guard.check(sql, AcmeCatalog.ADA, AcmeCatalog.catalog(SqlTarget.SQLITE))
                        .checked()
                        .sql())
                .doesNotContain("MIN(")
                .doesNotContain("ANY_VALUE(");
    }

    private static SqlNode parse(String sql, GuardCatalog catalog) {
        return LenientParser.parse(LexicalGate.pass(sql, catalog.target()), catalog);
    }

    /** The statement's own FETCH/LIMIT when it is above the cap (the renderer lowers it). */
    private static java.util.Optional<Object> fetchAbove(SqlNode tree, long cap) {
        SqlNode fetch = tree instanceof SqlSelect select
                ? select.getFetch()
                : tree instanceof org.apache.calcite.sql.SqlOrderBy orderBy ? orderBy.fetch : null;
        if (fetch instanceof SqlLiteral literal && literal.bigDecimalValue().longValue() > cap) {
            return java.util.Optional.of(literal.bigDecimalValue().longValue());
        }
        return java.util.Optional.empty();
    }

    private static List<Object> withoutCap(List<Object> literals) {
        List<Object> out = new ArrayList<>(literals);
        out.remove(Long.valueOf(CAP));
        return out;
    }

    /** Every literal's value (strings, numbers, dates as text) except keywords and NULL. */
    private static List<Object> literals(SqlNode tree) {
        List<Object> values = new ArrayList<>();
        tree.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlLiteral literal) {
                if (literal.getTypeName() == SqlTypeName.SYMBOL || literal.getTypeName() == SqlTypeName.NULL) {
                    return null;
                }
                Object value = literal.getValue();
                values.add(
                        switch (value) {
                            case NlsString s -> s.getValue();
                            case java.math.BigDecimal d when d.scale() <= 0 -> d.longValueExact();
                            case java.math.BigDecimal d ->
                                d.stripTrailingZeros().toPlainString();
                            default -> literal.toValue();
                        });
                return null;
            }
        });
        return values;
    }

    /** Names read in FROM clauses (lower case, last part). */
    private static Set<String> tables(SqlNode tree) {
        Set<String> names = new java.util.TreeSet<>();
        FromClauses.walk(tree, new FromClauses.Visitor() {
            @Override
            public SqlNode table(SqlIdentifier name) {
                names.add(name.names.get(name.names.size() - 1));
                return null;
            }

            @Override
            public void tableFunction(SqlNode relation) {}
        });
        return names;
    }

    private static Stream<SqlNode> nodes(SqlNode tree) {
        List<SqlNode> all = new ArrayList<>();
        tree.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(org.apache.calcite.sql.SqlCall call) {
                all.add(call);
                return super.visit(call);
            }

            @Override
            public Void visit(org.apache.calcite.sql.SqlNodeList list) {
                all.add(list);
                return super.visit(list);
            }

            @Override
            public Void visit(SqlIdentifier id) {
                all.add(id);
                return null;
            }
        });
        return all.stream();
    }
}
