package io.sextant.search;

/**
 * A chunk one side of the search (lexical or vector) returned, with everything needed to show
 * it, so no second lookup (which could bypass the ACL) is ever made.
 *
 * @param score BM25/ts_rank for the lexical side, cosine similarity for the vector side
 */
public record Candidate(
        String chunkId,
        String documentId,
        int ordinal,
        String title,
        String source,
        String heading,
        String text,
        double score) {}
