package io.sextant.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.apache.calcite.util.Optionality;

/**
 * Functions the guard knows beyond standard SQL: the common ones of PostgreSQL, DuckDB, MySQL and
 * SQLite, each with the type it returns (arguments are not type-checked, the database does
 * that), and the functions no statement may call at all.
 */
final class Functions {

    /** Sleep, file and network access, administration, sequences, settings: never callable. */
    static final Set<String> DENIED = Set.of(
            "pg_sleep",
            "pg_sleep_for",
            "pg_sleep_until",
            "sleep",
            "benchmark",
            "waitfor",
            "pg_read_file",
            "pg_read_binary_file",
            "pg_ls_dir",
            "pg_stat_file",
            "pg_ls_logdir",
            "pg_ls_waldir",
            "lo_import",
            "lo_export",
            "lo_get",
            "lo_put",
            "lo_from_bytea",
            "lo_unlink",
            "lo_open",
            "lo_creat",
            "dblink",
            "dblink_exec",
            "dblink_connect",
            "dblink_send_query",
            "pg_terminate_backend",
            "pg_cancel_backend",
            "pg_reload_conf",
            "pg_rotate_logfile",
            "pg_promote",
            "pg_switch_wal",
            "pg_create_restore_point",
            "pg_logical_emit_message",
            "pg_export_snapshot",
            "pg_advisory_lock",
            "pg_advisory_xact_lock",
            "pg_try_advisory_lock",
            "pg_advisory_unlock",
            "set_config",
            "current_setting",
            "pg_notify",
            "nextval",
            "setval",
            "currval",
            "lastval",
            "txid_current",
            "load_file",
            "sys_exec",
            "sys_eval",
            "load_extension",
            "readfile",
            "writefile",
            "edit",
            "fts3_tokenizer",
            "sqlite_compileoption_get",
            "read_csv",
            "read_csv_auto",
            "read_parquet",
            "parquet_scan",
            "parquet_metadata",
            "read_json",
            "read_json_auto",
            "read_json_objects",
            "read_ndjson",
            "read_ndjson_objects",
            "read_text",
            "read_blob",
            "glob",
            "sniff_csv",
            "query",
            "query_table",
            "getenv",
            "duckdb_secrets",
            "duckdb_settings",
            "duckdb_extensions",
            "install_extension",
            "load",
            "http_get",
            "http_post",
            "shell",
            "system",
            "xp_cmdshell",
            "copy_to",
            "export_database");

    private static final Map<String, SqlOperator> KNOWN = known();

    /** Operator table of the known functions, for the validator. */
    static final SqlOperatorTable TABLE = new SqlOperatorTable() {
        @Override
        public void lookupOperatorOverloads(
                SqlIdentifier name,
                SqlFunctionCategory category,
                SqlSyntax syntax,
                List<SqlOperator> operators,
                SqlNameMatcher matcher) {
            if (name.isSimple() && (syntax == SqlSyntax.FUNCTION || syntax == SqlSyntax.FUNCTION_ID)) {
                SqlOperator op = KNOWN.get(name.getSimple().toUpperCase(Locale.ROOT));
                if (op != null) {
                    operators.add(op);
                }
            }
        }

        @Override
        public List<SqlOperator> getOperatorList() {
            return List.copyOf(KNOWN.values());
        }
    };

    private Functions() {}

    /** Longest text a value builder ({@code repeat}, {@code lpad}, ...) may be asked to produce. */
    static final long MAX_BUILT_LENGTH = 1_000;

    /** Functions that build a value as long as one argument says, and which argument that is. */
    private static final Map<String, Integer> BUILDERS =
            Map.of("repeat", 1, "replicate", 1, "lpad", 1, "rpad", 1, "space", 0);

    /** Functions that build a list or set of rows from a count, whatever position they are in. */
    private static final Set<String> SERIES = Set.of(
            "generate_series",
            "range",
            "generate_subscripts",
            "list_range",
            "array_fill",
            "sequence",
            "unnest",
            "zeroblob",
            "randomblob");

    /**
     * Why a call could build a value too large for the server, or empty: {@code repeat(x, n)} and
     * friends need a constant {@code n} of at most {@link #MAX_BUILT_LENGTH} and a column or
     * literal {@code x}; series builders are refused (in FROM they are table functions, refused
     * anyway).
     */
    static java.util.Optional<String> resourceProblem(String name, List<SqlNode> operands) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (SERIES.contains(lower)) {
            return java.util.Optional.of(lower + "() builds values from a count and is not allowed.");
        }
        Integer position = BUILDERS.get(lower);
        if (position == null || operands.size() <= position) {
            return java.util.Optional.empty();
        }
        // What is repeated must be a column or a literal: an aggregate there could already be huge.
        boolean plain = operands.stream()
                .filter(o -> o != operands.get(position))
                .allMatch(o -> o instanceof org.apache.calcite.sql.SqlLiteral || o instanceof SqlIdentifier);
        SqlNode count = operands.get(position);
        if (plain
                && count instanceof SqlNumericLiteral literal
                && literal.isExact()
                && literal.getValueAs(java.math.BigDecimal.class)
                                .compareTo(java.math.BigDecimal.valueOf(MAX_BUILT_LENGTH))
                        <= 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(
                lower + "() may only build values up to " + MAX_BUILT_LENGTH + " characters, given as a constant.");
    }

    static boolean denied(String name) {
        return DENIED.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Names of all functions a statement may call, for suggestions. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        KNOWN.keySet().forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
        SqlStdOperatorTable.instance().getOperatorList().stream()
                .filter(op -> op instanceof SqlFunction)
                .forEach(op -> names.add(op.getName().toLowerCase(Locale.ROOT)));
        return names;
    }

    private static Map<String, SqlOperator> known() {
        SqlReturnTypeInference text = nullable(SqlTypeName.VARCHAR);
        SqlReturnTypeInference integer = nullable(SqlTypeName.INTEGER);
        SqlReturnTypeInference bigint = nullable(SqlTypeName.BIGINT);
        SqlReturnTypeInference dbl = nullable(SqlTypeName.DOUBLE);
        SqlReturnTypeInference date = nullable(SqlTypeName.DATE);
        SqlReturnTypeInference timestamp = nullable(SqlTypeName.TIMESTAMP);
        SqlReturnTypeInference bool = nullable(SqlTypeName.BOOLEAN);
        SqlReturnTypeInference any = nullable(SqlTypeName.ANY);
        Map<String, SqlOperator> ops = new HashMap<>();
        scalar(
                ops,
                text,
                "strftime",
                "printf",
                "format",
                "to_char",
                "concat",
                "concat_ws",
                "substr",
                "left",
                "right",
                "lpad",
                "rpad",
                "ltrim",
                "rtrim",
                "btrim",
                "reverse",
                "repeat",
                "split_part",
                "regexp_replace",
                "regexp_substr",
                "regexp_extract",
                "md5",
                "hex",
                "quote",
                "typeof",
                "date_format",
                "time",
                "datetime",
                "dayname",
                "monthname",
                "to_hex",
                "initcap",
                "lcase",
                "ucase",
                "char",
                "chr",
                "lower",
                "upper",
                "trim",
                "replace",
                "soundex",
                "uuid",
                "version");
        scalar(
                ops,
                integer,
                "instr",
                "locate",
                "strpos",
                "length",
                "len",
                "datediff",
                "unicode",
                "ascii",
                "dayofweek",
                "dayofmonth",
                "dayofyear",
                "weekday",
                "yearweek",
                "weekofyear",
                "isodow");
        scalar(ops, bigint, "date_diff", "unixepoch", "epoch", "epoch_ms", "timestampdiff");
        scalar(
                ops,
                dbl,
                "julianday",
                "date_part",
                "datepart",
                "log",
                "pow",
                "random",
                "rand",
                "radians",
                "degrees",
                "cot",
                "atan2",
                "cbrt",
                "trunc",
                "truncate");
        scalar(ops, date, "date", "today", "make_date", "to_date", "curdate", "last_day", "str_to_date");
        scalar(
                ops,
                timestamp,
                "date_trunc",
                "datetrunc",
                "now",
                "getdate",
                "to_timestamp",
                "strptime",
                "date_add",
                "dateadd",
                "date_sub",
                "adddate",
                "subdate",
                "make_timestamp",
                "from_unixtime",
                "sysdate",
                "localtimestamp",
                "age");
        scalar(
                ops,
                bool,
                "ilike",
                "not ilike",
                "regexp_like",
                "regexp_matches",
                "starts_with",
                "ends_with",
                "contains");
        scalar(
                ops,
                any,
                "json_extract",
                "json_extract_path",
                "json_extract_path_text",
                "json_value",
                "generate_series",
                "unnest",
                "list_value",
                "array_length",
                "cardinality");
        scalar(ops, ReturnTypes.ARG0_NULLABLE, "ifnull", "nvl", "isnull", "greatest", "least");
        scalar(ops, ReturnTypes.ARG1_NULLABLE, "iif", "if", "decode");
        aggregate(ops, text, "group_concat", "string_agg", "listagg");
        aggregate(ops, bigint, "count_if", "approx_count_distinct");
        aggregate(ops, bool, "bool_and", "bool_or", "every");
        aggregate(ops, dbl, "median", "quantile", "quantile_cont", "approx_quantile", "stddev", "variance");
        aggregate(
                ops,
                ReturnTypes.ARG0_NULLABLE,
                "arg_max",
                "arg_min",
                "max_by",
                "min_by",
                "first",
                "last",
                "mode",
                "arbitrary",
                "quantile_disc");
        aggregate(ops, any, "array_agg", "list", "json_agg", "json_group_array");
        return Map.copyOf(ops);
    }

    private static SqlReturnTypeInference nullable(SqlTypeName type) {
        return ReturnTypes.explicit(type).andThen(SqlTypeTransforms.FORCE_NULLABLE);
    }

    private static void scalar(Map<String, SqlOperator> ops, SqlReturnTypeInference type, String... names) {
        for (String name : names) {
            if (!standard(name)) {
                String upper = name.toUpperCase(Locale.ROOT);
                ops.put(
                        upper,
                        new SqlFunction(
                                upper,
                                SqlKind.OTHER_FUNCTION,
                                type,
                                null,
                                OperandTypes.VARIADIC,
                                SqlFunctionCategory.USER_DEFINED_FUNCTION));
            }
        }
    }

    private static void aggregate(Map<String, SqlOperator> ops, SqlReturnTypeInference type, String... names) {
        for (String name : names) {
            if (!standard(name)) {
                String upper = name.toUpperCase(Locale.ROOT);
                ops.put(
                        upper,
                        new SqlAggFunction(
                                upper,
                                null,
                                SqlKind.OTHER_FUNCTION,
                                type,
                                null,
                                OperandTypes.VARIADIC,
                                SqlFunctionCategory.USER_DEFINED_FUNCTION,
                                false,
                                false,
                                Optionality.OPTIONAL) {});
            }
        }
    }

    /** True when standard SQL already defines a function of this name. */
    private static boolean standard(String name) {
        List<SqlOperator> found = new ArrayList<>();
        SqlStdOperatorTable.instance()
                .lookupOperatorOverloads(
                        new SqlIdentifier(
                                name.toUpperCase(Locale.ROOT), org.apache.calcite.sql.parser.SqlParserPos.ZERO),
                        null,
                        SqlSyntax.FUNCTION,
                        found,
                        SqlNameMatchers.withCaseSensitive(false));
        return !found.isEmpty();
    }
}
