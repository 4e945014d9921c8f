package io.sextant.api;

import io.sextant.SextantException;
import io.sextant.access.Principal;
import io.sextant.search.HybridSearch;
import io.sextant.search.IndexedDocument;
import io.sextant.search.SearchFilters;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Hybrid search over documents or the semantic model, as the calling principal. */
@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SearchResource {

    private static final int MAX_QUERY = 2_000;
    private static final int MAX_K = 100;

    /** Metadata conditions. */
    public record Filters(Set<String> tags, String source, LocalDate from, LocalDate to) {}

    /** A search request; index is documents or semantic, mode hybrid, lexical or vector. */
    public record Request(String query, Integer k, String index, String mode, Filters filters) {}

    /** One result. */
    public record Result(
            String chunkId,
            String documentId,
            String title,
            String source,
            String heading,
            double score,
            Integer lexicalRank,
            Integer vectorRank,
            String snippet) {}

    public record Response(String query, String index, String mode, List<Result> results, long tookMs) {}

    private final HybridSearch search;
    private final Principals principals;
    private final io.sextant.access.RequestLimits limits;

    SearchResource(HybridSearch search, Principals principals, io.sextant.access.RequestLimits limits) {
        this.search = search;
        this.principals = principals;
        this.limits = limits;
    }

    @POST
    public Response search(Request request) {
        Principal principal = principals.current();
        limits.take(io.sextant.access.RequestLimits.Kind.SEARCH, principal.userId());
        if (request == null || request.query() == null || request.query().isBlank()) {
            throw invalid("query is required");
        }
        if (request.query().length() > MAX_QUERY) {
            throw invalid("query is longer than " + MAX_QUERY + " characters");
        }
        int k = request.k() == null ? 10 : request.k();
        if (k < 1 || k > MAX_K) {
            throw invalid("k must be between 1 and " + MAX_K);
        }
        String index = request.index() == null
                ? IndexedDocument.DOCUMENTS
                : request.index().toLowerCase(Locale.ROOT);
        if (!index.equals(IndexedDocument.DOCUMENTS) && !index.equals(IndexedDocument.SEMANTIC)) {
            throw invalid("index must be documents or semantic");
        }
        HybridSearch.Mode mode;
        try {
            mode = request.mode() == null
                    ? HybridSearch.Mode.HYBRID
                    : HybridSearch.Mode.valueOf(request.mode().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("mode must be hybrid, lexical or vector");
        }
        Filters f = request.filters() == null ? new Filters(null, null, null, null) : request.filters();
        long start = System.nanoTime();
        List<Result> results = search
                .search(
                        request.query(),
                        principal,
                        k,
                        mode,
                        new SearchFilters(index, f.tags(), f.source(), f.from(), f.to()))
                .stream()
                .map(h -> new Result(
                        h.chunkId(),
                        h.documentId(),
                        h.title(),
                        h.source(),
                        h.heading(),
                        h.score(),
                        h.lexicalRank(),
                        h.vectorRank(),
                        h.snippet()))
                .toList();
        return new Response(
                request.query(),
                index,
                mode.name().toLowerCase(Locale.ROOT),
                results,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static SextantException invalid(String message) {
        return new SextantException(SextantException.Kind.INVALID_INPUT, "invalid-search", message);
    }
}
