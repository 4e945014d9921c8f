package io.sextant.search;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stores chunks with their vectors, text and ACL, and searches them lexically and by vector with
 * the ACL applied inside the query. Writes of one document are atomic: a reader sees all of its
 * old chunks or all of its new ones. Implementations: Lucene (embedded) and PostgreSQL with
 * pgvector (server mode); {@code ChunkIndexContract} in the tests holds both to one behaviour.
 */
public interface ChunkIndex extends AutoCloseable {

    /** {@code lucene} or {@code postgresql}. */
    String kind();

    /**
     * Binds the index to an embedding model on first use and refuses any other afterwards.
     *
     * @throws io.sextant.SextantException {@code embedding-model-mismatch}
     */
    void bindModel(String model, int dimension);

    /** Replaces every chunk of the document (none before means insert), atomically. */
    void replace(IndexedDocument.WithChunks document);

    /** Replaces several documents; each one atomically, the batch made visible together. */
    default void replaceAll(List<IndexedDocument.WithChunks> documents) {
        documents.forEach(this::replace);
    }

    /** Changes a document's metadata and ACL without touching its vectors; false if unknown. */
    boolean updateMetadata(IndexedDocument document);

    /** Removes a document and its chunks; false if it was not there. */
    boolean delete(String documentId);

    Optional<IndexedDocument> document(String documentId);

    /** Every document of a kind. */
    List<IndexedDocument> documents(String kind);

    /** Best chunks by lexical relevance among those the ACL terms may read. */
    List<Candidate> lexical(String query, Set<String> aclTerms, SearchFilters filters, int n);

    /** Nearest chunks by vector among those the ACL terms may read (filtered before ranking). */
    List<Candidate> vector(float[] query, Set<String> aclTerms, SearchFilters filters, int n);

    long chunkCount();

    /** Bytes the index takes on disk (files, or tables and their indexes), -1 when unknown. */
    default long sizeBytes() {
        return -1;
    }

    /** Called after a bulk load, e.g. to refresh planner statistics. */
    default void afterBulkLoad() {}

    @Override
    void close();
}
