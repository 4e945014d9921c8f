package io.sextant.ingest;

import io.sextant.SextantException;
import io.sextant.access.Acl;
import io.sextant.search.ChunkIndex;
import io.sextant.search.Embedder;
import io.sextant.search.IndexedDocument;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Adds, replaces and deletes documents in the chunk index. A document whose text is unchanged is
 * never embedded again: a new ACL, title or tags only rewrite its metadata. Bulk ingestion of a
 * folder skips documents already indexed with the same content, so after a crash it resumes
 * where it stopped and indexes each document exactly once.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    /** What an ingest call did. */
    public enum Action {
        CREATED,
        REPLACED,
        METADATA_UPDATED,
        UNCHANGED
    }

    public record Outcome(String documentId, Action action, int chunks) {}

    /** Metadata given with a document; null fields fall back to its front matter. */
    public record Options(String title, String source, Set<String> tags, Acl acl) {

        public static Options none() {
            return new Options(null, null, null, null);
        }
    }

    /** Totals of a bulk run. */
    public record BulkReport(int documents, int ingested, int unchanged, int failed, long chunks, double seconds) {}

    private final ChunkIndex index;
    private final Embedder embedder;
    private final IngestConfig config;
    private final Chunker chunker;

    public IngestService(ChunkIndex index, Embedder embedder, IngestConfig config) {
        this.index = index;
        this.embedder = embedder;
        this.config = config;
        this.chunker = new Chunker(config.chunkSize(), config.chunkOverlap());
    }

    /** Ingests one document, creating or replacing it. */
    public Outcome ingest(String documentId, String fileName, String contentType, byte[] content, Options options) {
        Prepared prepared = prepare(documentId, fileName, contentType, content, options);
        IndexedDocument existing = index.document(documentId).orElse(null);
        if (existing != null
                && Objects.equals(existing.contentHash(), prepared.document().contentHash())) {
            if (existing.equals(prepared.document())) {
                return new Outcome(documentId, Action.UNCHANGED, 0);
            }
            index.updateMetadata(prepared.document());
            return new Outcome(documentId, Action.METADATA_UPDATED, 0);
        }
        IndexedDocument.WithChunks embedded = embed(List.of(prepared)).get(0);
        index.replace(embedded);
        return new Outcome(
                documentId,
                existing == null ? Action.CREATED : Action.REPLACED,
                embedded.chunks().size());
    }

    /** Gives a document a new ACL without re-embedding it. */
    public void updateAcl(String documentId, Acl acl) {
        IndexedDocument d = index.document(documentId).orElseThrow(() -> notFound(documentId));
        index.updateMetadata(
                new IndexedDocument(d.id(), d.kind(), d.title(), d.source(), d.tags(), d.date(), acl, d.contentHash()));
    }

    public void delete(String documentId) {
        if (!index.delete(documentId)) {
            throw notFound(documentId);
        }
    }

    public List<IndexedDocument> documents() {
        return index.documents(IndexedDocument.DOCUMENTS);
    }

    /**
     * Ingests every readable file below {@code folder}; the document id is the path relative to
     * it. Files whose content is already indexed are skipped, so a second run after a crash
     * finishes the job without duplicates. Unreadable files are logged and counted, not fatal.
     */
    public BulkReport ingestFolder(Path folder, Acl defaultAcl) {
        Path root;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            root = folder.toRealPath();
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> DocumentParser.format(p.getFileName().toString(), null)
                            .isPresent())
                    .filter(p -> staysInside(root, p))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT,
                    "unreadable-folder",
                    "cannot list " + folder + ": " + e.getMessage(),
                    e);
        }
        long max = config.maxDocumentSize().asLongValue();
        List<Source> sources = files.stream()
                .map(file -> new Source(
                        folder.relativize(file).toString().replace('\\', '/'),
                        file.getFileName().toString(),
                        null,
                        () -> {
                            // Checked before reading, so an oversized file is never loaded.
                            long size = Files.size(file);
                            if (size > max) {
                                throw tooLarge(size);
                            }
                            return Files.readAllBytes(file);
                        },
                        Options.none()))
                .toList();
        return ingestAll(folder.toString(), sources, defaultAcl);
    }

    /**
     * Ingests a folder named by an API caller: only below one of {@code sextant.ingest.allowed-roots}
     * (none by default, which turns this off), with symbolic links resolved before the check.
     */
    public BulkReport ingestServerFolder(String path, Acl defaultAcl) {
        List<Path> roots = config.allowedRoots().orElse(List.of());
        if (roots.isEmpty()) {
            throw new SextantException(
                    SextantException.Kind.FORBIDDEN,
                    "bulk-ingestion-disabled",
                    "Bulk ingestion from server folders is off; an administrator of the server enables it with"
                            + " sextant.ingest.allowed-roots");
        }
        Path folder;
        try {
            folder = Path.of(path).toRealPath();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT, "invalid-folder", "path must name a folder on the server");
        }
        boolean allowed = roots.stream().anyMatch(r -> {
            try {
                return folder.startsWith(r.toRealPath());
            } catch (IOException e) {
                return false;
            }
        });
        if (!allowed) {
            throw new SextantException(
                    SextantException.Kind.FORBIDDEN,
                    "path-not-allowed",
                    "path is not below one of the folders allowed for bulk ingestion (sextant.ingest.allowed-roots)");
        }
        if (!Files.isDirectory(folder)) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT, "invalid-folder", "path must name a folder on the server");
        }
        return ingestFolder(folder, defaultAcl);
    }

    /** False for a file whose real location (links resolved) is outside the root. */
    private static boolean staysInside(Path root, Path file) {
        try {
            if (file.toRealPath().startsWith(root)) {
                return true;
            }
        } catch (IOException e) {
            // unreadable or a dangling link: skipped like one that leaves the root
        }
        LOG.warnf("Skipping %s: it leads outside %s", file, root);
        return false;
    }

    /** A document to ingest in bulk; its content is read only when its turn comes. */
    public record Source(
            String id,
            String fileName,
            String contentType,
            java.util.concurrent.Callable<byte[]> content,
            Options options) {}

    /**
     * Ingests many documents in batches (embedded and committed together), skipping those already
     * indexed with the same content and metadata; see {@link #ingestFolder}.
     */
    public BulkReport ingestAll(String label, List<Source> sources, Acl defaultAcl) {
        long start = System.nanoTime();
        Map<String, IndexedDocument> indexed = index.documents(IndexedDocument.DOCUMENTS).stream()
                .collect(Collectors.toMap(IndexedDocument::id, Function.identity()));
        LOG.infof("Bulk ingestion of %s: %d documents, %d already in the index", label, sources.size(), indexed.size());
        List<Prepared> batch = new ArrayList<>();
        int ingested = 0;
        int unchanged = 0;
        int failed = 0;
        long chunks = 0;
        long lastLog = start;
        for (int i = 0; i < sources.size(); i++) {
            Source source = sources.get(i);
            try {
                Prepared prepared = prepare(
                        source.id(),
                        source.fileName(),
                        source.contentType(),
                        source.content().call(),
                        source.options(),
                        defaultAcl);
                IndexedDocument existing = indexed.get(source.id());
                if (existing != null && existing.equals(prepared.document())) {
                    unchanged++;
                } else if (existing != null
                        && Objects.equals(
                                existing.contentHash(), prepared.document().contentHash())) {
                    index.updateMetadata(prepared.document());
                    ingested++;
                } else {
                    batch.add(prepared);
                }
            } catch (SextantException e) {
                failed++;
                LOG.warnf("Skipping %s: %s", source.id(), e.getMessage());
            } catch (Exception e) {
                failed++;
                LOG.warnf("Skipping %s: cannot read it (%s)", source.id(), e.getMessage());
            }
            if (batch.size() >= config.bulkBatch() || i == sources.size() - 1 && !batch.isEmpty()) {
                List<IndexedDocument.WithChunks> embedded = embed(batch);
                index.replaceAll(embedded);
                ingested += embedded.size();
                chunks += embedded.stream().mapToLong(d -> d.chunks().size()).sum();
                batch.clear();
            }
            long now = System.nanoTime();
            if (now - lastLog > PROGRESS_EVERY_NANOS) {
                double seconds = (now - start) / 1e9;
                LOG.infof(
                        "Bulk ingestion: %d/%d documents done, %d chunks, %.1f chunks/s",
                        i + 1, sources.size(), chunks, chunks / seconds);
                lastLog = now;
            }
        }
        if (ingested > 0) {
            index.afterBulkLoad();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        BulkReport report = new BulkReport(sources.size(), ingested, unchanged, failed, chunks, seconds);
        LOG.infof(
                "Bulk ingestion of %s finished: %d ingested, %d unchanged, %d failed, %d chunks in %.1f s (%.1f chunks/s)",
                label, ingested, unchanged, failed, chunks, seconds, seconds > 0 ? chunks / seconds : 0);
        return report;
    }

    // ---- preparing and embedding --------------------------------------------------------------

    private record Prepared(IndexedDocument document, List<Chunker.Piece> pieces) {}

    private Prepared prepare(String id, String fileName, String contentType, byte[] content, Options options) {
        return prepare(id, fileName, contentType, content, options, null);
    }

    private Prepared prepare(
            String id, String fileName, String contentType, byte[] content, Options options, Acl fallbackAcl) {
        if (id == null || id.isBlank() || id.length() > 512) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT, "invalid-document-id", "a document id is 1 to 512 characters");
        }
        if (content.length > config.maxDocumentSize().asLongValue()) {
            throw tooLarge(content.length);
        }
        ParsedDocument parsed = DocumentParser.parse(fileName, contentType, content);
        Map<String, Object> front = parsed.frontMatter();
        Acl acl = options.acl() != null ? options.acl() : aclFrom(front).orElse(fallbackAcl);
        if (acl == null) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT,
                    "missing-acl",
                    "'" + fileName + "' has no ACL: give users or groups (front matter 'acl', or the request)");
        }
        String title = options.title() != null ? options.title() : parsed.title();
        String source =
                options.source() != null ? options.source() : front.get("source") instanceof String s ? s : null;
        Set<String> tags = options.tags() != null ? options.tags() : strings(front.get("tags"));
        IndexedDocument document = new IndexedDocument(
                id,
                IndexedDocument.DOCUMENTS,
                title,
                source,
                tags,
                date(front.get("updated")),
                acl,
                hash(title, parsed.body()));
        List<Chunker.Piece> pieces = chunker.chunk(parsed.body());
        if (pieces.isEmpty()) {
            throw new SextantException(
                    SextantException.Kind.UNPROCESSABLE, "empty-document", "'" + fileName + "' has no text");
        }
        return new Prepared(document, pieces);
    }

    private List<IndexedDocument.WithChunks> embed(List<Prepared> documents) {
        index.bindModel(embedder.modelName(), embedder.dimension());
        List<String> texts = new ArrayList<>();
        for (Prepared p : documents) {
            for (Chunker.Piece piece : p.pieces()) {
                // The title and section give a chunk its context; the stored text stays as written.
                texts.add(p.document().title() + (piece.heading() == null ? "" : "\n" + piece.heading()) + "\n"
                        + piece.text());
            }
        }
        List<float[]> vectors = embedder.embed(texts);
        List<IndexedDocument.WithChunks> result = new ArrayList<>();
        int v = 0;
        for (Prepared p : documents) {
            List<IndexedDocument.Chunk> chunks = new ArrayList<>();
            for (Chunker.Piece piece : p.pieces()) {
                chunks.add(new IndexedDocument.Chunk(piece.ordinal(), piece.heading(), piece.text(), vectors.get(v++)));
            }
            result.add(new IndexedDocument.WithChunks(p.document(), chunks));
        }
        return result;
    }

    private static java.util.Optional<Acl> aclFrom(Map<String, Object> front) {
        if (!(front.get("acl") instanceof Map<?, ?> acl)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Acl(strings(acl.get("users")), strings(acl.get("groups"))));
    }

    private static Set<String> strings(Object value) {
        Set<String> result = new TreeSet<>();
        if (value instanceof Collection<?> values) {
            values.forEach(v -> result.add(String.valueOf(v)));
        } else if (value != null) {
            result.add(String.valueOf(value));
        }
        return result;
    }

    private static LocalDate date(Object value) {
        if (value instanceof java.util.Date d) {
            return d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        }
        try {
            return value == null ? null : LocalDate.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String hash(String title, String body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.valueOf(title).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private SextantException tooLarge(long size) {
        return new SextantException(
                SextantException.Kind.TOO_LARGE,
                "document-too-large",
                "the document has " + size + " bytes; the limit is "
                        + config.maxDocumentSize().asLongValue());
    }

    private static SextantException notFound(String documentId) {
        return new SextantException(
                SextantException.Kind.NOT_FOUND, "document-not-found", "no document '" + documentId + "'");
    }
}
