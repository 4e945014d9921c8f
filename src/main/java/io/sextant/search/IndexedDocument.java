package io.sextant.search;

import static java.util.Objects.requireNonNull;

import io.sextant.access.Acl;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A document as the index keeps it: its metadata, its ACL and a hash of its content, so an
 * unchanged re-ingest or an ACL change can skip embedding.
 *
 * @param kind {@code documents} for ingested documents, {@code semantic} for semantic-model items
 */
public record IndexedDocument(
        String id,
        String kind,
        String title,
        String source,
        Set<String> tags,
        LocalDate date,
        Acl acl,
        String contentHash) {

    public static final String DOCUMENTS = "documents";
    public static final String SEMANTIC = "semantic";

    public IndexedDocument {
        requireNonNull(id, "id");
        requireNonNull(kind, "kind");
        requireNonNull(acl, "acl");
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    /** One chunk of a document, embedded. */
    public record Chunk(int ordinal, String heading, String text, float[] vector) {

        public Chunk {
            requireNonNull(text, "text");
            requireNonNull(vector, "vector");
        }
    }

    /** A document with its chunks, ready to be written. */
    public record WithChunks(IndexedDocument document, List<Chunk> chunks) {

        public WithChunks {
            chunks = List.copyOf(chunks);
        }
    }

    public static String chunkId(String documentId, int ordinal) {
        return documentId + "#" + ordinal;
    }
}
