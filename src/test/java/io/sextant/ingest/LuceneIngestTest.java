package io.sextant.ingest;

import io.sextant.search.ChunkIndex;
import io.sextant.search.LuceneChunkIndex;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LuceneIngestTest extends IngestServiceContract {

    @TempDir
    Path directory;

    @Override
    ChunkIndex create() {
        return new LuceneChunkIndex(directory);
    }

    @Override
    ChunkIndex reopen(ChunkIndex index) {
        index.close();
        return new LuceneChunkIndex(directory);
    }
}
