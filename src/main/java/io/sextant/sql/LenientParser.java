package io.sextant.sql;

import java.io.StringReader;
import java.util.List;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;

/**
 * Guard stage 2: parses the statement once, with a second attempt that quotes words the parser
 * reserves but the catalog uses as names ({@code year}, {@code t.date}); the statement must be a
 * query. The tree it returns is the only parse of the statement: later stages copy it, never
 * parse the text again.
 */
final class LenientParser {

    private LenientParser() {}

    /** @throws GuardRefusal when the text does not parse into one query */
    static SqlNode parse(LexicalGate.Lexed lexed, GuardCatalog catalog) {
        SqlNode statement = parseText(lexed, catalog);
        if (!statement.isA(SqlKind.QUERY)) {
            throw new GuardRefusal(GuardError.of(
                    GuardError.NOT_A_QUERY,
                    "Only queries may run (SELECT, WITH, VALUES, UNION ...); this is a " + statement.getKind().sql
                            + " statement."));
        }
        return statement;
    }

    private static SqlNode parseText(LexicalGate.Lexed lexed, GuardCatalog catalog) {
        SqlParseException firstError;
        try {
            return single(parseList(lexed.text(), lexed.parserConfig()));
        } catch (SqlParseException e) {
            firstError = e;
        }
        String lenient = quoteKeywordNames(lexed.text(), lexed.parserConfig(), catalog);
        if (!lenient.equals(lexed.text())) {
            try {
                return single(parseList(lenient, lexed.parserConfig()));
            } catch (SqlParseException | GuardRefusal e) {
                // report the error of the text as written
            }
        }
        SqlParserPos pos = firstError.getPos();
        throw new GuardRefusal(new GuardError(
                GuardError.PARSE,
                "The statement does not parse: " + GuardContext.firstLine(firstError.getMessage()),
                List.of(),
                pos == null ? 0 : pos.getLineNum(),
                pos == null ? 0 : pos.getColumnNum()));
    }

    /** Parses a row policy's predicate with the statement's parser settings. */
    static SqlNode parsePredicate(String predicate, SqlParser.Config config) {
        try {
            return SqlParser.create(predicate, config).parseExpression();
        } catch (SqlParseException e) {
            throw new IllegalStateException("a configured row policy does not parse: " + predicate, e);
        }
    }

    private static SqlNodeList parseList(String sql, SqlParser.Config config) throws SqlParseException {
        return SqlParser.create(sql, config).parseStmtList();
    }

    private static SqlNode single(SqlNodeList list) {
        if (list.size() != 1) {
            throw new GuardRefusal(GuardError.of(
                    GuardError.MULTIPLE_STATEMENTS,
                    "Send exactly one statement; this text holds " + list.size() + "."));
        }
        return list.get(0);
    }

    private static String quoteKeywordNames(String sql, SqlParser.Config config, GuardCatalog catalog) {
        SqlAbstractParserImpl.Metadata metadata =
                SqlBabelParserImpl.FACTORY.getParser(new StringReader("")).getMetadata();
        List<SqlTokens.Token> tokens = SqlTokens.tokenize(sql);
        StringBuilder out = new StringBuilder(sql);
        String quote = config.quoting() == Quoting.BACK_TICK ? "`" : "\"";
        for (int i = tokens.size() - 1; i >= 0; i--) {
            SqlTokens.Token token = tokens.get(i);
            boolean afterDot = i > 0 && tokens.get(i - 1).isSymbol(".");
            if (token.type() != SqlTokens.Type.WORD || !(afterDot || metadata.isReservedWord(token.upper()))) {
                continue;
            }
            boolean call = i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(");
            boolean typeName = i > 0
                    && (tokens.get(i - 1).isSymbol(":") || tokens.get(i - 1).isWord("AS"));
            boolean name = catalog.canonical(token.text()) != null;
            boolean afterExtract = i >= 2
                    && tokens.get(i - 1).isSymbol("(")
                    && tokens.get(i - 2).isWord("EXTRACT");
            boolean keywordUse = i + 1 < tokens.size() && tokens.get(i + 1).isWord("BY");
            if ((afterDot && !call) || (name && !call && !afterExtract && !typeName && !keywordUse)) {
                out.replace(token.start(), token.end(), quote + token.text() + quote);
            }
        }
        return out.toString();
    }
}
