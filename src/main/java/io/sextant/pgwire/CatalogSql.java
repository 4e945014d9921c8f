package io.sextant.pgwire;

import io.sextant.sql.SqlTokens;
import io.sextant.sql.SqlTokens.Token;
import io.sextant.sql.SqlTokens.Type;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Tells catalog queries from queries of the warehouse, and rewrites a catalog query's
 * PostgreSQL-only syntax into what the in-memory catalog database runs: {@code x::regclass} into a
 * lookup function, {@code OPERATOR(pg_catalog.~)} into {@code ~}, {@code COLLATE} clauses away,
 * {@code information_schema} to the emulated schema, and the session's own values ({@code
 * current_user}, {@code current_schema()}, {@code version()}, ...) into literals.
 */
final class CatalogSql {

    /** Schemas, and keywords that are session values, whose presence makes a statement a catalog query. */
    private static final Set<String> CATALOG_WORDS = Set.of(
            "pg_catalog", "information_schema", "current_user", "session_user", "current_catalog", "current_schema");

    /**
     * Functions that make a statement a catalog query when called (a column of the warehouse may
     * well be named {@code version}).
     */
    private static final Set<String> CATALOG_FUNCTIONS = Set.of(
            "version",
            "current_schemas",
            "current_database",
            "current_setting",
            "format_type",
            "obj_description",
            "col_description",
            "shobj_description",
            "to_regclass",
            "to_regtype",
            "txid_current",
            "inet_server_addr",
            "inet_server_port",
            "pg_backend_pid");

    /** PostgreSQL types the catalog database has under another name. */
    private static final Map<String, String> TYPE_NAMES = Map.ofEntries(
            Map.entry("oid", "BIGINT"),
            Map.entry("xid", "BIGINT"),
            Map.entry("cid", "BIGINT"),
            Map.entry("name", "VARCHAR"),
            Map.entry("text", "VARCHAR"),
            Map.entry("char", "CHAR"),
            Map.entry("bpchar", "CHAR"),
            Map.entry("int2vector", "VARCHAR"),
            Map.entry("oidvector", "VARCHAR"),
            Map.entry("sql_identifier", "VARCHAR"),
            Map.entry("character_data", "VARCHAR"),
            Map.entry("cardinal_number", "INT"),
            Map.entry("yes_or_no", "VARCHAR"),
            Map.entry("int2", "SMALLINT"),
            Map.entry("int4", "INT"),
            Map.entry("int8", "BIGINT"),
            Map.entry("float4", "REAL"),
            Map.entry("float8", "DOUBLE PRECISION"),
            Map.entry("bool", "BOOLEAN"),
            Map.entry("aclitem", "VARCHAR"),
            Map.entry("pg_node_tree", "VARCHAR"));

    /** Casts to OID alias types, answered by a lookup function of the catalog. */
    private static final Set<String> REG_TYPES =
            Set.of("regclass", "regtype", "regproc", "regprocedure", "regnamespace", "regrole", "regoper");

    /**
     * Parts of queries that known clients send which the catalog database cannot run as written,
     * with what they amount to in the emulated catalog.
     */
    private static final List<Map.Entry<java.util.regex.Pattern, String>> KNOWN = List.of(
            // psql's \\d: the options of a table's TOAST table (there are none).
            known(
                    "array\\(\\s*select\\s+'toast\\.'\\s*\\|\\|\\s*x\\s+from\\s+(pg_catalog\\.)?unnest\\(\\s*tc\\.reloptions\\s*\\)\\s*x\\s*\\)",
                    "CAST(NULL AS VARCHAR ARRAY)"),
            // SQLAlchemy's primary key columns: set-returning functions in the select list, as a join.
            known(
                    "SELECT\\s+(pg_catalog\\.)?unnest\\((\\w+)\\.indkey\\)\\s+attnum\\s*,\\s*(pg_catalog\\.)?generate_subscripts\\(\\2\\.indkey\\s*,\\s*1\\)\\s+ord\\s+FROM\\s+(pg_catalog\\.)?pg_index\\s+\\2\\b",
                    "SELECT $2.indkey[k.x] attnum, k.x ord FROM pg_catalog.pg_index $2 JOIN system_range(1, 32) k(x)"
                            + " ON k.x <= cardinality($2.indkey)"),
            // pgjdbc's getPrimaryKeys: the composite result of _pg_expandarray, as the key's position.
            known(
                    "\\(information_schema\\._pg_expandarray\\((\\w+)\\.indkey\\)\\)\\.n",
                    "array_position($1.indkey, a.attnum)"),
            known(
                    "information_schema\\._pg_expandarray\\((\\w+)\\.indkey\\)",
                    "CASE WHEN array_contains($1.indkey, a.attnum) THEN a.attnum END"),
            known("\\(result\\.KEYS\\)\\.x", "result.KEYS"));

    private static Map.Entry<java.util.regex.Pattern, String> known(String regex, String replacement) {
        return Map.entry(java.util.regex.Pattern.compile("(?i)" + regex), replacement);
    }

    /** Words PostgreSQL takes as column labels after AS that the catalog database reserves. */
    private static final Set<String> LABEL_KEYWORDS = Set.of(
            "default",
            "value",
            "key",
            "user",
            "row",
            "rows",
            "values",
            "year",
            "month",
            "day",
            "hour",
            "minute",
            "second",
            "end",
            "all",
            "any",
            "some",
            "top",
            "minus",
            "qualify",
            "regexp",
            "rownum",
            "sysdate",
            "systimestamp",
            "today",
            "unknown",
            "position",
            "window",
            "check",
            "primary",
            "unique",
            "constraint",
            "current_date",
            "current_time",
            "current_timestamp",
            "localtime",
            "localtimestamp",
            "limit",
            "offset",
            "order",
            "group",
            "table",
            "distinct",
            "exists",
            "false",
            "true",
            "null",
            "for",
            "from",
            "having",
            "inner",
            "intersect",
            "interval",
            "is",
            "join",
            "left",
            "like",
            "natural",
            "not",
            "on",
            "right",
            "select",
            "set",
            "union",
            "using",
            "where",
            "with");

    /** The token left of a comparison ({@code =}, {@code <>}, {@code !=}) whose right side is token i; -1 if none. */
    private static int comparedColumn(List<Token> tokens, int i) {
        if (i < 2) {
            return -1;
        }
        Token op = tokens.get(i - 1);
        int start = i - 1;
        if (op.isSymbol("=")
                && (tokens.get(i - 2).isSymbol("!") || tokens.get(i - 2).isSymbol("<"))) {
            start = i - 2;
        } else if (op.isSymbol(">") && tokens.get(i - 2).isSymbol("<")) {
            start = i - 2;
        } else if (!op.isSymbol("=")) {
            return -1;
        }
        return start - 1;
    }

    /** The boolean columns of the emulated catalog, as declared in its script. */
    private static final Set<String> BOOLEAN_COLUMNS = fromScript("(\\w+) BOOLEAN");

    /** The emulated catalog's relations (from its script) and functions: their names make a catalog query. */
    private static final Set<String> CATALOG_NAMES = catalogNames();

    private static Set<String> catalogNames() {
        Set<String> names = new java.util.HashSet<>(fromScript("CREATE (?:TABLE|VIEW) (\\w+)"));
        CatalogFunctions.ALIASES.forEach(a -> names.add(a[0]));
        names.removeIf(n -> !n.startsWith("pg_") && !n.startsWith("has_") && !n.contains("description"));
        return Set.copyOf(names);
    }

    private static Set<String> fromScript(String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(PgCatalog.SCRIPT);
        Set<String> names = new java.util.HashSet<>();
        while (m.find()) {
            names.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(names);
    }

    /** PostgreSQL functions the catalog database has with other behaviour; ours are named pg_NAME. */
    private static final Set<String> RENAMED_FUNCTIONS = Set.of("array_length", "quote_ident");

    /** Words after a FROM item that are not its alias. */
    private static final Set<String> NOT_ALIASES = Set.of(
            "where",
            "join",
            "left",
            "right",
            "inner",
            "outer",
            "cross",
            "full",
            "on",
            "group",
            "order",
            "limit",
            "union",
            "except",
            "intersect",
            "having",
            "offset",
            "with",
            "window",
            "natural",
            "using",
            "fetch");

    private CatalogSql() {}

    /** Whether a statement reads the system catalog or asks for session values only it knows. */
    static boolean isCatalogQuery(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() == Type.WORD || t.type() == Type.DOUBLE_QUOTED) {
                String word = unquote(t).toLowerCase(Locale.ROOT);
                boolean call = followedBy(tokens, i, "(");
                boolean qualified = i > 0 && tokens.get(i - 1).isSymbol(".");
                if (CATALOG_WORDS.contains(word)
                        || CATALOG_NAMES.contains(word)
                        || (call && !qualified && CATALOG_FUNCTIONS.contains(word))) {
                    return true;
                }
            }
            if (t.isSymbol(":") && followedBy(tokens, i, ":") && i + 2 < tokens.size()) {
                String type = tokens.get(i + 2).text().toLowerCase(Locale.ROOT);
                if (REG_TYPES.contains(type) || type.equals("pg_catalog")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The statement as the catalog database runs it.
     *
     * @param session values of the session: the names {@code current_user}, {@code
     *     current_schema}, {@code current_database}, {@code version}, {@code pg_backend_pid} and
     *     settings by name (for {@code current_setting('name')})
     */
    static String rewrite(String sql, Function<String, String> session) {
        String current = sql;
        for (Map.Entry<java.util.regex.Pattern, String> known : KNOWN) {
            current = known.getKey().matcher(current).replaceAll(known.getValue());
        }
        for (int guard = 0; guard < 1000; guard++) {
            String next = rewriteOnce(current, session);
            if (next.equals(current)) {
                return current;
            }
            current = next;
        }
        return current;
    }

    /** Applies the first rewrite that matches, or returns the statement unchanged. */
    private static String rewriteOnce(String sql, Function<String, String> session) {
        List<Token> tokens = SqlTokens.tokenize(sql);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            // OPERATOR(pg_catalog.~) -> ~
            if (t.isWord("operator") && followedBy(tokens, i, "(")) {
                int close = closing(tokens, i + 1);
                if (close > 0) {
                    StringBuilder op = new StringBuilder();
                    for (int j = i + 2; j < close; j++) {
                        Token part = tokens.get(j);
                        if (part.type() == Type.SYMBOL && !part.isSymbol(".")) {
                            op.append(part.text());
                        }
                    }
                    return replace(sql, t.start(), tokens.get(close).end(), " " + op + " ");
                }
            }
            // COLLATE pg_catalog."default" / COLLATE "C" -> nothing
            if (t.isWord("collate") && i + 1 < tokens.size()) {
                int end = i + 1;
                if (end + 2 < tokens.size() && tokens.get(end + 1).isSymbol(".")) {
                    end += 2;
                }
                return replace(sql, t.start(), tokens.get(end).end(), " ");
            }
            // FROM unnest(a) x -> FROM unnest(a) x(x): the alias of a set-returning function names its column too
            int aliasAt = (t.isWord("unnest") || t.isWord("generate_series")) ? fromItemAlias(tokens, i) : -1;
            if (aliasAt > 0 && !followedBy(tokens, aliasAt, "(")) {
                Token alias = tokens.get(aliasAt);
                return replace(sql, alias.end(), alias.end(), "(" + alias.text() + ")");
            }
            // AS default -> AS "default": column labels that are keywords of the catalog database
            if (t.isWord("as")
                    && i + 1 < tokens.size()
                    && tokens.get(i + 1).type() == Type.WORD
                    && LABEL_KEYWORDS.contains(tokens.get(i + 1).text().toLowerCase(Locale.ROOT))) {
                Token label = tokens.get(i + 1);
                return replace(
                        sql, label.start(), label.end(), "\"" + label.text().toLowerCase(Locale.ROOT) + "\"");
            }
            // indisprimary = 'f' -> indisprimary = FALSE (the catalog database does not cast text to boolean)
            int operand = t.type() == Type.STRING ? comparedColumn(tokens, i) : -1;
            if (operand >= 0
                    && tokens.get(operand).type() == Type.WORD
                    && BOOLEAN_COLUMNS.contains(tokens.get(operand).text().toLowerCase(Locale.ROOT))) {
                String v = unquote(t).toLowerCase(Locale.ROOT);
                if (v.equals("t") || v.equals("true") || v.equals("f") || v.equals("false")) {
                    return replace(sql, t.start(), t.end(), v.startsWith("t") ? "TRUE" : "FALSE");
                }
            }
            // FROM string_to_array(a, b) s -> FROM (SELECT string_to_array(a, b) AS s) s
            int arrayAlias = t.isWord("string_to_array") ? fromItemAlias(tokens, i) : -1;
            if (arrayAlias > 0) {
                String alias = tokens.get(arrayAlias).text();
                String call = sql.substring(
                        t.start(), tokens.get(closing(tokens, i + 1)).end());
                return replace(
                        sql,
                        t.start(),
                        tokens.get(arrayAlias).end(),
                        "(SELECT " + call + " AS " + alias + ") " + alias);
            }
            // array_length(a, 1), quote_ident(x): the catalog database has functions of these names
            // that behave otherwise (one argument; always quoting)
            if (t.type() == Type.WORD
                    && RENAMED_FUNCTIONS.contains(t.text().toLowerCase(Locale.ROOT))
                    && followedBy(tokens, i, "(")
                    && !(i > 0 && tokens.get(i - 1).isSymbol("."))) {
                return replace(sql, t.start(), t.end(), "pg_" + t.text().toLowerCase(Locale.ROOT));
            }
            // '{1,2}' -> ARRAY[1,2] (catalog queries compare arrays with array literals)
            if (t.type() == Type.STRING && t.text().startsWith("'{") && t.text().endsWith("}'")) {
                return replace(sql, t.start(), t.end(), arrayLiteral(unquote(t)));
            }
            // information_schema.x -> pg_information_schema.x
            if ((t.type() == Type.WORD || t.type() == Type.DOUBLE_QUOTED)
                    && unquote(t).equalsIgnoreCase("information_schema")
                    && followedBy(tokens, i, ".")) {
                return replace(sql, t.start(), t.end(), "pg_information_schema");
            }
            // pg_catalog.f( -> f(   (functions live in the default schema, which is pg_catalog)
            if ((t.type() == Type.WORD || t.type() == Type.DOUBLE_QUOTED)
                    && unquote(t).equalsIgnoreCase("pg_catalog")
                    && followedBy(tokens, i, ".")
                    && i + 3 < tokens.size()
                    && tokens.get(i + 3).isSymbol("(")) {
                return replace(sql, t.start(), tokens.get(i + 2).start(), "");
            }
            if (t.isSymbol(":") && followedBy(tokens, i, ":") && i + 2 < tokens.size()) {
                String rewritten = cast(sql, tokens, i);
                if (rewritten != null) {
                    return rewritten;
                }
            }
            if (t.type() == Type.WORD) {
                String word = t.text().toLowerCase(Locale.ROOT);
                boolean call = followedBy(tokens, i, "(");
                boolean qualified = i > 0 && tokens.get(i - 1).isSymbol(".");
                if (qualified) {
                    continue;
                }
                switch (word) {
                    case "current_user", "session_user", "current_role", "user" -> {
                        if (!call && !previousIsAs(tokens, i)) {
                            return value(sql, tokens, i, i, literal(session.apply("current_user")), word);
                        }
                    }
                    case "current_catalog" -> {
                        if (!call && !previousIsAs(tokens, i)) {
                            return value(sql, tokens, i, i, literal(session.apply("current_database")), word);
                        }
                    }
                    case "current_schema", "current_database", "version", "pg_backend_pid" -> {
                        if (call && tokens.get(i + 2).isSymbol(")")) {
                            String v = session.apply(word);
                            String text = word.equals("pg_backend_pid") ? v : literal(v);
                            return value(sql, tokens, i, i + 2, text, word);
                        }
                        if (!call && word.equals("current_schema") && !previousIsAs(tokens, i)) {
                            return value(sql, tokens, i, i, literal(session.apply("current_schema")), word);
                        }
                    }
                    case "current_setting" -> {
                        if (call
                                && i + 3 < tokens.size()
                                && tokens.get(i + 2).type() == Type.STRING
                                && tokens.get(i + 3).isSymbol(")")) {
                            String name = unquote(tokens.get(i + 2)).toLowerCase(Locale.ROOT);
                            return value(sql, tokens, i, i + 3, literal(session.apply("setting:" + name)), word);
                        }
                    }
                    case "current_schemas" -> {
                        int close = call ? closing(tokens, i + 1) : -1;
                        if (close > 0) {
                            boolean implicit =
                                    tokens.subList(i + 2, close).stream().anyMatch(x -> x.isWord("true"));
                            String schemas =
                                    (implicit ? "'pg_catalog', " : "") + literal(session.apply("current_schema"));
                            return replace(sql, t.start(), tokens.get(close).end(), "ARRAY[" + schemas + "]");
                        }
                    }
                    default -> {}
                }
            }
        }
        return sql;
    }

    /**
     * Replaces tokens {@code first..last} by a value; when they are a whole item of the select
     * list, the column keeps the name PostgreSQL gives it (the function's name).
     */
    private static String value(String sql, List<Token> tokens, int first, int last, String text, String label) {
        boolean itemStart = first > 0
                && (tokens.get(first - 1).isWord("select")
                        || tokens.get(first - 1).isSymbol(","));
        boolean itemEnd = last + 1 >= tokens.size()
                || tokens.get(last + 1).isSymbol(",")
                || tokens.get(last + 1).isWord("from")
                || tokens.get(last + 1).isSymbol(";");
        String labelled = itemStart && itemEnd ? text + " AS \"" + label + "\"" : text;
        return replace(sql, tokens.get(first).start(), tokens.get(last).end(), labelled);
    }

    private static boolean previousIsAs(List<Token> tokens, int i) {
        return i > 0 && (tokens.get(i - 1).isWord("as") || tokens.get(i - 1).isSymbol("."));
    }

    /** Rewrites the cast at {@code ::} (tokens i, i+1) when its type needs it; null when it does not. */
    private static String cast(String sql, List<Token> tokens, int i) {
        int typeAt = i + 2;
        if (typeAt + 2 < tokens.size()
                && tokens.get(typeAt + 1).isSymbol(".")
                && (unquote(tokens.get(typeAt)).equalsIgnoreCase("pg_catalog")
                        || unquote(tokens.get(typeAt)).equalsIgnoreCase("information_schema"))) {
            return replace(
                    sql, tokens.get(typeAt).start(), tokens.get(typeAt + 2).start(), "");
        }
        Token typeToken = tokens.get(typeAt);
        String type = unquote(typeToken).toLowerCase(Locale.ROOT);
        if (REG_TYPES.contains(type)) {
            int operandStart = operandStart(tokens, i - 1);
            if (operandStart < 0) {
                return null;
            }
            String operand = sql.substring(
                    tokens.get(operandStart).start(), tokens.get(i - 1).end());
            return replace(
                    sql,
                    tokens.get(operandStart).start(),
                    typeToken.end(),
                    "pg_catalog.to_" + type + "_oid(" + operand + ")");
        }
        String renamed = TYPE_NAMES.get(type);
        if (renamed != null
                && !(typeToken.type() == Type.WORD && typeToken.text().equals(renamed))) {
            boolean array = typeAt + 2 < tokens.size()
                    && tokens.get(typeAt + 1).isSymbol("[")
                    && tokens.get(typeAt + 2).isSymbol("]");
            int end = array ? tokens.get(typeAt + 2).end() : typeToken.end();
            return replace(sql, typeToken.start(), end, renamed + (array ? " ARRAY" : ""));
        }
        return null;
    }

    /**
     * The index of the alias of a function call that is an item of a FROM list ({@code FROM f(...)
     * [AS] x} or {@code , f(...) x}), the call's name at token i; -1 when it is not one or has none.
     */
    private static int fromItemAlias(List<Token> tokens, int i) {
        if (i == 0
                || !(tokens.get(i - 1).isWord("from") || tokens.get(i - 1).isSymbol(","))
                || !followedBy(tokens, i, "(")) {
            return -1;
        }
        int close = closing(tokens, i + 1);
        if (close < 0) {
            return -1;
        }
        int aliasAt = close + 1;
        if (aliasAt < tokens.size() && tokens.get(aliasAt).isWord("as")) {
            aliasAt++;
        }
        boolean alias = aliasAt < tokens.size()
                && tokens.get(aliasAt).type() == Type.WORD
                && !NOT_ALIASES.contains(tokens.get(aliasAt).text().toLowerCase(Locale.ROOT));
        return alias ? aliasAt : -1;
    }

    /** Index of the first token of the operand that ends at token {@code last}; -1 when unclear. */
    private static int operandStart(List<Token> tokens, int last) {
        if (last < 0) {
            return -1;
        }
        Token t = tokens.get(last);
        int at;
        if (t.isSymbol(")")) {
            int depth = 0;
            at = last;
            for (; at >= 0; at--) {
                if (tokens.get(at).isSymbol(")")) {
                    depth++;
                } else if (tokens.get(at).isSymbol("(") && --depth == 0) {
                    break;
                }
            }
            if (at < 0) {
                return -1;
            }
            if (at > 0 && tokens.get(at - 1).type() == Type.WORD) {
                at--;
            } else {
                return at;
            }
        } else if (t.type() == Type.STRING || t.type() == Type.NUMBER) {
            return last;
        } else if (t.type() == Type.WORD || t.type() == Type.DOUBLE_QUOTED) {
            at = last;
        } else {
            return -1;
        }
        while (at >= 2
                && tokens.get(at - 1).isSymbol(".")
                && (tokens.get(at - 2).type() == Type.WORD || tokens.get(at - 2).type() == Type.DOUBLE_QUOTED)) {
            at -= 2;
        }
        return at;
    }

    private static int closing(List<Token> tokens, int open) {
        int depth = 0;
        for (int j = open; j < tokens.size(); j++) {
            if (tokens.get(j).isSymbol("(")) {
                depth++;
            } else if (tokens.get(j).isSymbol(")") && --depth == 0) {
                return j;
            }
        }
        return -1;
    }

    private static boolean followedBy(List<Token> tokens, int i, String symbol) {
        return i + 1 < tokens.size() && tokens.get(i + 1).isSymbol(symbol);
    }

    private static String replace(String sql, int start, int end, String with) {
        return sql.substring(0, start) + with + sql.substring(end);
    }

    /** A token's text without its quotes (doubled quotes undone). */
    static String unquote(Token t) {
        String s = t.text();
        return switch (t.type()) {
            case DOUBLE_QUOTED ->
                s.length() >= 2 ? s.substring(1, s.length() - 1).replace("\"\"", "\"") : s;
            case STRING ->
                s.length() >= 2 && s.startsWith("'")
                        ? s.substring(1, s.length() - 1).replace("''", "'")
                        : s;
            default -> s;
        };
    }

    /** An array constructor for PostgreSQL's text form of an array, e.g. {@code {0}} or {@code {a,b}}. */
    private static String arrayLiteral(String text) {
        String inner = text.substring(1, text.length() - 1).trim();
        if (inner.isEmpty()) {
            return "ARRAY[]";
        }
        List<String> items = new java.util.ArrayList<>();
        for (String item : inner.split(",")) {
            String v = item.trim();
            if (v.startsWith("\"") && v.endsWith("\"") && v.length() > 1) {
                v = v.substring(1, v.length() - 1);
            }
            items.add(v.matches("-?[0-9]+") ? v : literal(v));
        }
        return "ARRAY[" + String.join(", ", items) + "]";
    }

    /** A SQL string literal (or NULL). */
    static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }
}
