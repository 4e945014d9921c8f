package io.sextant.search;

import io.sextant.PostgresTestDatabase;

class PostgresChunkIndexTest extends ChunkIndexContract {

    private static final String SCHEMA = "sextant_index_test";

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
