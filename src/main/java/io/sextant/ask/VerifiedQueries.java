package io.sextant.ask;

import io.sextant.catalog.CatalogService;
import io.sextant.catalog.SemanticModel;
import io.sextant.search.Embedder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The verified queries of the semantic model, ranked for a question by the cosine of their
 * questions' embeddings (the pipeline then compares plans: a verified query answers only a
 * question with the same plan). The embeddings are computed once per loaded model.
 */
@ApplicationScoped
public class VerifiedQueries {

    /** A verified query and how close its question is to the asked one. */
    public record Match(SemanticModel.VerifiedQuery query, double cosine) {}

    /** The loaded model's verified queries with their embeddings, computed once. */
    private record Embedded(Object snapshot, List<SemanticModel.VerifiedQuery> queries, List<float[]> vectors) {}

    private final CatalogService catalog;
    private final Embedder embedder;
    private volatile Embedded embedded;

    VerifiedQueries(CatalogService catalog, Embedder embedder) {
        this.catalog = catalog;
        this.embedder = embedder;
    }

    /** Verified queries by decreasing similarity to the question (all of them, visible or not). */
    public List<Match> rank(String question, float[] questionVector) {
        Embedded e = current();
        List<Match> matches = new ArrayList<>();
        for (int i = 0; i < e.queries().size(); i++) {
            matches.add(new Match(
                    e.queries().get(i), cosine(questionVector, e.vectors().get(i))));
        }
        matches.sort(Comparator.comparingDouble(Match::cosine).reversed());
        return matches;
    }

    private Embedded current() {
        CatalogService.Snapshot snapshot = catalog.current();
        Embedded e = embedded;
        if (e == null || e.snapshot() != snapshot) {
            Optional<SemanticModel> model = snapshot == null ? Optional.empty() : snapshot.model();
            List<SemanticModel.VerifiedQuery> queries =
                    model.map(SemanticModel::verifiedQueries).orElse(List.of());
            List<float[]> vectors = queries.isEmpty()
                    ? List.of()
                    : embedder.embed(queries.stream()
                            .map(SemanticModel.VerifiedQuery::question)
                            .toList());
            e = new Embedded(snapshot, queries, vectors);
            embedded = e;
        }
        return e;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
