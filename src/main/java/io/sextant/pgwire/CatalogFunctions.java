package io.sextant.pgwire;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.h2.tools.SimpleResultSet;

/**
 * PostgreSQL's catalog functions for the in-memory catalog database, registered there as Java
 * functions by {@link PgCatalog}. Those that look something up read the caller's own catalog
 * through the connection the database passes in; none can reach the warehouse.
 */
public final class CatalogFunctions {

    /** The functions by SQL name and Java method, as registered. */
    static final List<String[]> ALIASES = List.of(
            new String[] {"format_type", "formatType"},
            new String[] {"information_schema_type", "informationSchemaType"},
            new String[] {"pg_get_expr", "getExpr"},
            new String[] {"pg_get_indexdef", "getIndexdef"},
            new String[] {"pg_get_constraintdef", "getConstraintdef"},
            new String[] {"pg_get_userbyid", "getUserById"},
            new String[] {"pg_get_viewdef", "nothing"},
            new String[] {"pg_get_triggerdef", "nothing"},
            new String[] {"pg_get_functiondef", "nothing"},
            new String[] {"pg_get_function_result", "nothing"},
            new String[] {"pg_get_function_arguments", "nothing"},
            new String[] {"pg_get_function_identity_arguments", "nothing"},
            new String[] {"pg_get_partkeydef", "nothing"},
            new String[] {"pg_get_statisticsobjdef_columns", "nothing"},
            new String[] {"pg_get_serial_sequence", "nothing"},
            new String[] {"pg_get_partition_constraintdef", "nothing"},
            new String[] {"pg_get_ruledef", "nothing"},
            new String[] {"pg_get_function_sqlbody", "nothing"},
            new String[] {"pg_tablespace_location", "nothing"},
            new String[] {"pg_relation_is_publishable", "no"},
            new String[] {"pg_table_is_visible", "yes"},
            new String[] {"pg_type_is_visible", "yes"},
            new String[] {"pg_function_is_visible", "yes"},
            new String[] {"pg_is_other_temp_schema", "no"},
            new String[] {"pg_is_in_recovery", "no"},
            new String[] {"has_table_privilege", "hasPrivilege"},
            new String[] {"has_schema_privilege", "hasPrivilege"},
            new String[] {"has_database_privilege", "hasPrivilege"},
            new String[] {"has_column_privilege", "hasPrivilege"},
            new String[] {"has_any_column_privilege", "hasPrivilege"},
            new String[] {"has_function_privilege", "hasPrivilege"},
            new String[] {"has_sequence_privilege", "hasPrivilege"},
            new String[] {"obj_description", "objDescription"},
            new String[] {"col_description", "colDescription"},
            new String[] {"shobj_description", "nothing"},
            new String[] {"pg_encoding_to_char", "encodingToChar"},
            new String[] {"pg_char_to_encoding", "charToEncoding"},
            new String[] {"to_regclass", "toRegclass"},
            new String[] {"to_regclass_oid", "toRegclass"},
            new String[] {"to_regtype", "toRegtype"},
            new String[] {"to_regtype_oid", "toRegtype"},
            new String[] {"to_regproc_oid", "toRegproc"},
            new String[] {"to_regprocedure_oid", "toRegproc"},
            new String[] {"to_regproc", "toRegproc"},
            new String[] {"to_regoper_oid", "toOid"},
            new String[] {"to_regrole_oid", "toRegrole"},
            new String[] {"to_regnamespace_oid", "toRegnamespace"},
            new String[] {"array_to_string", "arrayToString"},
            new String[] {"array_upper", "arrayUpper"},
            new String[] {"array_lower", "arrayLower"},
            new String[] {"pg_array_length", "arrayUpper"},
            new String[] {"pg_quote_ident", "quoteIdent"},
            new String[] {"array_position", "arrayPosition"},
            new String[] {"pg_relation_size", "zero"},
            new String[] {"pg_total_relation_size", "zero"},
            new String[] {"pg_table_size", "zero"},
            new String[] {"pg_indexes_size", "zero"},
            new String[] {"pg_size_pretty", "sizePretty"},
            new String[] {"txid_current", "one"},
            new String[] {"pg_my_temp_schema", "zeroOid"},
            new String[] {"pg_postmaster_start_time", "startTime"},
            new String[] {"inet_server_addr", "nothingAtAll"},
            new String[] {"inet_server_port", "nothingAtAll"},
            new String[] {"json_build_object", "jsonObject"},
            new String[] {"string_to_array", "stringToArray"},
            new String[] {"parse_ident", "parseIdent"},
            new String[] {"pg_stat_get_numscans", "zero"},
            new String[] {"pg_get_keywords", "keywords"});

    private static final java.time.OffsetDateTime STARTED = java.time.OffsetDateTime.now();

    private CatalogFunctions() {}

    public static String formatType(Long oid, Integer typmod) {
        if (oid == null) {
            return null;
        }
        Optional<PgType> type = PgType.byOid(oid.intValue());
        if (type.isEmpty()) {
            return PgType.elementOfArray(oid.intValue())
                    .map(e -> formatType((long) e.oid, typmod) + "[]")
                    .orElse("???");
        }
        int mod = typmod == null ? -1 : typmod;
        return switch (type.get()) {
            case INT2 -> "smallint";
            case INT4 -> "integer";
            case INT8 -> "bigint";
            case FLOAT4 -> "real";
            case FLOAT8 -> "double precision";
            case BOOL -> "boolean";
            case CHAR -> "\"char\"";
            case VARCHAR -> "character varying" + (mod > 4 ? "(" + (mod - 4) + ")" : "");
            case BPCHAR -> "character" + (mod > 4 ? "(" + (mod - 4) + ")" : "");
            case NUMERIC -> "numeric" + (mod > 4 ? "(" + ((mod - 4) >> 16) + "," + ((mod - 4) & 0xFFFF) + ")" : "");
            case TIMESTAMP -> "timestamp without time zone";
            case TIMESTAMPTZ -> "timestamp with time zone";
            case TIME -> "time without time zone";
            case TIMETZ -> "time with time zone";
            default -> type.get().typeName;
        };
    }

    public static String informationSchemaType(Long oid) {
        if (oid == null) {
            return null;
        }
        if (PgType.byOid(oid.intValue()).isEmpty()) {
            return PgType.elementOfArray(oid.intValue()).isPresent() ? "ARRAY" : "USER-DEFINED";
        }
        return formatType(oid, -1);
    }

    public static String getExpr(String expression, Long relation) {
        return expression;
    }

    public static String getExpr(String expression, Long relation, Boolean pretty) {
        return expression;
    }

    public static String getIndexdef(Connection c, Long index) throws SQLException {
        return getIndexdef(c, index, 0, false);
    }

    public static String getIndexdef(Connection c, Long index, Integer column, Boolean pretty) throws SQLException {
        if (index == null) {
            return null;
        }
        try (PreparedStatement st = c.prepareStatement(
                "SELECT ic.relname, i.indisunique, n.nspname, t.relname, t.oid FROM pg_catalog.pg_index i"
                        + " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
                        + " JOIN pg_catalog.pg_class t ON t.oid = i.indrelid"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace WHERE i.indexrelid = ?")) {
            st.setLong(1, index);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                List<String> columns = indexColumns(c, index);
                if (column != null && column > 0) {
                    return column <= columns.size() ? columns.get(column - 1) : "";
                }
                return "CREATE " + (rs.getBoolean(2) ? "UNIQUE " : "") + "INDEX " + rs.getString(1) + " ON "
                        + rs.getString(3) + "." + rs.getString(4) + " USING btree (" + String.join(", ", columns)
                        + ")";
            }
        }
    }

    public static String getConstraintdef(Connection c, Long constraint) throws SQLException {
        return getConstraintdef(c, constraint, false);
    }

    public static String getConstraintdef(Connection c, Long constraint, Boolean pretty) throws SQLException {
        if (constraint == null) {
            return null;
        }
        try (PreparedStatement st =
                c.prepareStatement("SELECT contype, conindid FROM pg_catalog.pg_constraint WHERE oid = ?")) {
            st.setLong(1, constraint);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String kind = "p".equals(rs.getString(1)) ? "PRIMARY KEY" : "UNIQUE";
                return kind + " (" + String.join(", ", indexColumns(c, rs.getLong(2))) + ")";
            }
        }
    }

    private static List<String> indexColumns(Connection c, long index) throws SQLException {
        List<String> columns = new ArrayList<>();
        // in key order: array_position is this catalog's own function (arrayPosition)
        try (PreparedStatement st = c.prepareStatement(
                "SELECT a.attname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid"
                        + " AND ARRAY_CONTAINS(i.indkey, a.attnum) WHERE i.indexrelid = ?"
                        + " ORDER BY pg_catalog.array_position(i.indkey, a.attnum)")) {
            st.setLong(1, index);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    public static String getUserById(Connection c, Long role) throws SQLException {
        if (role == null) {
            return null;
        }
        try (PreparedStatement st = c.prepareStatement("SELECT rolname FROM pg_catalog.pg_roles WHERE oid = ?")) {
            st.setLong(1, role);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : "unknown (OID=" + role + ")";
            }
        }
    }

    public static String nothing(String a) {
        return null;
    }

    public static String nothing(String a, String b) {
        return null;
    }

    public static String nothing(String a, String b, String c) {
        return null;
    }

    public static String nothingAtAll() {
        return null;
    }

    public static Boolean yes(String a) {
        return true;
    }

    public static Boolean no(String a) {
        return false;
    }

    public static Boolean no() {
        return false;
    }

    /** The caller may read what their catalog shows (SELECT, USAGE, CONNECT), and change nothing. */
    public static Boolean hasPrivilege(String object, String privilege) {
        return readPrivilege(privilege);
    }

    public static Boolean hasPrivilege(String user, String object, String privilege) {
        return readPrivilege(privilege);
    }

    public static Boolean hasPrivilege(String user, String object, String column, String privilege) {
        return readPrivilege(privilege);
    }

    private static Boolean readPrivilege(String privilege) {
        if (privilege == null) {
            return null;
        }
        for (String p : privilege.split(",")) {
            String name = p.trim().toLowerCase(Locale.ROOT).replace(" with grant option", "");
            if (name.equals("select") || name.equals("usage") || name.equals("connect") || name.equals("execute")) {
                return true;
            }
        }
        return false;
    }

    public static String objDescription(Connection c, Long object) throws SQLException {
        return description(c, object, 0);
    }

    public static String objDescription(Connection c, Long object, String catalog) throws SQLException {
        return description(c, object, 0);
    }

    public static String colDescription(Connection c, Long table, Integer column) throws SQLException {
        return column == null ? null : description(c, table, column);
    }

    private static String description(Connection c, Long object, int sub) throws SQLException {
        if (object == null) {
            return null;
        }
        try (PreparedStatement st = c.prepareStatement(
                "SELECT description FROM pg_catalog.pg_description WHERE objoid = ? AND objsubid = ?")) {
            st.setLong(1, object);
            st.setInt(2, sub);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public static String encodingToChar(Integer encoding) {
        return encoding == null ? null : encoding == 6 ? "UTF8" : "";
    }

    public static Integer charToEncoding(String name) {
        return name != null && name.replace("-", "").equalsIgnoreCase("utf8") ? 6 : -1;
    }

    /** PostgreSQL's fixed OIDs of its own catalog tables, which clients name with ::regclass. */
    private static final java.util.Map<String, Long> SYSTEM_RELATIONS = java.util.Map.ofEntries(
            java.util.Map.entry("pg_type", 1247L),
            java.util.Map.entry("pg_attribute", 1249L),
            java.util.Map.entry("pg_proc", 1255L),
            java.util.Map.entry("pg_class", 1259L),
            java.util.Map.entry("pg_authid", 1260L),
            java.util.Map.entry("pg_database", 1262L),
            java.util.Map.entry("pg_constraint", 2606L),
            java.util.Map.entry("pg_description", 2609L),
            java.util.Map.entry("pg_index", 2610L),
            java.util.Map.entry("pg_namespace", 2615L),
            java.util.Map.entry("pg_trigger", 2620L),
            java.util.Map.entry("pg_rewrite", 2618L),
            java.util.Map.entry("pg_attrdef", 2604L),
            java.util.Map.entry("pg_am", 2601L),
            java.util.Map.entry("pg_collation", 3456L),
            java.util.Map.entry("pg_enum", 3501L),
            java.util.Map.entry("pg_extension", 3079L),
            java.util.Map.entry("pg_inherits", 2611L),
            java.util.Map.entry("pg_policy", 3256L),
            java.util.Map.entry("pg_tablespace", 1213L));

    public static Long toRegclass(Connection c, String value) throws SQLException {
        if (value != null) {
            String name = value.trim().toLowerCase(Locale.ROOT).replace("\"", "");
            name = name.startsWith("pg_catalog.") ? name.substring("pg_catalog.".length()) : name;
            Long system = SYSTEM_RELATIONS.get(name);
            if (system != null) {
                return system;
            }
        }
        return lookup(c, value, "SELECT oid FROM pg_catalog.pg_class WHERE relname = ?");
    }

    public static Long toRegtype(Connection c, String value) throws SQLException {
        if (value != null && !value.matches("[0-9]+")) {
            String name = value.trim().toLowerCase(Locale.ROOT);
            for (long oid = 0; oid < 5000; oid++) {
                if (formatType(oid, -1) != null && formatType(oid, -1).equals(name)) {
                    return oid;
                }
            }
        }
        return lookup(c, value, "SELECT oid FROM pg_catalog.pg_type WHERE typname = ?");
    }

    public static Long toRegrole(Connection c, String value) throws SQLException {
        return lookup(c, value, "SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ?");
    }

    public static Long toRegnamespace(Connection c, String value) throws SQLException {
        return lookup(c, value, "SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?");
    }

    /** The OID of a function of pg_proc by (possibly qualified) name, or an OID as is; null when none. */
    public static Long toRegproc(Connection c, String value) throws SQLException {
        if (value == null) {
            return null;
        }
        String name = value.trim();
        int paren = name.indexOf('(');
        name = paren >= 0 ? name.substring(0, paren) : name;
        return lookup(c, name, "SELECT oid FROM pg_catalog.pg_proc WHERE proname = ?");
    }

    /** An identifier quoted only when it needs to be, as PostgreSQL does. */
    public static String quoteIdent(String name) {
        if (name == null) {
            return null;
        }
        boolean plain = name.matches("[a-z_][a-z0-9_$]*") && !RESERVED.contains(name);
        return plain ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    public static String[] stringToArray(String text, String delimiter) {
        if (text == null) {
            return null;
        }
        if (delimiter == null || delimiter.isEmpty()) {
            return new String[] {text};
        }
        return text.split(java.util.regex.Pattern.quote(delimiter), -1);
    }

    /** The parts of a qualified name, unquoted: {@code "My Schema".t} is {@code [My Schema, t]}. */
    public static String[] parseIdent(String name) {
        if (name == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < name.length() && name.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == '.' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(quoted ? ch : Character.toLowerCase(ch));
            }
        }
        parts.add(current.toString());
        return parts.toArray(new String[0]);
    }

    public static Long toOid(String value) {
        return value != null && value.matches("[0-9]+") ? Long.parseLong(value) : 0L;
    }

    /** An OID as is, or the OID of a (possibly schema-qualified, quoted) name; null when none. */
    private static Long lookup(Connection c, Object value, String query) throws SQLException {
        if (value == null) {
            return null;
        }
        String name = value.toString().trim();
        if (name.matches("[0-9]+")) {
            return Long.parseLong(name);
        }
        int dot = name.lastIndexOf('.');
        if (dot >= 0 && !name.endsWith("\"")) {
            name = name.substring(dot + 1);
        } else if (name.endsWith("\"") && name.lastIndexOf(".\"") >= 0) {
            name = name.substring(name.lastIndexOf(".\"") + 1);
        }
        name = name.startsWith("\"") && name.endsWith("\"") && name.length() > 1
                ? name.substring(1, name.length() - 1).replace("\"\"", "\"")
                : name.toLowerCase(Locale.ROOT);
        try (PreparedStatement st = c.prepareStatement(query)) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static Object[] elements(java.sql.Array array) throws SQLException {
        return array == null ? null : (Object[]) array.getArray();
    }

    public static String arrayToString(java.sql.Array array, String separator) throws SQLException {
        return arrayToString(array, separator, null);
    }

    public static String arrayToString(java.sql.Array array, String separator, String nullText) throws SQLException {
        if (array == null || separator == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Object o : elements(array)) {
            if (o != null) {
                parts.add(o.toString());
            } else if (nullText != null) {
                parts.add(nullText);
            }
        }
        return String.join(separator, parts);
    }

    public static Integer arrayUpper(java.sql.Array values, Integer dimension) throws SQLException {
        Object[] array = elements(values);
        return array == null || array.length == 0 || dimension == null || dimension != 1 ? null : array.length;
    }

    public static Integer arrayLower(java.sql.Array values, Integer dimension) throws SQLException {
        Object[] array = elements(values);
        return array == null || array.length == 0 || dimension == null || dimension != 1 ? null : 1;
    }

    public static Integer arrayPosition(java.sql.Array values, String value) throws SQLException {
        Object[] array = elements(values);
        if (array == null || value == null) {
            return null;
        }
        for (int i = 0; i < array.length; i++) {
            if (array[i] != null && array[i].toString().equals(value.toString())) {
                return i + 1;
            }
        }
        return null;
    }

    /** json_build_object(key, value, ...), as JSON text. */
    public static String jsonObject(String... keysAndValues) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(quote(keysAndValues[i])).append(" : ");
            out.append(keysAndValues[i + 1] == null ? "null" : quote(keysAndValues[i + 1]));
        }
        return out.append('}').toString();
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public static Long zero(String relation) {
        return 0L;
    }

    public static Long zeroOid() {
        return 0L;
    }

    public static Long one() {
        return 1L;
    }

    public static String sizePretty(Long bytes) {
        return bytes == null ? null : bytes + " bytes";
    }

    public static java.time.OffsetDateTime startTime() {
        return STARTED;
    }

    /** PostgreSQL's reserved and non-reserved keywords (those clients quote identifiers by). */
    public static ResultSet keywords() {
        SimpleResultSet rs = new SimpleResultSet();
        rs.addColumn("word", Types.VARCHAR, 64, 0);
        rs.addColumn("catcode", Types.CHAR, 1, 0);
        rs.addColumn("barelabel", Types.BOOLEAN, 1, 0);
        rs.addColumn("catdesc", Types.VARCHAR, 64, 0);
        rs.addColumn("baredesc", Types.VARCHAR, 64, 0);
        for (String word : RESERVED) {
            rs.addRow(word, "R", true, "reserved", "can be bare label");
        }
        return rs;
    }

    private static final List<String> RESERVED = List.of(
            "all",
            "analyse",
            "analyze",
            "and",
            "any",
            "array",
            "as",
            "asc",
            "asymmetric",
            "both",
            "case",
            "cast",
            "check",
            "collate",
            "column",
            "constraint",
            "create",
            "current_catalog",
            "current_date",
            "current_role",
            "current_time",
            "current_timestamp",
            "current_user",
            "default",
            "deferrable",
            "desc",
            "distinct",
            "do",
            "else",
            "end",
            "except",
            "false",
            "fetch",
            "for",
            "foreign",
            "from",
            "grant",
            "group",
            "having",
            "in",
            "initially",
            "intersect",
            "into",
            "lateral",
            "leading",
            "limit",
            "localtime",
            "localtimestamp",
            "not",
            "null",
            "offset",
            "on",
            "only",
            "or",
            "order",
            "placing",
            "primary",
            "references",
            "returning",
            "select",
            "session_user",
            "some",
            "symmetric",
            "system_user",
            "table",
            "then",
            "to",
            "trailing",
            "true",
            "union",
            "unique",
            "user",
            "using",
            "variadic",
            "when",
            "where",
            "window",
            "with");
}
