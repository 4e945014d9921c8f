package io.sextant.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sextant.access.Acl;
import io.sextant.access.Principal;
import io.sextant.ingest.IngestService;
import io.sextant.search.ChunkIndex;
import io.sextant.search.Embedder;
import io.sextant.search.HybridSearch;
import io.sextant.search.OnnxEmbedder;
import io.sextant.search.SearchFilters;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Retrieval benchmark: ingests N chunks (SciFact sentences, two per chunk, ten chunks per
 * document, documents spread over ten groups) through the real ingestion path into each chunk
 * index, then times queries by mode as random principals. Reports the embedder's raw throughput
 * next to ingestion throughput, and p50/p95 query latency.
 *
 * <pre>./mvnw -q compile exec:java@retrieval-bench -Dexec.args="--chunks 100000 --index both"</pre>
 *
 * {@code --embed passages} (the default) embeds each distinct passage once (see {@link
 * RecordingEmbedder}); {@code --embed all} embeds every chunk's full text, as ingestion does.
 *
 * The first index embeds every chunk and records how long the embedder took; the second reuses
 * those vectors, so its ingestion rate is chunks / (that embedding time + its own write time).
 */
public final class RetrievalBench {

    /** Queries run in every mode before timing starts (not timed, not among the timed ones). */
    private static final int WARM_UP = 60;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Embeds through a model once, remembers the vectors and how long the model took. With
     * {@code passagesOnly}, a text is embedded by its passage alone (the document title line and
     * the "(copy n)" mark of repeated sentences removed), each passage once, and every text gets
     * that vector plus a small deterministic perturbation of its own (cosine about 0.98 to the
     * passage's): 100,000 chunks then cost the model its 22,711 distinct SciFact passages instead
     * of 100,000 texts, and the vectors can be kept in a file between runs. The index still holds
     * 100,000 distinct vectors, in clusters of near neighbours as copies of one passage are.
     */
    static final class RecordingEmbedder implements Embedder {
        final Embedder model;
        final boolean passagesOnly;
        final Map<String, float[]> cache = new ConcurrentHashMap<>();
        long modelNanos;
        long modelTexts;

        RecordingEmbedder(Embedder model, boolean passagesOnly) {
            this.model = model;
            this.passagesOnly = passagesOnly;
        }

        @Override
        public String modelName() {
            return model.modelName();
        }

        @Override
        public int dimension() {
            return model.dimension();
        }

        @Override
        public synchronized List<float[]> embed(List<String> texts) {
            List<String> keys = texts.stream().map(this::key).toList();
            List<String> missing =
                    keys.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
            if (!missing.isEmpty()) {
                long start = System.nanoTime();
                List<float[]> vectors = model.embed(missing);
                modelNanos += System.nanoTime() - start;
                modelTexts += missing.size();
                for (int i = 0; i < missing.size(); i++) {
                    cache.put(missing.get(i), vectors.get(i));
                }
            }
            List<float[]> result = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                float[] vector = cache.get(keys.get(i));
                result.add(passagesOnly ? perturbed(vector, texts.get(i)) : vector);
            }
            return result;
        }

        private String key(String text) {
            if (!passagesOnly) {
                return text;
            }
            String passage = text.substring(text.lastIndexOf('\n') + 1);
            return passage.replaceFirst("^\\(copy \\d+\\) ", "");
        }

        private static float[] perturbed(float[] vector, String text) {
            SplittableRandom noise = new SplittableRandom(text.hashCode());
            float[] result = new float[vector.length];
            double norm = 0;
            for (int i = 0; i < vector.length; i++) {
                result[i] = (float) (vector[i] + 0.01 * noise.nextGaussian());
                norm += result[i] * result[i];
            }
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < result.length; i++) {
                result[i] *= scale;
            }
            return result;
        }

        /** Vectors of an earlier run with the same model, so that a rerun costs no embedding. */
        void load(Path file) throws java.io.IOException {
            if (!Files.exists(file)) {
                return;
            }
            try (var in =
                    new java.io.DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                int count = in.readInt();
                int dimension = in.readInt();
                for (int n = 0; n < count; n++) {
                    String key = in.readUTF();
                    float[] vector = new float[dimension];
                    for (int i = 0; i < dimension; i++) {
                        vector[i] = in.readFloat();
                    }
                    cache.put(key, vector);
                }
            }
        }

        void save(Path file) throws java.io.IOException {
            Files.createDirectories(file.getParent());
            try (var out = new java.io.DataOutputStream(
                    new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
                out.writeInt(cache.size());
                out.writeInt(model.dimension());
                for (Map.Entry<String, float[]> e : cache.entrySet()) {
                    out.writeUTF(e.getKey());
                    for (float f : e.getValue()) {
                        out.writeFloat(f);
                    }
                }
            }
        }

        @Override
        public float[] embedQuery(String query) {
            return model.embedQuery(query);
        }
    }

    public record Latency(double p50, double p95) {}

    public record IndexResult(
            String index,
            long chunks,
            double ingestSeconds,
            double writeSeconds,
            double ingestChunksPerSecond,
            double shareOfRawRate,
            Map<String, Latency> queryMillis) {}

    public record Report(String model, int chunks, double rawEmbedChunksPerSecond, List<IndexResult> indexes) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = RetrievalEval.options(args);
        int target = Integer.parseInt(options.getOrDefault("chunks", "100000"));
        Path data = Path.of(options.getOrDefault("data", "../shared/data")).resolve("beir-scifact");
        String which = options.getOrDefault("index", "both");
        int queryCount = Integer.parseInt(options.getOrDefault("queries", "300"));
        OnnxEmbedder.Model modelId = OnnxEmbedder.Model.valueOf(options.getOrDefault("embedder", "bge-small-en-v15-q")
                .toUpperCase(Locale.ROOT)
                .replace('-', '_'));

        List<String> sentences = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(data.resolve("corpus.jsonl"), StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode doc = JSON.readTree(line);
                String[] parts = doc.path("text").asText().split("(?<=[.!?])\\s+");
                for (int i = 0; i + 1 < parts.length; i += 2) {
                    sentences.add(parts[i] + " " + parts[i + 1]);
                }
            }
        }
        try (BufferedReader reader = Files.newBufferedReader(data.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
            for (String line = reader.readLine();
                    line != null && queries.size() < queryCount + WARM_UP;
                    line = reader.readLine()) {
                queries.add(JSON.readTree(line).path("text").asText());
            }
        }
        List<String> warmUp = new ArrayList<>(queries.subList(queryCount, queries.size()));
        queries = new ArrayList<>(queries.subList(0, queryCount));
        // Ten chunks per document: each document is ten paragraphs; later copies vary a word so
        // that texts stay distinct when the corpus is smaller than the target.
        SplittableRandom random = new SplittableRandom(7);
        List<IngestService.Source> sources = new ArrayList<>();
        for (int d = 0; d * 10 < target; d++) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < 10; c++) {
                int index = d * 10 + c;
                String sentence = sentences.get(index % sentences.size());
                // one section per paragraph: sections are never merged, so a document is ten chunks
                text.append("# Part ")
                        .append(c + 1)
                        .append("\n\n")
                        .append(
                                index < sentences.size()
                                        ? sentence
                                        : "(copy " + index / sentences.size() + ") " + sentence)
                        .append("\n\n");
            }
            Set<String> groups = new TreeSet<>();
            groups.add("g" + random.nextInt(10));
            if (random.nextBoolean()) {
                groups.add("g" + random.nextInt(10));
            }
            byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
            sources.add(new IngestService.Source(
                    "doc-" + d,
                    "doc.txt",
                    "text/plain",
                    () -> body,
                    new IngestService.Options("Document " + d, "bench", null, new Acl(Set.of(), groups))));
        }

        Embedder model = new OnnxEmbedder(modelId, 32);
        List<String> sample = sentences.subList(0, Math.min(3_000, sentences.size()));
        model.embed(sample.subList(0, 64)); // load the model before timing
        long rawStart = System.nanoTime();
        model.embed(sample);
        double raw = sample.size() / ((System.nanoTime() - rawStart) / 1e9);
        System.out.printf(Locale.ROOT, "Raw embedder throughput: %.1f chunks/s (%d chunks)%n", raw, sample.size());

        boolean passagesOnly = !options.getOrDefault("embed", "passages").equals("all");
        RecordingEmbedder recording = new RecordingEmbedder(model, passagesOnly);
        Path vectors = Path.of("target", "bench-vectors-" + model.modelName().replaceAll("[^A-Za-z0-9.-]", "_"));
        if (passagesOnly) {
            recording.load(vectors);
        }
        List<IndexResult> results = new ArrayList<>();
        for (String kind : which.equals("both") ? List.of("lucene", "postgresql") : List.of(which)) {
            results.add(bench(kind, sources, queries, warmUp, recording, raw));
            if (passagesOnly) {
                recording.save(vectors);
            }
            System.out.println(JSON.writeValueAsString(results.get(results.size() - 1)));
        }
        Report report = new Report(model.modelName(), target, raw, results);
        Path out = Path.of("eval", "reports");
        Files.createDirectories(out);
        Path file = out.resolve(
                "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        JSON.writeValue(file.toFile(), report);
        System.out.println(table(report));
        System.out.println("Report: " + file);
    }

    private static IndexResult bench(
            String kind,
            List<IngestService.Source> sources,
            List<String> queries,
            List<String> warmUp,
            RecordingEmbedder embedder,
            double raw)
            throws Exception {
        try (ChunkIndex index = RetrievalEval.index(kind, "bench")) {
            IngestService ingest = new IngestService(index, embedder, RetrievalEval.config());
            long embedBefore = embedder.modelNanos;
            IngestService.BulkReport report = ingest.ingestAll("bench-" + kind, sources, null);
            double embedSecondsThisRun = (embedder.modelNanos - embedBefore) / 1e9;
            double writeSeconds = report.seconds() - embedSecondsThisRun;
            // Time the model needed for these chunks, whether spent in this run or the first one.
            // (With passages only the model saw fewer texts: its raw rate stands in for the full texts.)
            double embedSeconds = embedder.passagesOnly
                    ? report.chunks() / raw
                    : embedder.modelNanos / 1e9 * report.chunks() / Math.max(1, embedder.modelTexts);
            double ingestRate = report.chunks() / (embedSeconds + writeSeconds);

            HybridSearch search = new HybridSearch(index, embedder, 50, 60);
            SplittableRandom random = new SplittableRandom(11);
            Map<String, Latency> latencies = new LinkedHashMap<>();
            // Warm-up of every mode before any is timed (after a load the JIT, the caches and, for
            // Lucene, a freshly merged segment are cold), with queries that are not timed.
            for (HybridSearch.Mode mode : HybridSearch.Mode.values()) {
                for (String query : warmUp) {
                    search.search(query, principal(random), 10, mode, SearchFilters.documents());
                }
            }
            // Each query in every mode in turn (and embedded alone: the model's share of vector
            // and hybrid), so that all modes are timed under the same conditions.
            Map<String, List<Double>> millis = new LinkedHashMap<>();
            for (String query : queries) {
                Principal principal = principal(random);
                long start = System.nanoTime();
                embedder.embedQuery(query);
                millis.computeIfAbsent("embed", m -> new ArrayList<>()).add((System.nanoTime() - start) / 1e6);
                for (HybridSearch.Mode mode : HybridSearch.Mode.values()) {
                    start = System.nanoTime();
                    search.search(query, principal, 10, mode, SearchFilters.documents());
                    millis.computeIfAbsent(mode.name().toLowerCase(Locale.ROOT), m -> new ArrayList<>())
                            .add((System.nanoTime() - start) / 1e6);
                }
            }
            millis.forEach((mode, times) -> latencies.put(mode, percentiles(times)));
            return new IndexResult(
                    kind, report.chunks(), report.seconds(), writeSeconds, ingestRate, ingestRate / raw, latencies);
        }
    }

    private static Latency percentiles(List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        return new Latency(sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1));
    }

    private static Principal principal(SplittableRandom random) {
        Set<String> groups = new TreeSet<>();
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            groups.add("g" + random.nextInt(10));
        }
        return new Principal("bench-user", groups, Map.of());
    }

    static String table(Report r) {
        StringBuilder t = new StringBuilder(String.format(
                Locale.ROOT,
                "%,d chunks, %s, raw embedder %.1f chunks/s%n%n"
                        + "| index | ingest chunks/s | of raw | write-only s | lexical p50/p95 ms | vector p50/p95 ms | hybrid p50/p95 ms | of which query embedding p50/p95 ms |%n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|%n",
                r.chunks(),
                r.model(),
                r.rawEmbedChunksPerSecond()));
        for (IndexResult i : r.indexes()) {
            Map<String, Latency> q = i.queryMillis();
            t.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f | %.0f%% | %.1f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f |%n",
                    i.index(),
                    i.ingestChunksPerSecond(),
                    100 * i.shareOfRawRate(),
                    i.writeSeconds(),
                    q.get("lexical").p50(),
                    q.get("lexical").p95(),
                    q.get("vector").p50(),
                    q.get("vector").p95(),
                    q.get("hybrid").p50(),
                    q.get("hybrid").p95(),
                    q.get("embed").p50(),
                    q.get("embed").p95()));
        }
        return t.toString();
    }
}
