package io.sextant.ingest;

import io.sextant.PostgresTestDatabase;
import io.sextant.search.ChunkIndex;
import io.sextant.search.PostgresChunkIndex;

class PostgresIngestTest extends IngestServiceContract {

    private static final String SCHEMA = "sextant_ingest_test";

    @Override
    ChunkIndex create() {
        PostgresTestDatabase.dropSchema(SCHEMA);
        return new PostgresChunkIndex(PostgresTestDatabase.dataSource(), SCHEMA);
    }

    @Override
    ChunkIndex reopen(ChunkIndex index) {
        index.close();
        return new PostgresChunkIndex(PostgresTestDatabase.dataSource(), SCHEMA);
    }
}
