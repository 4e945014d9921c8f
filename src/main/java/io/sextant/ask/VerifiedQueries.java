package io.sextant.ask;

import io.sextant.catalog.CatalogService;
import io.sextant.catalog.SemanticModel;
import io.sextant.search.Embedder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The verified queries of the semantic model, matched to a question by the cosine of their
 * questions' embeddings and by the values and contrasts the questions are pinned to. The
 * embeddings are computed once per loaded model.
 */
@ApplicationScoped
public class VerifiedQueries {

    /** A verified query and how close its question is to the asked one. */
    public record Match(SemanticModel.VerifiedQuery query, double cosine, boolean sameConstraints) {}

    /** The loaded model's verified queries with their embeddings and pinned values, computed once. */
    private record Embedded(
            Object snapshot,
            List<SemanticModel.VerifiedQuery> queries,
            List<float[]> vectors,
            List<Set<String>> constraints,
            Set<String> values) {}

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
        Set<String> asked = Phrases.constraints(question, e.values());
        List<Match> matches = new ArrayList<>();
        for (int i = 0; i < e.queries().size(); i++) {
            SemanticModel.VerifiedQuery q = e.queries().get(i);
            matches.add(new Match(
                    q,
                    cosine(questionVector, e.vectors().get(i)),
                    asked.equals(e.constraints().get(i))));
        }
        matches.sort(Comparator.comparingDouble(Match::cosine).reversed());
        return matches;
    }

    /** Single-word sample values of the model (region codes, channels ...), lower case. */
    Set<String> sampleValues() {
        return current().values();
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
            Set<String> values = values(model);
            List<Set<String>> constraints = queries.stream()
                    .map(q -> Phrases.constraints(q.question(), values))
                    .toList();
            e = new Embedded(snapshot, queries, vectors, constraints, values);
            embedded = e;
        }
        return e;
    }

    private static Set<String> values(Optional<SemanticModel> model) {
        Set<String> values = new HashSet<>();
        model.ifPresent(m -> m.tables()
                .forEach(t -> t.fields()
                        .forEach(f -> f.sampleValues().stream()
                                .map(v -> v.toLowerCase(Locale.ROOT).strip())
                                .filter(v -> v.length() >= 2 && v.matches("[\\p{L}\\p{N}_]+"))
                                .filter(v -> !Phrases.STOPWORDS.contains(v))
                                .forEach(values::add))));
        return Set.copyOf(values);
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
