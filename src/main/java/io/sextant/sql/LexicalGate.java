package io.sextant.sql;

import java.util.List;
import java.util.Set;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Guard stage 1, before any parsing: exactly one statement, which starts as a query and neither
 * writes ({@code INSERT} in a CTE, {@code SELECT ... INTO}) nor locks. Also picks the parser's
 * quoting (back-ticks when the text uses them) and prepares the text for it.
 */
final class LexicalGate {

    /** The text to parse and how to parse it. */
    record Lexed(String text, SqlParser.Config parserConfig) {}

    private static final Set<String> QUERY_STARTS = Set.of("SELECT", "WITH", "VALUES");

    private LexicalGate() {}

    /** @throws GuardRefusal when the text is not exactly one read-only query */
    static Lexed pass(String original, SqlTarget target) {
        List<SqlTokens.Token> tokens = SqlTokens.tokenize(original);
        List<List<SqlTokens.Token>> statements = SqlTokens.statements(tokens);
        if (statements.isEmpty()) {
            throw refuse(GuardError.EMPTY, "The statement is empty (only comments).");
        }
        if (statements.size() > 1) {
            throw refuse(
                    GuardError.MULTIPLE_STATEMENTS,
                    "Send exactly one statement; this text holds " + statements.size() + ".");
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
            throw refuse(
                    GuardError.NOT_A_QUERY,
                    "Only queries may run (SELECT, WITH, VALUES); this statement "
                            + (writes ? "writes data." : "starts with " + first.upper() + "."));
        }
        for (int i = 0; i < statement.size(); i++) {
            SqlTokens.Token token = statement.get(i);
            SqlTokens.Token next = i + 1 < statement.size() ? statement.get(i + 1) : null;
            if (token.isWord("INTO")) {
                throw refuse(
                        GuardError.SELECT_INTO,
                        "SELECT ... INTO writes a table or variables; only plain queries may run.");
            }
            if (next != null
                    && ((token.isWord("FOR")
                                    && (next.isWord("UPDATE")
                                            || next.isWord("SHARE")
                                            || next.isWord("NO")
                                            || next.isWord("KEY")))
                            || (token.isWord("LOCK") && next.isWord("IN")))) {
                throw refuse(
                        GuardError.LOCKING,
                        "Locking clauses (FOR UPDATE, FOR SHARE, LOCK IN SHARE MODE) are not allowed.");
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
        SqlParser.Config config = SqlParser.config()
                .withParserFactory(SqlBabelParserImpl.FACTORY)
                .withConformance(SqlConformanceEnum.BABEL)
                .withQuoting(backticks ? Quoting.BACK_TICK : Quoting.DOUBLE_QUOTE)
                .withUnquotedCasing(Casing.UNCHANGED)
                .withQuotedCasing(Casing.UNCHANGED)
                .withCaseSensitive(false)
                .withIdentifierMaxLength(512);
        return new Lexed(InfixCasts.rewrite(prepared.toString()), config);
    }

    private static GuardRefusal refuse(String code, String message) {
        return new GuardRefusal(GuardError.of(code, message));
    }

    private static String padded(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
