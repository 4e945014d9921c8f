package io.sextant.ingest;

import io.sextant.PostgresTestDatabase;
import io.sextant.search.ChunkIndex;
import io.sextant.search.PostgresChunkIndex;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

class PostgresIngestTest extends IngestServiceContract {

    private static final String SCHEMA = "sextant_ingest_test";

    @Override
    ChunkIndex create() {
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new PostgresChunkIndex(PostgresTestDatabase.dataSource(), SCHEMA);
    }

    @Override
    ChunkIndex reopen(ChunkIndex index) {
        index.close();
        return new PostgresChunkIndex(PostgresTestDatabase.dataSource(), SCHEMA);
    }
}
