package io.sextant.sql;

import static java.util.Objects.requireNonNull;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.catalog.WarehouseSchema;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.util.NlsString;

/**
 * The one gate every SQL statement passes before it reaches the warehouse: parses leniently,
 * allows exactly one read-only query, validates names and types against the warehouse catalog,
 * applies the principal's table, column and row permissions by rewriting the statement, caps the
 * rows and renders the result in the warehouse's dialect. Pure (no I/O) and thread-safe.
 */
public final class SqlGuard {

    /** Longest statement accepted, in characters. */
    public static final int DEFAULT_MAX_LENGTH = 100_000;

    private static final int MAX_LENIENT_FIXES = 32;

    private static final Set<String> QUERY_STARTS = Set.of("SELECT", "WITH", "VALUES");
    private static final Set<String> SYSTEM_SCHEMAS = Set.of(
            "information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys", "temp", "system");
    private static final Pattern OBJECT_NOT_FOUND = Pattern.compile("(?:Object|Table) '([^']+)' not found");
    private static final Pattern COLUMN_NOT_FOUND =
            Pattern.compile("Column '([^']+)' not found in (?:any table|table '([^']+)')");
    private static final Pattern COLUMN_AMBIGUOUS = Pattern.compile("Column '([^']+)' is ambiguous");
    private static final Pattern NOT_GROUPED = Pattern.compile("Expression '.+' is not being grouped");
    private static final Pattern BOOLEAN_AGGREGATE =
            Pattern.compile("Cannot apply '(SUM|AVG|MIN|MAX|TOTAL)' to arguments of type '\\w+\\(<BOOLEAN>\\)'");
    private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("No match found for function signature ([^(]+)\\(");
    private static final Pattern TYPE_PROBLEM = Pattern.compile(
            "Cannot apply|Cannot infer|[Ii]ncompatible types|must have compatible types|Type mismatch|cannot be cast|Illegal mixing of types");

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

    private final Permissions permissions;
    private final long rowCap;
    private final int maxLength;

    /**
     * Creates a guard.
     *
     * @param permissions who may read which tables, columns and rows
     * @param rowCap most rows a statement may return (its LIMIT is added or lowered); 0 for none
     * @param maxLength longest statement accepted, in characters
     */
    public SqlGuard(Permissions permissions, long rowCap, int maxLength) {
        this.permissions = requireNonNull(permissions, "permissions");
        this.rowCap = rowCap;
        this.maxLength = maxLength;
    }

    /** Checks one statement for the principal against the catalog. */
    public SqlCheck check(String sql, Principal principal, GuardCatalog catalog) {
        requireNonNull(principal, "principal");
        requireNonNull(catalog, "catalog");
        if (sql == null || sql.isBlank()) {
            return SqlCheck.refused(GuardError.of(GuardError.EMPTY, "The statement is empty."));
        }
        if (sql.length() > maxLength) {
            return SqlCheck.refused(GuardError.of(
                    GuardError.TOO_LONG,
                    "The statement has " + sql.length() + " characters; at most " + maxLength + " are accepted."));
        }
        try {
            return new Check(sql, principal, catalog).run();
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            return SqlCheck.refused(GuardError.of(
                    GuardError.INVALID, "The statement could not be validated: " + firstLine(e.getMessage())));
        }
    }

    /** One check: the state of a statement on its way through the guard. */
    private final class Check {

        private final String original;
        private final Principal principal;
        private final GuardCatalog catalog;
        private final SqlTarget target;
        private final Set<String> referencedTables = new LinkedHashSet<>();
        private final Map<Position, Fix> fixes = new LinkedHashMap<>();
        private final Set<SqlNode> wrappers = Collections.newSetFromMap(new IdentityHashMap<>());
        private String text;
        private SqlParser.Config parserConfig;

        Check(String sql, Principal principal, GuardCatalog catalog) {
            this.original = sql;
            this.principal = principal;
            this.catalog = catalog;
            this.target = catalog.target();
        }

        SqlCheck run() {
            Optional<GuardError> lexical = lexicalChecks();
            if (lexical.isPresent()) {
                return SqlCheck.refused(lexical.get());
            }
            ParseResult parsed = parse();
            if (parsed.error != null) {
                return SqlCheck.refused(parsed.error);
            }
            SqlNode statement = parsed.node;
            if (!statement.isA(SqlKind.QUERY)) {
                return SqlCheck.refused(GuardError.of(
                        GuardError.NOT_A_QUERY,
                        "Only queries may run (SELECT, WITH, VALUES, UNION ...); this is a " + statement.getKind().sql
                                + " statement."));
            }
            Optional<GuardError> structural = structuralChecks(statement);
            if (structural.isPresent()) {
                return SqlCheck.refused(structural.get());
            }
            for (int attempt = 0; ; attempt++) {
                SqlNode tree = prepare(parseOrThrow(), false);
                SqlValidator validator = validator();
                try {
                    SqlNode validated = validator.validate(tree);
                    Reads reads = reads(validated, validator);
                    return SqlCheck.accepted(render(reads));
                } catch (CalciteContextException e) {
                    if (attempt >= MAX_LENIENT_FIXES || !lenientFix(e, tree)) {
                        return SqlCheck.refused(explain(e));
                    }
                }
            }
        }

        // ---- 1. Before parsing: statement count, first keyword, INTO and locking clauses ----

        private Optional<GuardError> lexicalChecks() {
            List<SqlTokens.Token> tokens = SqlTokens.tokenize(original);
            List<List<SqlTokens.Token>> statements = SqlTokens.statements(tokens);
            if (statements.isEmpty()) {
                return Optional.of(GuardError.of(GuardError.EMPTY, "The statement is empty (only comments)."));
            }
            if (statements.size() > 1) {
                return Optional.of(GuardError.of(
                        GuardError.MULTIPLE_STATEMENTS,
                        "Send exactly one statement; this text holds " + statements.size() + "."));
            }
            List<SqlTokens.Token> statement = statements.get(0);
            SqlTokens.Token first =
                    statement.stream().filter(t -> !t.isSymbol("(")).findFirst().orElse(statement.get(0));
            boolean writes = statement.stream()
                            .anyMatch(t ->
                                    t.isWord("INSERT") || t.isWord("DELETE") || t.isWord("MERGE") || t.isWord("UPSERT"))
                    || (statement.stream().anyMatch(t -> t.isWord("UPDATE"))
                            && statement.stream().anyMatch(t -> t.isWord("SET")));
            if (!QUERY_STARTS.contains(first.upper()) || (first.isWord("WITH") && writes)) {
                return Optional.of(GuardError.of(
                        GuardError.NOT_A_QUERY,
                        "Only queries may run (SELECT, WITH, VALUES); this statement "
                                + (writes ? "writes data." : "starts with " + first.upper() + ".")));
            }
            for (int i = 0; i < statement.size(); i++) {
                SqlTokens.Token token = statement.get(i);
                SqlTokens.Token next = i + 1 < statement.size() ? statement.get(i + 1) : null;
                if (token.isWord("INTO")) {
                    return Optional.of(GuardError.of(
                            GuardError.SELECT_INTO,
                            "SELECT ... INTO writes a table or variables; only plain queries may run."));
                }
                if (next != null
                        && ((token.isWord("FOR")
                                        && (next.isWord("UPDATE")
                                                || next.isWord("SHARE")
                                                || next.isWord("NO")
                                                || next.isWord("KEY")))
                                || (token.isWord("LOCK") && next.isWord("IN")))) {
                    return Optional.of(GuardError.of(
                            GuardError.LOCKING,
                            "Locking clauses (FOR UPDATE, FOR SHARE, LOCK IN SHARE MODE) are not allowed."));
                }
            }
            boolean backticks = tokens.stream().anyMatch(t -> t.type() == SqlTokens.Type.BACKTICK_QUOTED);
            StringBuilder prepared = new StringBuilder(original);
            for (SqlTokens.Token token : tokens) {
                if (token.isSymbol(";")) {
                    prepared.setCharAt(token.start(), ' ');
                } else if (backticks && target.doubleQuotedStrings() && token.type() == SqlTokens.Type.DOUBLE_QUOTED) {
                    String body =
                            token.text().substring(1, token.text().length() - 1).replace("\"\"", "\"");
                    String literal = "'" + body.replace("'", "''") + "'";
                    prepared.replace(token.start(), token.end(), padded(literal, token.end() - token.start()));
                }
            }
            text = InfixCasts.rewrite(prepared.toString());
            parserConfig = SqlParser.config()
                    .withParserFactory(SqlBabelParserImpl.FACTORY)
                    .withConformance(SqlConformanceEnum.BABEL)
                    .withQuoting(backticks ? Quoting.BACK_TICK : Quoting.DOUBLE_QUOTE)
                    .withUnquotedCasing(Casing.UNCHANGED)
                    .withQuotedCasing(Casing.UNCHANGED)
                    .withCaseSensitive(false)
                    .withIdentifierMaxLength(512);
            return Optional.empty();
        }

        // ---- 2. Parsing, with a second lenient attempt ----

        private record ParseResult(SqlNode node, GuardError error) {}

        private ParseResult parse() {
            SqlParseException firstError;
            try {
                return new ParseResult(single(parseList(text)), null);
            } catch (SqlParseException e) {
                firstError = e;
            } catch (MultipleStatements e) {
                return new ParseResult(null, e.error);
            }
            String lenient = quoteKeywordNames(text);
            if (!lenient.equals(text)) {
                try {
                    SqlNode node = single(parseList(lenient));
                    text = lenient;
                    return new ParseResult(node, null);
                } catch (SqlParseException | MultipleStatements e) {
                    // report the error of the text as written
                }
            }
            SqlParserPos pos = firstError.getPos();
            return new ParseResult(
                    null,
                    new GuardError(
                            GuardError.PARSE,
                            "The statement does not parse: " + firstLine(firstError.getMessage()),
                            List.of(),
                            pos == null ? 0 : pos.getLineNum(),
                            pos == null ? 0 : pos.getColumnNum()));
        }

        private SqlNode parseOrThrow() {
            try {
                return single(parseList(text));
            } catch (SqlParseException | MultipleStatements e) {
                throw new IllegalStateException("the statement no longer parses", e);
            }
        }

        private SqlNodeList parseList(String sql) throws SqlParseException {
            return SqlParser.create(sql, parserConfig).parseStmtList();
        }

        private SqlNode single(SqlNodeList list) throws MultipleStatements {
            if (list.size() != 1) {
                throw new MultipleStatements(GuardError.of(
                        GuardError.MULTIPLE_STATEMENTS,
                        "Send exactly one statement; this text holds " + list.size() + "."));
            }
            return list.get(0);
        }

        /**
         * Quotes words that the parser reserves but the catalog uses as names ({@code year},
         * {@code language}, {@code t.date}), so that SQL that runs on the warehouse also parses.
         */
        private String quoteKeywordNames(String sql) {
            SqlAbstractParserImpl.Metadata metadata =
                    SqlBabelParserImpl.FACTORY.getParser(new StringReader("")).getMetadata();
            List<SqlTokens.Token> tokens = SqlTokens.tokenize(sql);
            StringBuilder out = new StringBuilder(sql);
            String quote = parserConfig.quoting() == Quoting.BACK_TICK ? "`" : "\"";
            for (int i = tokens.size() - 1; i >= 0; i--) {
                SqlTokens.Token token = tokens.get(i);
                boolean afterDot = i > 0 && tokens.get(i - 1).isSymbol(".");
                if (token.type() != SqlTokens.Type.WORD || !(afterDot || metadata.isReservedWord(token.upper()))) {
                    continue;
                }
                boolean qualified = i > 0 && tokens.get(i - 1).isSymbol(".");
                boolean call = i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(");
                boolean typeName = i > 0
                        && (tokens.get(i - 1).isSymbol(":") || tokens.get(i - 1).isWord("AS"));
                boolean name = catalog.canonical(token.text()) != null;
                boolean afterExtract = i >= 2
                        && tokens.get(i - 1).isSymbol("(")
                        && tokens.get(i - 2).isWord("EXTRACT");
                boolean keywordUse = i + 1 < tokens.size() && tokens.get(i + 1).isWord("BY");
                if ((qualified && !call) || (name && !call && !afterExtract && !typeName && !keywordUse)) {
                    out.replace(token.start(), token.end(), quote + token.text() + quote);
                }
            }
            return out.toString();
        }

        // ---- 3. Allow-list and permissions on the parse tree ----

        private Optional<GuardError> structuralChecks(SqlNode statement) {
            List<GuardError> errors = new ArrayList<>();
            // Reported only when nothing else is wrong (a series in FROM is a table function first).
            List<GuardError> resources = new ArrayList<>();
            statement.accept(new SqlBasicVisitor<Void>() {
                @Override
                public Void visit(SqlCall call) {
                    if (call.getOperator() instanceof SqlFunction function && Functions.denied(function.getName())) {
                        errors.add(at(
                                call,
                                GuardError.DENIED_FUNCTION,
                                "Function " + function.getName().toLowerCase(Locale.ROOT) + " may not be called."));
                    }
                    if (call.getOperator() instanceof SqlFunction function) {
                        Functions.resourceProblem(function.getName(), call.getOperandList())
                                .ifPresent(problem -> resources.add(at(call, GuardError.RESOURCE_LIMIT, problem)));
                    }
                    if (call instanceof SqlWithItem item
                            && catalog.schema().table(item.name.getSimple()).isPresent()) {
                        // Databases disagree on which one a later reference reads (H2 reads the
                        // table), so neither the validation nor the row policies could be trusted.
                        errors.add(at(
                                item.name,
                                GuardError.CTE_SHADOWS_TABLE,
                                "The CTE name " + item.name.getSimple()
                                        + " is also the name of a table; give the CTE another name."));
                    }
                    return super.visit(call);
                }

                @Override
                public Void visit(SqlLiteral literal) {
                    if (literal.getValue() instanceof NlsString s
                            && s.getValue().indexOf('\0') >= 0) {
                        // Databases disagree on NUL in text (some end the string there).
                        errors.add(at(literal, GuardError.INVALID, "String literals may not contain NUL characters."));
                    }
                    return null;
                }
            });
            if (!errors.isEmpty()) {
                return Optional.of(errors.get(0));
            }
            FromClauses.walk(statement, new FromClauses.Visitor() {
                @Override
                public SqlNode table(SqlIdentifier name) {
                    tableError(name).ifPresent(errors::add);
                    return null;
                }

                @Override
                public void tableFunction(SqlNode relation) {
                    errors.add(at(
                            relation,
                            GuardError.TABLE_FUNCTION,
                            "Only tables, views and subqueries may appear in FROM; this is "
                                    + firstLine(relation.toString()) + "."));
                }
            });
            errors.addAll(resources);
            return errors.stream().findFirst();
        }

        private Optional<GuardError> tableError(SqlIdentifier name) {
            List<String> names = name.names;
            String table = names.get(names.size() - 1);
            String schema = names.size() > 1 ? names.get(names.size() - 2) : null;
            String lower = table.toLowerCase(Locale.ROOT);
            boolean system = (schema != null && SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT)))
                    || lower.startsWith("sqlite_")
                    || lower.startsWith("pg_")
                    || lower.startsWith("duckdb_");
            if (system && !(schema == null && catalog.schema().table(table).isPresent())) {
                return Optional.of(at(
                        name,
                        GuardError.SYSTEM_CATALOG,
                        "System catalogs (" + String.join(".", names) + ") may not be read."));
            }
            Optional<WarehouseSchema.Table> found = catalog.schema().table(table);
            boolean schemaOk =
                    schema == null || schema.equalsIgnoreCase(catalog.schema().schema());
            if (found.isEmpty() || !schemaOk || names.size() > 3) {
                return Optional.of(unknownTable(name, String.join(".", names)));
            }
            String canonical = found.get().name();
            if (!permissions.canRead(principal, canonical)) {
                // Told exactly as a table that does not exist, suggestions included.
                return Optional.of(unknownTable(name, String.join(".", names)).asDenial());
            }
            referencedTables.add(canonical);
            return Optional.empty();
        }

        private GuardError unknownTable(SqlNode node, String name) {
            List<String> visible = catalog.schema().tables().stream()
                    .map(WarehouseSchema.Table::name)
                    .filter(t -> permissions.canRead(principal, t))
                    .toList();
            return new GuardError(
                    GuardError.UNKNOWN_TABLE,
                    "Table " + name + " does not exist or you may not read it.",
                    Suggestions.closest(name, visible, catalog, this::visibleName),
                    line(node),
                    column(node));
        }

        private boolean visibleName(String qualified) {
            int dot = qualified.indexOf('.');
            return dot < 0
                    ? permissions.canRead(principal, qualified)
                    : permissions.canRead(principal, qualified.substring(0, dot), qualified.substring(dot + 1));
        }

        // ---- 4. Rewrites applied to every parse of the statement ----

        /**
         * Applies the lenient fixes found so far, the row policies and column hiding, and (for the
         * output) the row cap.
         */
        private SqlNode prepare(SqlNode tree, boolean forOutput) {
            SqlNode fixed = applyFixes(tree, forOutput);
            if (!forOutput) {
                // ILIKE types like LIKE; Calcite's validator knows only the latter.
                fixed.accept(new SqlBasicVisitor<Void>() {
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
            if (target.joinsWithoutCondition()) {
                fixed.accept(new SqlBasicVisitor<Void>() {
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
            wrappers.clear();
            FromClauses.walk(fixed, new FromClauses.Visitor() {
                @Override
                public SqlNode table(SqlIdentifier name) {
                    return protect(name);
                }

                @Override
                public void tableFunction(SqlNode relation) {}

                @Override
                public boolean skip(SqlNode node) {
                    return wrappers.contains(node);
                }
            });
            return fixed;
        }

        /**
         * Replaces a reference to a table the principal reads only partly by a subquery that
         * selects the permitted columns and rows.
         */
        private SqlNode protect(SqlIdentifier name) {
            String last = name.names.get(name.names.size() - 1);
            WarehouseSchema.Table table = catalog.schema().table(last).orElse(null);
            if (table == null) {
                return null;
            }
            Optional<String> filter = permissions.rowFilter(principal, table.name());
            List<WarehouseSchema.Column> visible = table.columns().stream()
                    .filter(c -> permissions.canRead(principal, table.name(), c.name()))
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
            SqlNode where = filter.map(this::parsePredicate).orElse(null);
            // OFFSET 0 keeps the planner from moving the caller's predicates below the policy
            // (PostgreSQL never pushes them into such a subquery), so a predicate that fails on
            // some value — a cast, a division — only ever sees rows the policy admits.
            SqlNode fence = where != null && target.fencesWithOffset() ? SqlLiteral.createExactNumeric("0", pos) : null;
            SqlSelect wrapper = new SqlSelect(
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
            wrappers.add(wrapper);
            return wrapper;
        }

        private SqlNode parsePredicate(String predicate) {
            try {
                return SqlParser.create(predicate, parserConfig).parseExpression();
            } catch (SqlParseException e) {
                throw new IllegalStateException("a configured row policy does not parse: " + predicate, e);
            }
        }

        // ---- 5. Validation and lenient fixes for what real databases accept ----

        private SqlValidator validator() {
            Properties properties = new Properties();
            properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
            JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
            CalciteCatalogReader reader = new CalciteCatalogReader(
                    catalog.calciteSchema(),
                    List.of(catalog.schema().schema()),
                    types,
                    new CalciteConnectionConfigImpl(properties));
            return SqlValidatorUtil.newValidator(
                    SqlOperatorTables.chain(SqlStdOperatorTable.instance(), Functions.TABLE),
                    reader,
                    types,
                    SqlValidator.Config.DEFAULT.withConformance(CONFORMANCE).withIdentifierExpansion(true));
        }

        /**
         * Records a fix for an error the warehouse itself would not raise: a non-aggregated column
         * beside GROUP BY (SQLite and MySQL pick a value; the guard makes that explicit) and a
         * double-quoted string in dialects that read it as a literal. Returns false for real errors.
         */
        private boolean lenientFix(CalciteContextException e, SqlNode tree) {
            Position position = Position.of(e);
            if (fixes.containsKey(position)) {
                return false;
            }
            String message = causeMessage(e);
            if (NOT_GROUPED.matcher(message).find()) {
                fixes.put(position, Fix.ANY_VALUE);
                return true;
            }
            if (target.booleansAreNumbers()
                    && BOOLEAN_AGGREGATE.matcher(message).find()) {
                fixes.put(position, Fix.BOOLEAN_AS_NUMBER);
                return true;
            }
            if (target.doubleQuotedStrings()
                    && COLUMN_NOT_FOUND.matcher(message).find()) {
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

        private SqlNode applyFixes(SqlNode tree, boolean forOutput) {
            if (fixes.isEmpty()) {
                return tree;
            }
            return tree.accept(new FixApplier(fixes, forOutput ? target : null));
        }

        private GuardError explain(CalciteContextException e) {
            String message = causeMessage(e);
            int line = e.getPosLine();
            int column = e.getPosColumn();
            Matcher m = COLUMN_NOT_FOUND.matcher(message);
            if (m.find()) {
                String name = m.group(1);
                List<String> candidates = visibleColumns();
                GuardError unknown = new GuardError(
                        GuardError.UNKNOWN_COLUMN,
                        "Column " + name + " does not exist"
                                + (m.group(2) != null ? " in " + m.group(2) : " in the tables of this query")
                                + " or you may not read it.",
                        Suggestions.closest(name, candidates, catalog, this::visibleName),
                        line,
                        column);
                // A hidden column is told exactly as one that does not exist, suggestions included.
                return hiddenColumn(name) ? unknown.asDenial() : unknown;
            }
            m = COLUMN_AMBIGUOUS.matcher(message);
            if (m.find()) {
                String name = m.group(1);
                List<String> holders = referencedTables.stream()
                        .filter(t -> catalog.schema()
                                .table(t)
                                .flatMap(x -> x.column(name))
                                .isPresent())
                        .toList();
                return new GuardError(
                        GuardError.AMBIGUOUS_COLUMN,
                        "Column " + name + " is ambiguous"
                                + (holders.isEmpty() ? "" : " (in " + String.join(", ", holders) + ")")
                                + ": qualify it with a table name or alias.",
                        holders.stream().map(t -> t + "." + name).toList(),
                        line,
                        column);
            }
            m = OBJECT_NOT_FOUND.matcher(message);
            if (m.find()) {
                GuardError unknown = unknownTable(null, m.group(1));
                return new GuardError(unknown.code(), unknown.message(), unknown.suggestions(), line, column);
            }
            m = UNKNOWN_FUNCTION.matcher(message);
            if (m.find()) {
                String name = m.group(1).strip().toLowerCase(Locale.ROOT);
                return new GuardError(
                        GuardError.UNKNOWN_FUNCTION,
                        "Function " + name + " does not exist (or not with these arguments).",
                        Suggestions.closest(name, Functions.names(), null, n -> true),
                        line,
                        column);
            }
            String code = TYPE_PROBLEM.matcher(message).find() ? GuardError.TYPE_MISMATCH : GuardError.INVALID;
            int cut = message.indexOf(". Supported form(s)");
            return new GuardError(code, cut > 0 ? message.substring(0, cut) + "." : message, List.of(), line, column);
        }

        /** True when a table of the query has a column of this name the principal may not read. */
        private boolean hiddenColumn(String name) {
            return referencedTables.stream()
                    .flatMap(t -> catalog.schema().table(t).stream())
                    .anyMatch(t -> t.column(name).isPresent()
                            && !permissions.canRead(
                                    principal, t.name(), t.column(name).get().name()));
        }

        private List<String> visibleColumns() {
            List<String> columns = new ArrayList<>();
            for (String t : referencedTables) {
                catalog.schema()
                        .table(t)
                        .ifPresent(table -> table.columns().stream()
                                .filter(c -> permissions.canRead(principal, table.name(), c.name()))
                                .forEach(c -> columns.add(table.name() + "." + c.name())));
            }
            return columns;
        }

        // ---- 6. What the validated statement reads, and a last check of the rewrite ----

        private record Reads(Set<String> tables, Set<String> columns) {}

        private Reads reads(SqlNode validated, SqlValidator validator) {
            ReadCollector collector = new ReadCollector(validator, wrappers);
            collector.collect(validated);
            for (String table : collector.tables()) {
                boolean restricted = !permissions.canRead(principal, table)
                        || permissions.rowFilter(principal, table).isPresent()
                        || catalog.schema().table(table).get().columns().stream()
                                .anyMatch(c -> !permissions.canRead(principal, table, c.name()));
                if (restricted && collector.readOutsideWrappers(table)) {
                    throw new IllegalStateException("table " + table + " is read outside its row policy");
                }
            }
            return new Reads(collector.tables(), collector.columns());
        }

        // ---- 7. Output: row cap, catalog spelling, the target's dialect ----

        private CheckedSql render(Reads reads) {
            SqlNode tree = prepare(parseOrThrow(), true);
            long cap = 0;
            if (rowCap > 0) {
                Limit limited = Limit.cap(tree, rowCap);
                tree = limited.node();
                cap = limited.applied() ? rowCap : 0;
            }
            tree = tree.accept(new TypeAliases());
            tree.accept(new Portable());
            tree.accept(new Canonicalizer(catalog));
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
            return new CheckedSql(sql, target, reads.tables(), reads.columns(), cap, List.of(), principal.userId());
        }
    }

    /** Thrown when a text parses into more than one statement. */
    private static final class MultipleStatements extends Exception {
        private final GuardError error;

        MultipleStatements(GuardError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    private static GuardError at(SqlNode node, String code, String message) {
        return new GuardError(code, message, List.of(), line(node), column(node));
    }

    private static int line(SqlNode node) {
        return node == null ? 0 : node.getParserPosition().getLineNum();
    }

    private static int column(SqlNode node) {
        return node == null ? 0 : node.getParserPosition().getColumnNum();
    }

    private static String causeMessage(CalciteContextException e) {
        return e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage()
                : e.getMessage();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static String padded(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
