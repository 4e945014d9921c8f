package io.sextant.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import org.h2.Driver;

class H2RowPolicyTest extends RowPolicyContract {

    @Override
    Connection full() throws SQLException {
        return memory();
    }

    @Override
    Connection visibleOnly() throws SQLException {
        return memory();
    }

    @Override
    SqlTarget target() {
        return SqlTarget.H2;
    }

    @Override
    String schema() {
        return "public";
    }

    @Override
    boolean supports(String shape) {
        return !shape.contains("LATERAL");
    }

    private static Connection memory() throws SQLException {
        return new Driver().connect("jdbc:h2:mem:" + UUID.randomUUID() + ";DATABASE_TO_LOWER=TRUE", new Properties());
    }
}
