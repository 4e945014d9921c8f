package io.sextant.sql;

import org.apache.calcite.sql.dialect.MysqlSqlDialect;
import org.apache.calcite.sql.dialect.SnowflakeSqlDialect;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Dialects whose databases read a backslash in a string literal as an escape character (MySQL and
 * MariaDB unless NO_BACKSLASH_ESCAPES is set, Snowflake always). Calcite's own dialects only
 * double quotes, so {@code 'x\'} — a one-character-plus-backslash literal to the guard — would
 * end early there, and whatever follows it would run as SQL. These write every backslash as
 * {@code \\}, so the database reads exactly the value the guard validated. Sextant's MySQL
 * sessions turn NO_BACKSLASH_ESCAPES off to match ({@code Warehouse}); a database that has it on
 * reads a doubled backslash as two, a wrong value but never a way out of the literal.
 */
final class SafeDialects {

    private SafeDialects() {}

    static final MysqlSqlDialect MYSQL = new MysqlSqlDialect(MysqlSqlDialect.DEFAULT_CONTEXT) {
        @Override
        public void quoteStringLiteral(StringBuilder buf, @Nullable String charsetName, String val) {
            super.quoteStringLiteral(buf, charsetName, escapeBackslashes(val));
        }
    };

    static final SnowflakeSqlDialect SNOWFLAKE = new SnowflakeSqlDialect(SnowflakeSqlDialect.DEFAULT_CONTEXT) {
        @Override
        public void quoteStringLiteral(StringBuilder buf, @Nullable String charsetName, String val) {
            super.quoteStringLiteral(buf, charsetName, escapeBackslashes(val));
        }
    };

    private static String escapeBackslashes(String value) {
        return value.replace("\\", "\\\\");
    }
}
