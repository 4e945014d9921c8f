package io.sextant.search;

import java.time.LocalDate;
import java.util.Set;

/**
 * Metadata conditions a chunk must meet besides the ACL: the index it lives in, any of the
 * tags, the source and a date range (inclusive). Null or empty means no condition.
 */
public record SearchFilters(String kind, Set<String> tags, String source, LocalDate from, LocalDate to) {

    public SearchFilters {
        kind = kind == null ? IndexedDocument.DOCUMENTS : kind;
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    public static SearchFilters documents() {
        return new SearchFilters(IndexedDocument.DOCUMENTS, Set.of(), null, null, null);
    }

    public static SearchFilters of(String kind) {
        return new SearchFilters(kind, Set.of(), null, null, null);
    }
}
