package io.sextant.search;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LuceneChunkIndexTest extends ChunkIndexContract {

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
