package io.sextant.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

class DuckDbRowPolicyTest extends RowPolicyContract {

    @Override
    Connection full() throws SQLException {
        return new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
    }

    @Override
    Connection visibleOnly() throws SQLException {
        return new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
    }

    @Override
    SqlTarget target() {
        return SqlTarget.DUCKDB;
    }

    @Override
    String schema() {
        return "main";
    }
}
