package io.sextant.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sextant.catalog.CatalogService;
import io.sextant.catalog.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Lays the Acme demo out in a data directory: the DuckDB warehouse, the semantic model and the
 * documents. Everything is built in a scratch directory first and the manifest is written last,
 * so a crash part-way leaves no manifest and the next start builds the demo again from scratch.
 */
final class DemoInstaller {

    static final String MANIFEST = "demo.json";
    static final Path DOCUMENTS_DIR = Path.of("documents");
    private static final String BUILD_DIR = ".demo-build";
    private static final String MODEL_RESOURCE = "demo/acme/semantic-model.yaml";
    private static final String PREVIOUS_MODELS = "demo/acme/semantic-model.previous.sha256";
    private static final Logger LOG = Logger.getLogger(DemoInstaller.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What was generated, with which seed and how long it took. */
    record Manifest(
            long seed,
            int orders,
            Map<String, Long> rowCounts,
            int documents,
            String generatedAt,
            long generationMillis) {}

    /** Whether this call generated the demo or found it in place. */
    enum Outcome {
        GENERATED,
        PRESENT
    }

    record Result(Outcome outcome, Manifest manifest) {}

    private final Path dataDir;

    DemoInstaller(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The manifest of the demo in place, if there is a complete one. */
    Optional<Manifest> manifest() {
        Path file = dataDir.resolve(MANIFEST);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Manifest.class));
        } catch (IOException e) {
            LOG.warnf(
                    "The demo manifest %s is unreadable (%s); the demo will be generated again", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Generates the demo unless a complete one is in place; {@code regenerate} forces it. */
    Result ensure(long seed, int orders, boolean regenerate) {
        Optional<Manifest> existing = manifest();
        if (existing.isPresent() && !regenerate) {
            Manifest m = existing.get();
            if (m.seed() != seed || m.orders() != orders) {
                LOG.warnf(
                        "The demo in %s was generated with seed %d and %d orders; set sextant.demo.regenerate=true to"
                                + " apply seed %d and %d orders",
                        dataDir, m.seed(), m.orders(), seed, orders);
            }
            upgradeModel();
            return new Result(Outcome.PRESENT, m);
        }
        try {
            return new Result(Outcome.GENERATED, generate(seed, orders));
        } catch (IOException e) {
            throw new UncheckedIOException("generating the Acme demo in " + dataDir + " failed", e);
        } catch (SQLException e) {
            throw new IllegalStateException("generating the Acme demo warehouse failed: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the installed demo model with this version's when it is one an earlier version
     * installed and nobody edited (newer models declare what the planner needs: default filters,
     * default dates); an edited model is left alone, with a warning when it differs.
     */
    void upgradeModel() {
        Path model = dataDir.resolve(CatalogService.DEMO_MODEL_FILE);
        try (InputStream in = resource(MODEL_RESOURCE);
                InputStream previous = resource(PREVIOUS_MODELS)) {
            byte[] shipped = in.readAllBytes();
            if (!Files.exists(model)) {
                return;
            }
            String installed = sha256(Files.readAllBytes(model));
            if (installed.equals(sha256(shipped))) {
                return;
            }
            boolean earlier = new String(previous.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .anyMatch(line -> line.strip().equals(installed));
            if (earlier) {
                Files.write(model, shipped);
                LOG.infof("Updated the demo semantic model %s to this version's", model);
            } else {
                LOG.warnf(
                        "The demo semantic model %s differs from the one this version ships (edited?); it is kept."
                                + " Delete it, or set sextant.demo.regenerate=true, to get the current one",
                        model);
            }
        } catch (IOException e) {
            LOG.warnf("Checking the demo semantic model %s failed: %s", model, e.getMessage());
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Manifest generate(long seed, int orders) throws IOException, SQLException {
        long start = System.nanoTime();
        LOG.infof("Generating the Acme demo in %s (seed %d, %d orders)", dataDir.toAbsolutePath(), seed, orders);
        Path build = dataDir.resolve(BUILD_DIR);
        deleteRecursively(build);
        Path warehouse = build.resolve(Warehouse.EMBEDDED_FILE);
        Files.createDirectories(warehouse.getParent());
        Map<String, Long> counts = new AcmeWarehouseGenerator(seed, orders).generate(warehouse);

        Path model = build.resolve(CatalogService.DEMO_MODEL_FILE);
        Files.createDirectories(model.getParent());
        try (InputStream in = resource(MODEL_RESOURCE)) {
            Files.copy(in, model);
        }
        int documents = AcmeDocuments.write(build.resolve(DOCUMENTS_DIR), warehouse);

        Files.deleteIfExists(dataDir.resolve(MANIFEST));
        for (Path part : new Path[] {
            Warehouse.EMBEDDED_FILE.getParent(), CatalogService.DEMO_MODEL_FILE.getParent(), DOCUMENTS_DIR
        }) {
            Path target = dataDir.resolve(part);
            deleteRecursively(target);
            Files.move(build.resolve(part), target, StandardCopyOption.ATOMIC_MOVE);
        }
        deleteRecursively(build);

        long millis = (System.nanoTime() - start) / 1_000_000;
        Manifest manifest =
                new Manifest(seed, orders, counts, documents, Instant.now().toString(), millis);
        Path scratch = dataDir.resolve(MANIFEST + ".tmp");
        JSON.writeValue(scratch.toFile(), manifest);
        Files.move(
                scratch,
                dataDir.resolve(MANIFEST),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        LOG.infof("Generated the Acme demo in %d ms: %s, %d documents", millis, counts, documents);
        return manifest;
    }

    static InputStream resource(String name) throws IOException {
        InputStream in = DemoInstaller.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " is missing from the Sextant jar");
        }
        return in;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
