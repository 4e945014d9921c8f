package io.sextant.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.JDBC;

class SqliteRowPolicyTest extends RowPolicyContract {

    @Override
    Connection full() throws SQLException {
        return new JDBC().connect("jdbc:sqlite::memory:", new Properties());
    }

    @Override
    Connection visibleOnly() throws SQLException {
        return new JDBC().connect("jdbc:sqlite::memory:", new Properties());
    }

    @Override
    SqlTarget target() {
        return SqlTarget.SQLITE;
    }

    @Override
    String schema() {
        return null;
    }

    @Override
    boolean supports(String shape) {
        // SQLite has no LATERAL, no ALL (subquery), no column names for VALUES and no DATE literals.
        return !shape.contains("LATERAL")
                && !shape.contains(" ALL (")
                && !shape.contains("VALUES (1)")
                && !shape.contains("DATE '");
    }
}
