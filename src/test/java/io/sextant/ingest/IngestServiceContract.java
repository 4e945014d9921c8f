package io.sextant.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.MemorySize;
import io.sextant.SextantException;
import io.sextant.access.Acl;
import io.sextant.access.Principal;
import io.sextant.search.Candidate;
import io.sextant.search.ChunkIndex;
import io.sextant.search.HashingEmbedder;
import io.sextant.search.SearchFilters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingestion behaviour, held to the same expectations on every chunk index. */
abstract class IngestServiceContract {

    static final Principal EVERYBODY = new Principal("someone", Set.of(), Map.of());

    @TempDir
    Path folder;

    ChunkIndex index;
    HashingEmbedder embedder;
    IngestService ingest;

    abstract ChunkIndex create();

    abstract ChunkIndex reopen(ChunkIndex index);

    @BeforeEach
    void open() {
        index = create();
        embedder = new HashingEmbedder();
        ingest = service(index, embedder);
    }

    @AfterEach
    void close() {
        index.close();
    }

    static IngestService service(ChunkIndex index, HashingEmbedder embedder) {
        return service(index, embedder, List.of());
    }

    static IngestService service(ChunkIndex index, HashingEmbedder embedder, List<Path> allowedRoots) {
        return new IngestService(index, embedder, new IngestConfig() {
            @Override
            public java.util.Optional<List<Path>> allowedRoots() {
                return allowedRoots.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(allowedRoots);
            }

            @Override
            public int chunkSize() {
                return 400;
            }

            @Override
            public int chunkOverlap() {
                return 50;
            }

            @Override
            public MemorySize maxDocumentSize() {
                return new MemorySize(java.math.BigInteger.valueOf(10_000));
            }

            @Override
            public int bulkBatch() {
                return 8;
            }
        });
    }

    @Test
    void should_not_embed_again_when_only_the_acl_changes() {
        byte[] text = markdown("Memo", "hr", "The reorganisation starts in March.");

        IngestService.Outcome created = ingest.ingest("memo.md", "memo.md", null, text, IngestService.Options.none());
        int embedded = embedder.texts.get();
        IngestService.Outcome again = ingest.ingest("memo.md", "memo.md", null, text, IngestService.Options.none());
        ingest.updateAcl("memo.md", Acl.everyone());

        assertThat(created.action()).isEqualTo(IngestService.Action.CREATED);
        assertThat(again.action()).isEqualTo(IngestService.Action.UNCHANGED);
        assertThat(embedder.texts.get()).isEqualTo(embedded);
        assertThat(index.lexical("reorganisation", EVERYBODY.aclTerms(), SearchFilters.documents(), 5))
                .hasSize(1);

        IngestService.Outcome restricted = ingest.ingest(
                "memo.md", "memo.md", null, text, new IngestService.Options(null, null, null, Acl.ofGroups("hr")));
        assertThat(restricted.action()).isEqualTo(IngestService.Action.METADATA_UPDATED);
        assertThat(embedder.texts.get()).isEqualTo(embedded);
        assertThat(index.lexical("reorganisation", EVERYBODY.aclTerms(), SearchFilters.documents(), 5))
                .isEmpty();
    }

    @Test
    void should_replace_a_document_whose_text_changed() {
        ingest.ingest(
                "memo.md",
                "memo.md",
                null,
                markdown("Memo", "everyone", "Old plan with apples."),
                IngestService.Options.none());

        IngestService.Outcome replaced = ingest.ingest(
                "memo.md",
                "memo.md",
                null,
                markdown("Memo", "everyone", "New plan with oranges."),
                IngestService.Options.none());

        assertThat(replaced.action()).isEqualTo(IngestService.Action.REPLACED);
        assertThat(index.lexical("apples", EVERYBODY.aclTerms(), SearchFilters.documents(), 5))
                .isEmpty();
        assertThat(index.lexical("oranges", EVERYBODY.aclTerms(), SearchFilters.documents(), 5))
                .hasSize(1);
    }

    @Test
    void should_refuse_oversized_documents_and_documents_without_acl() {
        byte[] large = new byte[10_001];
        java.util.Arrays.fill(large, (byte) 'a');

        assertThatThrownBy(() -> ingest.ingest("big.txt", "big.txt", null, large, IngestService.Options.none()))
                .isInstanceOfSatisfying(
                        SextantException.class, e -> assertThat(e.kind()).isEqualTo(SextantException.Kind.TOO_LARGE));
        assertThatThrownBy(() -> ingest.ingest(
                        "note.txt",
                        "note.txt",
                        null,
                        "hello".getBytes(StandardCharsets.UTF_8),
                        IngestService.Options.none()))
                .isInstanceOfSatisfying(
                        SextantException.class, e -> assertThat(e.code()).isEqualTo("missing-acl"));
        assertThat(index.documents("documents")).isEmpty();
    }

    @Test
    void should_resume_a_crashed_bulk_run_and_index_each_document_exactly_once() throws IOException {
        for (int i = 0; i < 40; i++) {
            Files.createDirectories(folder.resolve("team" + i % 3));
            Files.write(
                    folder.resolve("team" + i % 3).resolve("doc" + i + ".md"),
                    markdown("Doc " + i, "everyone", "marker" + i + " text of document " + i));
        }
        Files.writeString(folder.resolve("broken.pdf"), "not a pdf");

        HashingEmbedder crashing = new HashingEmbedder(2); // fails on the third batch of eight
        assertThatThrownBy(() -> service(index, crashing).ingestFolder(folder, null))
                .hasMessageContaining("simulated crash");
        int indexedBeforeCrash = index.documents("documents").size();
        index = reopen(index);

        IngestService.BulkReport resumed = service(index, embedder).ingestFolder(folder, null);

        assertThat(indexedBeforeCrash).isEqualTo(16);
        assertThat(resumed.unchanged()).isEqualTo(16);
        assertThat(resumed.ingested()).isEqualTo(24);
        assertThat(resumed.failed()).isEqualTo(1);
        assertThat(index.documents("documents")).hasSize(40);
        assertThat(index.chunkCount()).isEqualTo(40);
        for (int i = 0; i < 40; i++) {
            List<Candidate> hits = index.lexical("marker" + i, EVERYBODY.aclTerms(), SearchFilters.documents(), 5);
            assertThat(hits)
                    .as("doc %d", i)
                    .extracting(Candidate::documentId)
                    .containsExactly("team" + i % 3 + "/doc" + i + ".md");
        }
        assertThat(service(index, embedder).ingestFolder(folder, null).unchanged())
                .isEqualTo(40);
    }

    @Test
    void should_read_server_folders_only_below_the_allowed_roots_and_never_through_links_that_leave_them()
            throws IOException {
        Path root = Files.createDirectories(folder.resolve("allowed/docs")).getParent();
        Files.write(root.resolve("docs/a.md"), markdown("A", "everyone", "alpha inside"));
        Path outside = Files.createDirectories(folder.resolve("outside"));
        Files.write(outside.resolve("secret.md"), markdown("Secret", "everyone", "zulu secret"));
        Files.createSymbolicLink(root.resolve("docs/link.md"), outside.resolve("secret.md"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.write(root.resolve("docs/big.md"), new byte[20_000]); // over this service's 10,000-byte limit

        assertThatThrownBy(() -> ingest.ingestServerFolder(root.toString(), Acl.everyone()))
                .isInstanceOfSatisfying(SextantException.class, e -> {
                    assertThat(e.code()).isEqualTo("bulk-ingestion-disabled");
                    assertThat(e.kind()).isEqualTo(SextantException.Kind.FORBIDDEN);
                });
        IngestService allowed = service(index, embedder, List.of(root));
        for (String path : List.of(
                "/etc", outside.toString(), root.resolve("escape").toString(), root + "/../outside", root + "/..")) {
            assertThatThrownBy(() -> allowed.ingestServerFolder(path, Acl.everyone()))
                    .as(path)
                    .isInstanceOfSatisfying(
                            SextantException.class, e -> assertThat(e.code()).isEqualTo("path-not-allowed"));
        }

        IngestService.BulkReport report =
                allowed.ingestServerFolder(root.resolve("docs").toString(), Acl.everyone());

        assertThat(report.ingested()).isEqualTo(1);
        assertThat(report.failed()).isEqualTo(1); // the oversized file, refused before it is read
        assertThat(index.documents("documents")).extracting(d -> d.id()).containsExactly("a.md");
        assertThat(index.lexical("zulu", EVERYBODY.aclTerms(), SearchFilters.documents(), 5))
                .isEmpty();
    }

    static byte[] markdown(String title, String group, String body) {
        return ("---\ntitle: " + title + "\nacl:\n  groups: [" + group + "]\n---\n" + body + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
