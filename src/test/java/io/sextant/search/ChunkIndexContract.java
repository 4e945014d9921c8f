package io.sextant.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.SextantException;
import io.sextant.access.Acl;
import io.sextant.access.Principal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One behaviour for every {@link ChunkIndex}: each implementation's test extends this. */
abstract class ChunkIndexContract {

    static final int DIMENSION = 32;
    static final Principal EVERYBODY = new Principal("someone", Set.of(), Map.of());
    static final Principal HR = new Principal("hana", Set.of("hr"), Map.of());

    ChunkIndex index;

    /** A new, empty index. */
    abstract ChunkIndex create();

    /** The same index opened again, as after a restart. */
    abstract ChunkIndex reopen(ChunkIndex index);

    @BeforeEach
    void open() {
        index = create();
        index.bindModel("test-model", DIMENSION);
    }

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void should_find_a_document_by_words_and_by_vector() {
        index.replace(document("policy", Acl.everyone(), "travel expenses are reimbursed within thirty days", 1));

        List<Candidate> lexical =
                index.lexical("reimbursed travel", EVERYBODY.aclTerms(), SearchFilters.documents(), 10);
        List<Candidate> vector = index.vector(unit(1), EVERYBODY.aclTerms(), SearchFilters.documents(), 10);

        assertThat(lexical).extracting(Candidate::chunkId).containsExactly("policy#0");
        assertThat(lexical.get(0).title()).isEqualTo("Title of policy");
        assertThat(vector).extracting(Candidate::chunkId).containsExactly("policy#0");
        assertThat(vector.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void should_never_return_a_chunk_the_principal_may_not_read() {
        index.replace(document("salaries", Acl.ofGroups("hr"), "salary bands for engineers", 1));
        index.replace(document("handbook", Acl.everyone(), "salary is paid monthly", 2));

        assertThat(index.lexical("salary", EVERYBODY.aclTerms(), SearchFilters.documents(), 10))
                .extracting(Candidate::documentId)
                .containsExactly("handbook");
        assertThat(index.vector(unit(1), EVERYBODY.aclTerms(), SearchFilters.documents(), 10))
                .extracting(Candidate::documentId)
                .containsExactly("handbook");
        assertThat(index.lexical("salary", HR.aclTerms(), SearchFilters.documents(), 10))
                .extracting(Candidate::documentId)
                .containsExactlyInAnyOrder("handbook", "salaries");
    }

    @Test
    void should_replace_all_chunks_of_a_document() {
        index.replace(withChunks("doc", Acl.everyone(), List.of("alpha one", "alpha two", "alpha three")));
        index.replace(withChunks("doc", Acl.everyone(), List.of("beta only")));

        assertThat(index.lexical("alpha", EVERYBODY.aclTerms(), SearchFilters.documents(), 10))
                .isEmpty();
        assertThat(index.lexical("beta", EVERYBODY.aclTerms(), SearchFilters.documents(), 10))
                .extracting(Candidate::chunkId)
                .containsExactly("doc#0");
        assertThat(index.chunkCount()).isEqualTo(1);
    }

    @Test
    void should_forget_a_deleted_document_at_the_next_query() {
        index.replace(document("gone", Acl.everyone(), "ephemeral words", 3));

        assertThat(index.delete("gone")).isTrue();

        assertThat(index.lexical("ephemeral", EVERYBODY.aclTerms(), SearchFilters.documents(), 10))
                .isEmpty();
        assertThat(index.vector(unit(3), EVERYBODY.aclTerms(), SearchFilters.documents(), 10))
                .isEmpty();
        assertThat(index.document("gone")).isEmpty();
        assertThat(index.delete("gone")).isFalse();
    }

    @Test
    void should_change_the_acl_without_changing_the_vectors() {
        index.replace(document("memo", Acl.ofGroups("hr"), "reorganisation memo", 5));
        double before = index.vector(unit(5), HR.aclTerms(), SearchFilters.documents(), 1)
                .get(0)
                .score();
        IndexedDocument memo = index.document("memo").orElseThrow();

        boolean updated = index.updateMetadata(new IndexedDocument(
                "memo",
                memo.kind(),
                memo.title(),
                memo.source(),
                memo.tags(),
                memo.date(),
                Acl.everyone(),
                memo.contentHash()));

        assertThat(updated).isTrue();
        List<Candidate> visible = index.vector(unit(5), EVERYBODY.aclTerms(), SearchFilters.documents(), 1);
        assertThat(visible).extracting(Candidate::documentId).containsExactly("memo");
        assertThat(visible.get(0).score()).isCloseTo(before, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(index.lexical("reorganisation", EVERYBODY.aclTerms(), SearchFilters.documents(), 1))
                .hasSize(1);
        assertThat(index.document("memo").orElseThrow().acl()).isEqualTo(Acl.everyone());
    }

    @Test
    void should_apply_metadata_filters() {
        index.replace(new IndexedDocument.WithChunks(
                new IndexedDocument(
                        "a",
                        IndexedDocument.DOCUMENTS,
                        "A",
                        "finance",
                        Set.of("policy"),
                        LocalDate.of(2025, 1, 10),
                        Acl.everyone(),
                        "h"),
                List.of(new IndexedDocument.Chunk(0, null, "quarterly revenue", unit(1)))));
        index.replace(new IndexedDocument.WithChunks(
                new IndexedDocument(
                        "b",
                        IndexedDocument.DOCUMENTS,
                        "B",
                        "sales",
                        Set.of("playbook"),
                        LocalDate.of(2025, 6, 1),
                        Acl.everyone(),
                        "h"),
                List.of(new IndexedDocument.Chunk(0, null, "quarterly revenue", unit(1)))));
        index.replace(new IndexedDocument.WithChunks(
                new IndexedDocument("c", IndexedDocument.SEMANTIC, "C", null, Set.of(), null, Acl.everyone(), "h"),
                List.of(new IndexedDocument.Chunk(0, null, "quarterly revenue", unit(1)))));

        assertThat(ids(new SearchFilters(null, Set.of("policy"), null, null, null)))
                .containsExactly("a");
        assertThat(ids(new SearchFilters(null, Set.of(), "sales", null, null))).containsExactly("b");
        assertThat(ids(new SearchFilters(null, Set.of(), null, LocalDate.of(2025, 3, 1), null)))
                .containsExactly("b");
        assertThat(ids(new SearchFilters(null, Set.of(), null, null, LocalDate.of(2025, 1, 10))))
                .containsExactly("a");
        assertThat(ids(SearchFilters.of(IndexedDocument.SEMANTIC))).containsExactly("c");
    }

    @Test
    void should_keep_everything_after_a_restart() {
        index.replace(document("kept", Acl.ofGroups("hr"), "durable words", 7));

        index = reopen(index);

        assertThat(index.lexical("durable", HR.aclTerms(), SearchFilters.documents(), 10))
                .hasSize(1);
        assertThat(index.document("kept").orElseThrow().acl()).isEqualTo(Acl.ofGroups("hr"));
        assertThatThrownBy(() -> index.bindModel("other-model", DIMENSION))
                .isInstanceOfSatisfying(
                        SextantException.class, e -> assertThat(e.code()).isEqualTo("embedding-model-mismatch"))
                .hasMessageContaining("test-model");
    }

    /**
     * 1,000 random principals and queries over a corpus with mixed ACLs: nothing invisible comes
     * back, and the vector side returns at least 9 of the exhaustive top 10 of the visible chunks.
     */
    @Test
    void should_not_leak_nor_lose_recall_under_random_acls() {
        SplittableRandom random = new SplittableRandom(42);
        float[][] centroids = new float[24][];
        for (int i = 0; i < centroids.length; i++) {
            centroids[i] = randomUnit(random);
        }
        List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            vocabulary.add("word" + (char) ('a' + i % 26) + (char) ('a' + i / 26));
        }
        record Stored(String chunkId, Acl acl, float[] vector, String text) {}
        List<Stored> corpus = new ArrayList<>();
        List<IndexedDocument.WithChunks> batch = new ArrayList<>();
        for (int d = 0; d < 300; d++) {
            Acl acl = randomAcl(random);
            List<IndexedDocument.Chunk> chunks = new ArrayList<>();
            for (int c = 0; c < 5; c++) {
                float[] vector = near(centroids[random.nextInt(centroids.length)], random);
                StringBuilder text = new StringBuilder("unique" + d + "x" + c);
                for (int w = 0; w < 8; w++) {
                    text.append(' ').append(vocabulary.get(random.nextInt(vocabulary.size())));
                }
                chunks.add(new IndexedDocument.Chunk(c, null, text.toString(), vector));
                corpus.add(new Stored(IndexedDocument.chunkId("d" + d, c), acl, vector, text.toString()));
            }
            batch.add(new IndexedDocument.WithChunks(
                    new IndexedDocument(
                            "d" + d, IndexedDocument.DOCUMENTS, "doc " + d, null, Set.of(), null, acl, "h" + d),
                    chunks));
        }
        index.replaceAll(batch);

        for (int q = 0; q < 1_000; q++) {
            Principal principal = randomPrincipal(random);
            List<Stored> visible =
                    corpus.stream().filter(s -> s.acl().permits(principal)).toList();
            float[] query = near(centroids[random.nextInt(centroids.length)], random);

            List<Candidate> vector = index.vector(query, principal.aclTerms(), SearchFilters.documents(), 10);
            Set<String> visibleIds =
                    new HashSet<>(visible.stream().map(Stored::chunkId).toList());
            assertThat(vector).extracting(Candidate::chunkId).allMatch(visibleIds::contains);
            List<String> exhaustive = visible.stream()
                    .sorted(Comparator.comparingDouble((Stored s) -> -dot(s.vector(), query)))
                    .limit(10)
                    .map(Stored::chunkId)
                    .toList();
            Set<String> returned =
                    new HashSet<>(vector.stream().map(Candidate::chunkId).toList());
            long found = exhaustive.stream().filter(returned::contains).count();
            assertThat(found)
                    .as("query %d of %s: exhaustive %s, returned %s", q, principal, exhaustive, returned)
                    .isGreaterThanOrEqualTo(Math.min(9, exhaustive.size()));

            Stored target = visible.isEmpty()
                    ? corpus.get(random.nextInt(corpus.size()))
                    : visible.get(random.nextInt(visible.size()));
            String words = target.text().split(" ")[0] + " " + vocabulary.get(random.nextInt(vocabulary.size()));
            List<Candidate> lexical = index.lexical(words, principal.aclTerms(), SearchFilters.documents(), 10);
            assertThat(lexical).extracting(Candidate::chunkId).allMatch(visibleIds::contains);
            if (visibleIds.contains(target.chunkId())) {
                assertThat(lexical.get(0).chunkId())
                        .as("the chunk with the unique word ranks first")
                        .isEqualTo(target.chunkId());
            }
        }
    }

    // ---- fixtures ------------------------------------------------------------------------------

    private List<String> ids(SearchFilters filters) {
        return index.lexical("quarterly revenue", EVERYBODY.aclTerms(), filters, 10).stream()
                .map(Candidate::documentId)
                .sorted()
                .toList();
    }

    static IndexedDocument.WithChunks document(String id, Acl acl, String text, int axis) {
        return new IndexedDocument.WithChunks(
                new IndexedDocument(
                        id, IndexedDocument.DOCUMENTS, "Title of " + id, "test", Set.of(), null, acl, "hash-" + id),
                List.of(new IndexedDocument.Chunk(0, "Heading", text, unit(axis))));
    }

    static IndexedDocument.WithChunks withChunks(String id, Acl acl, List<String> texts) {
        List<IndexedDocument.Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            chunks.add(new IndexedDocument.Chunk(i, null, texts.get(i), unit(i)));
        }
        return new IndexedDocument.WithChunks(
                new IndexedDocument(id, IndexedDocument.DOCUMENTS, id, null, Set.of(), null, acl, "hash"), chunks);
    }

    static float[] unit(int axis) {
        float[] v = new float[DIMENSION];
        v[axis % DIMENSION] = 1;
        return v;
    }

    private static Acl randomAcl(SplittableRandom random) {
        if (random.nextDouble() < 0.15) {
            return Acl.everyone();
        }
        Set<String> groups = new HashSet<>();
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            groups.add("g" + random.nextInt(10));
        }
        Set<String> users = random.nextDouble() < 0.3 ? Set.of("u" + random.nextInt(20)) : Set.of();
        return new Acl(users, groups);
    }

    private static Principal randomPrincipal(SplittableRandom random) {
        Set<String> groups = new HashSet<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            groups.add("g" + random.nextInt(10));
        }
        return new Principal("u" + random.nextInt(20), groups, Map.of());
    }

    private static float[] randomUnit(SplittableRandom random) {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return normalize(v);
    }

    private static float[] near(float[] centroid, SplittableRandom random) {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = centroid[i] + (float) (0.35 * (random.nextDouble() * 2 - 1));
        }
        return normalize(v);
    }

    private static float[] normalize(float[] v) {
        double norm = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) norm;
        }
        return v;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
