package io.sextant.pgwire;

import io.sextant.sql.SqlTokens;
import io.sextant.sql.SqlTokens.Token;
import io.sextant.sql.SqlTokens.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * One SQL statement a client sent, read just far enough to route it: a session command answered
 * by Sextant itself, a catalog query answered from the caller's emulated catalog, or a query of
 * the warehouse for the guard; and the {@code $n} parameters it takes.
 */
record Statement(String sql, List<Token> tokens, Kind kind, int parameterCount) {

    enum Kind {
        EMPTY,
        SESSION,
        CATALOG,
        QUERY
    }

    static final Statement EMPTY = new Statement("", List.of(), Kind.EMPTY, 0);

    private static final Set<String> SESSION_COMMANDS = Set.of(
            "set",
            "show",
            "reset",
            "discard",
            "begin",
            "start",
            "commit",
            "end",
            "rollback",
            "abort",
            "savepoint",
            "release",
            "deallocate",
            "declare",
            "fetch",
            "move",
            "close",
            "listen",
            "unlisten");

    Statement {
        tokens = List.copyOf(tokens);
    }

    /** Splits a Query message's text into its statements (none when it holds only comments). */
    static List<Statement> split(String sql) {
        List<Statement> statements = new ArrayList<>();
        for (List<Token> part : SqlTokens.statements(SqlTokens.tokenize(sql))) {
            String text = sql.substring(part.getFirst().start(), part.getLast().end());
            statements.add(of(text, part));
        }
        return statements;
    }

    static Statement of(String sql) {
        List<Statement> parts = split(sql);
        return parts.isEmpty() ? EMPTY : parts.getFirst();
    }

    private static Statement of(String sql, List<Token> tokens) {
        int parameters = 0;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (isParameter(tokens, i)) {
                parameters = Math.max(parameters, parameterNumber(tokens, i));
            }
        }
        Kind kind;
        if (tokens.isEmpty()) {
            kind = Kind.EMPTY;
        } else if (tokens.getFirst().type() == Type.WORD
                && SESSION_COMMANDS.contains(tokens.getFirst().text().toLowerCase(Locale.ROOT))) {
            kind = Kind.SESSION;
        } else if (CatalogSql.isCatalogQuery(tokens)) {
            kind = Kind.CATALOG;
        } else {
            kind = Kind.QUERY;
        }
        return new Statement(sql, tokens, kind, parameters);
    }

    /** The same kind of statement with other text (its parameters bound). */
    Statement withSql(String bound) {
        return bound.equals(sql) ? this : new Statement(bound, SqlTokens.tokenize(bound), kind, 0);
    }

    /** The first word, lower case; empty for an empty statement. */
    String command() {
        return tokens.isEmpty() ? "" : tokens.getFirst().text().toLowerCase(Locale.ROOT);
    }

    /**
     * The statement with each {@code $n} replaced by its value as a SQL literal of the parameter's
     * type, checked to be a value of that type (a number is a number, a date a date); text
     * becomes a quoted string. The guard then parses the result like any other statement.
     *
     * @throws PgSession.Failure when a value is not one of its type
     */
    String bind(List<String> values, List<PgType> types) {
        return bind(values, types, null);
    }

    /**
     * The statement with a NULL of each parameter's type, to learn the shape of its result. A
     * parameter of unspecified type is a bare NULL (the warehouse infers its type from where it
     * stands), except as an item of the select list, where PostgreSQL takes it as text.
     *
     * @param unspecified which parameters the client sent without a type
     */
    String bindNulls(List<PgType> types, boolean[] unspecified) {
        return bind(java.util.Collections.nCopies(types.size(), null), types, unspecified);
    }

    private String bind(List<String> values, List<PgType> types, boolean[] describing) {
        if (parameterCount == 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 16 * values.size());
        int copied = 0;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (!isParameter(tokens, i)) {
                continue;
            }
            int n = parameterNumber(tokens, i);
            if (n < 1 || n > values.size()) {
                throw new PgSession.Failure(new PgError("08P01", "there is no parameter $" + n));
            }
            out.append(sql, copied, tokens.get(i).start());
            PgType type = types.get(n - 1);
            String value = values.get(n - 1);
            String literal;
            if (describing == null) {
                literal = literal(value, type, n);
            } else if (n - 1 < describing.length && describing[n - 1] && !selectItem(tokens, i)) {
                literal = "NULL";
            } else {
                literal = "CAST(NULL AS " + sqlType(type) + ")";
            }
            out.append(' ').append(literal).append(' ');
            copied = tokens.get(i + 1).end();
            i++;
        }
        out.append(sql.substring(copied));
        return out.toString();
    }

    /** Whether the parameter at token i is a whole item of a select list. */
    private static boolean selectItem(List<Token> tokens, int i) {
        boolean before = i > 0
                && (tokens.get(i - 1).isWord("select") || tokens.get(i - 1).isSymbol(","));
        int next = i + 2;
        boolean after = next >= tokens.size()
                || tokens.get(next).isWord("as")
                || tokens.get(next).isSymbol(",")
                || tokens.get(next).isWord("from");
        return before && after;
    }

    private static boolean isParameter(List<Token> tokens, int i) {
        Token dollar = tokens.get(i);
        Token number = tokens.get(i + 1);
        return dollar.isSymbol("$")
                && number.type() == Type.NUMBER
                && number.start() == dollar.end()
                && number.text().chars().allMatch(Character::isDigit);
    }

    private static int parameterNumber(List<Token> tokens, int i) {
        String digits = tokens.get(i + 1).text();
        return digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    /** The SQL type a parameter's value is cast to, so that the result has the same types every time. */
    private static String sqlType(PgType type) {
        return switch (type) {
            case INT2 -> "SMALLINT";
            case INT4, OID -> "INTEGER";
            case INT8 -> "BIGINT";
            case FLOAT4 -> "REAL";
            case FLOAT8 -> "DOUBLE";
            case NUMERIC -> "DECIMAL(38, 10)";
            case BOOL -> "BOOLEAN";
            case DATE -> "DATE";
            case TIME -> "TIME";
            case TIMESTAMP, TIMESTAMPTZ -> "TIMESTAMP";
            default -> "VARCHAR";
        };
    }

    /** A value as a literal of its type. */
    static String literal(String value, PgType type, int number) {
        if (value == null) {
            return "NULL";
        }
        if (value.indexOf('\0') >= 0) {
            throw invalid(number, type, "it contains a NUL character");
        }
        String v = value.trim();
        try {
            return switch (type) {
                case NUMERIC -> {
                    String plain = new BigDecimal(v).toPlainString();
                    yield plain.startsWith("-") ? "(" + plain + ")" : plain;
                }
                case INT2, INT4, INT8, OID, FLOAT4, FLOAT8 ->
                    "CAST(" + new BigDecimal(v).toPlainString() + " AS " + sqlType(type) + ")";
                case BOOL ->
                    switch (v.toLowerCase(Locale.ROOT)) {
                        case "t", "true", "1", "yes", "y", "on" -> "TRUE";
                        case "f", "false", "0", "no", "n", "off" -> "FALSE";
                        default -> throw invalid(number, type, "it is not a boolean");
                    };
                case DATE -> "DATE '" + LocalDate.parse(v) + "'";
                case TIME -> "TIME '" + LocalTime.parse(v) + "'";
                case TIMESTAMP, TIMESTAMPTZ ->
                    "TIMESTAMP '" + timestamp(v).toString().replace('T', ' ') + "'";
                case UUID_ -> "'" + UUID.fromString(v) + "'";
                default -> "'" + value.replace("'", "''") + "'";
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw invalid(number, type, "it is not a value of that type");
        } catch (IllegalArgumentException e) {
            throw invalid(number, type, e.getMessage());
        }
    }

    private static LocalDateTime timestamp(String v) {
        String s = v.replace(' ', 'T');
        if (s.length() == 10) {
            return LocalDate.parse(s).atStartOfDay();
        }
        try {
            return LocalDateTime.parse(s);
        } catch (DateTimeParseException e) {
            String offset = s.matches(".*[+-]\\d\\d$") ? s + ":00" : s;
            return OffsetDateTime.parse(offset)
                    .withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalDateTime();
        }
    }

    private static PgSession.Failure invalid(int number, PgType type, String why) {
        return new PgSession.Failure(new PgError(
                "22P02", "invalid value for parameter $" + number + " of type " + type.typeName + ": " + why));
    }
}
