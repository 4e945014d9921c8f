package io.sextant.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A light tokenizer for the checks that must hold before (and whatever) the parser says: how many
 * statements there are, what the first keyword is, whether a SELECT writes INTO a table or takes
 * locks. Comments and whitespace are dropped; string literals (also PostgreSQL's {@code $$...$$})
 * and quoted identifiers are kept whole so that nothing inside them is mistaken for a keyword.
 */
public final class SqlTokens {

    public enum Type {
        WORD,
        DOUBLE_QUOTED,
        BACKTICK_QUOTED,
        STRING,
        NUMBER,
        SYMBOL
    }

    /** One token: its type, the exact text and where it starts and ends in the SQL. */
    public record Token(Type type, String text, int start, int end) {

        public boolean isWord(String word) {
            return type == Type.WORD && text.equalsIgnoreCase(word);
        }

        public boolean isSymbol(String symbol) {
            return type == Type.SYMBOL && text.equals(symbol);
        }

        public String upper() {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    private SqlTokens() {}

    /** Splits SQL into tokens; an unterminated string, identifier or comment runs to the end. */
    public static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = endOfLine(sql, i);
            } else if (c == '#') {
                i = endOfLine(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '$' && i + 1 < n && sql.charAt(i + 1) == '$') {
                int close = sql.indexOf("$$", i + 2);
                int end = close < 0 ? n : close + 2;
                tokens.add(new Token(Type.STRING, sql.substring(i, end), i, end));
                i = end;
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = closingQuote(sql, i, c);
                Type type = c == '\'' ? Type.STRING : c == '"' ? Type.DOUBLE_QUOTED : Type.BACKTICK_QUOTED;
                tokens.add(new Token(type, sql.substring(i, end), i, end));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n
                        && (Character.isLetterOrDigit(sql.charAt(end))
                                || sql.charAt(end) == '_'
                                || sql.charAt(end) == '$')) {
                    end++;
                }
                tokens.add(new Token(Type.WORD, sql.substring(i, end), i, end));
                i = end;
            } else if (Character.isDigit(c)) {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
                    end++;
                }
                tokens.add(new Token(Type.NUMBER, sql.substring(i, end), i, end));
                i = end;
            } else {
                tokens.add(new Token(Type.SYMBOL, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return tokens;
    }

    /** The tokens split at top-level semicolons, empty statements dropped. */
    public static List<List<Token>> statements(List<Token> tokens) {
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token token : tokens) {
            if (token.isSymbol(";")) {
                if (!current.isEmpty()) {
                    statements.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        if (!current.isEmpty()) {
            statements.add(current);
        }
        return statements;
    }

    private static int endOfLine(String sql, int from) {
        int newline = sql.indexOf('\n', from);
        return newline < 0 ? sql.length() : newline + 1;
    }

    private static int closingQuote(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }
}
