package io.sextant.sql;

import io.sextant.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

class PostgresRowPolicyTest extends RowPolicyContract {

    private static final String FULL = "sextant_policy_full";
    private static final String VISIBLE = "sextant_policy_visible";

    @Override
    Connection full() throws SQLException {
        return inSchema(FULL);
    }

    @Override
    Connection visibleOnly() throws SQLException {
        return inSchema(VISIBLE);
    }

    @Override
    SqlTarget target() {
        return SqlTarget.POSTGRESQL;
    }

    @Override
    String schema() {
        return FULL;
    }

    private static Connection inSchema(String schema) throws SQLException {
        PostgresTestDatabase.dropSchema(schema);
        Connection connection = PostgresTestDatabase.connect();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema);
            // A server configured this way must not change how Sextant's sessions read literals.
            s.execute("SET escape_string_warning = off");
            s.execute("SET standard_conforming_strings = off");
        }
        return connection;
    }
}
