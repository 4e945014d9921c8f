package io.sextant.ask;

import io.sextant.catalog.CatalogService;
import io.sextant.catalog.SemanticModel;
import io.sextant.curation.VerifiedQueryStore;
import io.sextant.search.Embedder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The trusted verified queries — {@code verified} ones of the curation store, into which the
 * semantic model's are imported — ranked for a question by the cosine of their questions' (and
 * alternative phrasings') embeddings; the pipeline then compares plans: a verified query answers
 * only a question with the same plan. Embeddings are computed again only when the model is
 * reloaded or the store changes, so an admin's approval or retirement counts from the next
 * question on.
 */
@ApplicationScoped
public class VerifiedQueries {

    /** A verified query (one phrasing of it) and how close it is to the asked question. */
    public record Match(SemanticModel.VerifiedQuery query, double cosine) {}

    /** The trusted phrasings with their embeddings, for one model snapshot and store version. */
    private record Embedded(
            Object snapshot, long version, List<SemanticModel.VerifiedQuery> queries, List<float[]> vectors) {}

    private final CatalogService catalog;
    private final Embedder embedder;
    private final VerifiedQueryStore store;
    private volatile Embedded embedded;
    private volatile Object imported;

    VerifiedQueries(CatalogService catalog, Embedder embedder, VerifiedQueryStore store) {
        this.catalog = catalog;
        this.embedder = embedder;
        this.store = store;
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
        if (snapshot != null && imported != snapshot) {
            synchronized (this) {
                if (imported != snapshot) {
                    snapshot.model().ifPresent(store::importModel);
                    imported = snapshot;
                }
            }
        }
        long version = store.version();
        Embedded e = embedded;
        if (e == null || e.snapshot() != snapshot || e.version() != version) {
            List<SemanticModel.VerifiedQuery> queries = new ArrayList<>();
            for (VerifiedQueryStore.Stored q : store.trusted()) {
                queries.add(query(q, q.question()));
                q.alternatives().forEach(alternative -> queries.add(query(q, alternative)));
            }
            List<float[]> vectors = queries.isEmpty()
                    ? List.of()
                    : embedder.embed(queries.stream()
                            .map(SemanticModel.VerifiedQuery::question)
                            .toList());
            e = new Embedded(snapshot, version, List.copyOf(queries), vectors);
            embedded = e;
        }
        return e;
    }

    private static SemanticModel.VerifiedQuery query(VerifiedQueryStore.Stored q, String phrasing) {
        return new SemanticModel.VerifiedQuery(
                q.name(), phrasing, q.sql(), q.verifiedBy(), q.verifiedAt(), q.onboarding(), 0);
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
