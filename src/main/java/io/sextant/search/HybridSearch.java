package io.sextant.search;

import static java.util.Objects.requireNonNull;

import io.sextant.access.Principal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Lexical top-N and vector top-N from one {@link ChunkIndex}, both under the principal's ACL,
 * fused with Reciprocal Rank Fusion: {@code score = sum over lists of 1 / (k + rank)}.
 */
public final class HybridSearch {

    /** Which rankings to use. */
    public enum Mode {
        HYBRID,
        LEXICAL,
        VECTOR
    }

    /**
     * A fused result with the rank it had on each side (null when absent there) and, when the
     * vector side found it, its cosine similarity to the query.
     */
    public record Hit(
            String chunkId,
            String documentId,
            String title,
            String source,
            String heading,
            double score,
            Integer lexicalRank,
            Integer vectorRank,
            Double cosine,
            String snippet,
            String text) {}

    private final ChunkIndex index;
    private final Embedder embedder;
    private final int candidates;
    private final int rrfK;

    public HybridSearch(ChunkIndex index, Embedder embedder, int candidates, int rrfK) {
        this.index = requireNonNull(index, "index");
        this.embedder = requireNonNull(embedder, "embedder");
        this.candidates = candidates;
        this.rrfK = rrfK;
    }

    /** The best {@code k} chunks the principal may read. */
    public List<Hit> search(String query, Principal principal, int k, Mode mode, SearchFilters filters) {
        return search(query, principal, k, mode, filters, false);
    }

    /**
     * The best {@code k} chunks the principal may read; with {@code onePerDocument}, each side is
     * first reduced to its best chunk per document and documents are fused, so one long document
     * cannot crowd out the others and a document ranks by its best passage.
     */
    public List<Hit> search(
            String query, Principal principal, int k, Mode mode, SearchFilters filters, boolean onePerDocument) {
        float[] vector = mode == Mode.LEXICAL ? null : embedder.embedQuery(query);
        return search(query, vector, principal, k, mode, filters, onePerDocument);
    }

    /** The same, with the query already embedded (callers that search several times embed once). */
    public List<Hit> search(
            String query,
            float[] queryVector,
            Principal principal,
            int k,
            Mode mode,
            SearchFilters filters,
            boolean onePerDocument) {
        int n = Math.max(k, candidates);
        List<Candidate> lexical =
                mode == Mode.VECTOR ? List.of() : index.lexical(query, principal.aclTerms(), filters, n);
        List<Candidate> vector =
                mode == Mode.LEXICAL ? List.of() : index.vector(queryVector, principal.aclTerms(), filters, n);
        Function<Candidate, String> key = onePerDocument ? Candidate::documentId : Candidate::chunkId;
        return fuse(query, distinct(lexical, key), distinct(vector, key), k, key);
    }

    private static List<Candidate> distinct(List<Candidate> ranked, Function<Candidate, String> key) {
        Set<String> seen = new HashSet<>();
        return ranked.stream().filter(c -> seen.add(key.apply(c))).toList();
    }

    private List<Hit> fuse(
            String query, List<Candidate> lexical, List<Candidate> vector, int k, Function<Candidate, String> key) {
        Map<String, Candidate> byId = new LinkedHashMap<>();
        Map<String, Double> fused = new HashMap<>();
        Map<String, Integer> lexicalRanks = new HashMap<>();
        Map<String, Integer> vectorRanks = new HashMap<>();
        Map<String, Double> cosines = new HashMap<>();
        accumulate(lexical, key, byId, fused, lexicalRanks);
        accumulate(vector, key, byId, fused, vectorRanks);
        vector.forEach(c -> cosines.putIfAbsent(key.apply(c), c.score()));
        List<String> ids = new ArrayList<>(byId.keySet());
        ids.sort(Comparator.<String>comparingDouble(fused::get).reversed().thenComparing(Comparator.naturalOrder()));
        Snippets snippets = new Snippets(query);
        List<Hit> hits = new ArrayList<>();
        for (String id : ids.subList(0, Math.min(k, ids.size()))) {
            Candidate c = byId.get(id);
            hits.add(new Hit(
                    c.chunkId(),
                    c.documentId(),
                    c.title(),
                    c.source(),
                    c.heading(),
                    fused.get(id),
                    lexicalRanks.get(id),
                    vectorRanks.get(id),
                    cosines.get(id),
                    snippets.of(c.text()),
                    c.text()));
        }
        return hits;
    }

    private void accumulate(
            List<Candidate> ranked,
            Function<Candidate, String> key,
            Map<String, Candidate> byId,
            Map<String, Double> fused,
            Map<String, Integer> ranks) {
        for (int i = 0; i < ranked.size(); i++) {
            String id = key.apply(ranked.get(i));
            byId.putIfAbsent(id, ranked.get(i));
            fused.merge(id, 1.0 / (rrfK + i + 1), Double::sum);
            ranks.put(id, i + 1);
        }
    }
}
