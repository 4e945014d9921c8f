package io.sextant.sql;

import java.util.List;
import java.util.Set;

/**
 * Rewrites PostgreSQL's {@code expr::type} casts as {@code CAST(expr AS type)} before parsing.
 * The cast binds tighter than any operator, so its operand is the primary right before it: a
 * literal, a possibly qualified name, a function call or a parenthesized expression. (Calcite's
 * lenient parser accepts {@code ::} but binds it more loosely than {@code AND}, which changes
 * what a condition means.)
 */
final class InfixCasts {

    private static final int MAX_CASTS = 200;
    private static final Set<String> TYPE_CONTINUATIONS =
            Set.of("PRECISION", "VARYING", "WITH", "WITHOUT", "TIME", "ZONE", "LOCAL");

    private InfixCasts() {}

    static String rewrite(String sql) {
        String text = sql;
        for (int round = 0; round < MAX_CASTS; round++) {
            String next = rewriteFirst(text);
            if (next.equals(text)) {
                return text;
            }
            text = next;
        }
        return text;
    }

    private static String rewriteFirst(String sql) {
        List<SqlTokens.Token> tokens = SqlTokens.tokenize(sql);
        for (int k = 1; k + 2 < tokens.size(); k++) {
            SqlTokens.Token colon = tokens.get(k);
            SqlTokens.Token second = tokens.get(k + 1);
            if (!colon.isSymbol(":") || !second.isSymbol(":") || second.start() != colon.end()) {
                continue;
            }
            int first = operandStart(tokens, k - 1);
            int last = typeEnd(tokens, k + 2);
            if (first < 0 || last < 0) {
                return sql;
            }
            String operand =
                    sql.substring(tokens.get(first).start(), tokens.get(k - 1).end());
            String type =
                    sql.substring(tokens.get(k + 2).start(), tokens.get(last).end());
            return sql.substring(0, tokens.get(first).start())
                    + "CAST(" + operand + " AS " + type + ")"
                    + sql.substring(tokens.get(last).end());
        }
        return sql;
    }

    /** Index of the first token of the primary ending at {@code end}, or -1. */
    private static int operandStart(List<SqlTokens.Token> tokens, int end) {
        int i = end;
        if (tokens.get(i).isSymbol(")")) {
            int depth = 0;
            for (; i >= 0; i--) {
                if (tokens.get(i).isSymbol(")")) {
                    depth++;
                } else if (tokens.get(i).isSymbol("(") && --depth == 0) {
                    break;
                }
            }
            if (i < 0) {
                return -1;
            }
            if (i > 0 && isName(tokens.get(i - 1))) {
                i--; // a function call
            } else {
                return i;
            }
        } else if (tokens.get(i).type() == SqlTokens.Type.STRING
                || tokens.get(i).type() == SqlTokens.Type.NUMBER) {
            return i;
        } else if (!isName(tokens.get(i))) {
            return -1;
        }
        while (i >= 2 && tokens.get(i - 1).isSymbol(".") && isName(tokens.get(i - 2))) {
            i -= 2;
        }
        return i;
    }

    /** Index of the last token of the type starting at {@code start}, or -1. */
    private static int typeEnd(List<SqlTokens.Token> tokens, int start) {
        if (start >= tokens.size() || !isName(tokens.get(start))) {
            return -1;
        }
        int i = start;
        while (i + 1 < tokens.size()
                && tokens.get(i + 1).type() == SqlTokens.Type.WORD
                && TYPE_CONTINUATIONS.contains(tokens.get(i + 1).upper())) {
            i++;
        }
        if (i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(")) {
            int close = i + 1;
            while (close < tokens.size() && !tokens.get(close).isSymbol(")")) {
                close++;
            }
            if (close == tokens.size()) {
                return -1;
            }
            i = close;
        }
        while (i + 2 < tokens.size()
                && tokens.get(i + 1).isSymbol("[")
                && tokens.get(i + 2).isSymbol("]")) {
            i += 2;
        }
        return i;
    }

    private static boolean isName(SqlTokens.Token token) {
        return token.type() == SqlTokens.Type.WORD
                || token.type() == SqlTokens.Type.DOUBLE_QUOTED
                || token.type() == SqlTokens.Type.BACKTICK_QUOTED;
    }
}
