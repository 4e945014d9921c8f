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

    /**
     * A set of verified queries the pipeline may trust, every phrasing embedded: the store's
     * (what {@link #trusted()} gives) or a proposed set a change gate tries out.
     */
    public static final class Candidates {
        private final Object snapshot;
        private final long version;
        private final List<SemanticModel.VerifiedQuery> queries;
        private final List<float[]> vectors;

        private Candidates(
                Object snapshot, long version, List<SemanticModel.VerifiedQuery> queries, List<float[]> vectors) {
            this.snapshot = snapshot;
            this.version = version;
            this.queries = List.copyOf(queries);
            this.vectors = List.copyOf(vectors);
        }

        /** The verified queries by decreasing similarity to the question (all of them, visible or not). */
        public List<Match> rank(float[] questionVector) {
            List<Match> matches = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                matches.add(new Match(queries.get(i), cosine(questionVector, vectors.get(i))));
            }
            matches.sort(Comparator.comparingDouble(Match::cosine).reversed());
            return matches;
        }

        /** Every phrasing, one entry each. */
        public List<SemanticModel.VerifiedQuery> phrasings() {
            return queries;
        }
    }

    private final CatalogService catalog;
    private final Embedder embedder;
    private final VerifiedQueryStore store;
    private volatile Candidates embedded;
    private volatile Object imported;

    VerifiedQueries(CatalogService catalog, Embedder embedder, VerifiedQueryStore store) {
        this.catalog = catalog;
        this.embedder = embedder;
        this.store = store;
    }

    /**
     * The queries the store trusts now; the model's are imported first when it was reloaded, and
     * embeddings are computed again only when the model or the store changed.
     */
    public Candidates trusted() {
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
        Candidates e = embedded;
        if (e == null || e.snapshot != snapshot || e.version != version) {
            List<SemanticModel.VerifiedQuery> queries = new ArrayList<>();
            for (VerifiedQueryStore.Stored q : store.trusted()) {
                queries.add(query(q, q.question()));
                q.alternatives().forEach(alternative -> queries.add(query(q, alternative)));
            }
            e = new Candidates(snapshot, version, queries, embed(queries));
            embedded = e;
        }
        return e;
    }

    /** A proposed set of verified queries (each phrasing its own entry), embedded, for a trial. */
    public Candidates candidates(List<SemanticModel.VerifiedQuery> phrasings) {
        return new Candidates(null, -1, phrasings, embed(phrasings));
    }

    private List<float[]> embed(List<SemanticModel.VerifiedQuery> queries) {
        return queries.isEmpty()
                ? List.of()
                : embedder.embed(queries.stream()
                        .map(SemanticModel.VerifiedQuery::question)
                        .toList());
    }

    /** One phrasing of a stored query as the pipeline reads it. */
    public static SemanticModel.VerifiedQuery query(VerifiedQueryStore.Stored q, String phrasing) {
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
