package io.sextant.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.quarkus.runtime.configuration.MemorySize;
import io.sextant.access.Acl;
import io.sextant.access.Principal;
import io.sextant.demo.AcmeDemo;
import io.sextant.ingest.IngestConfig;
import io.sextant.ingest.IngestService;
import io.sextant.search.ChunkIndex;
import io.sextant.search.Embedder;
import io.sextant.search.HybridSearch;
import io.sextant.search.LuceneChunkIndex;
import io.sextant.search.OnnxEmbedder;
import io.sextant.search.PostgresChunkIndex;
import io.sextant.search.SearchFilters;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;

/**
 * Measures retrieval quality (nDCG@10, Recall@100, MRR) of lexical-only, vector-only and hybrid
 * search on BEIR SciFact and on the Acme documents suite in {@code eval/retrieval/}. Documents
 * go through the real ingestion (chunking, ONNX embedding) into a fresh index; a document's rank
 * is the rank of its best chunk.
 *
 * <pre>./mvnw -q compile exec:java@retrieval-eval -Dexec.args="--suite all"</pre>
 *
 * Options: {@code --suite scifact|acme|all}, {@code --data ../shared/data}, {@code --index
 * lucene|postgresql} (PostgreSQL from SEXTANT_EVAL_PG_URL/USER/PASSWORD, default the local test
 * database), {@code --out eval/reports}.
 */
public final class RetrievalEval {

    private static final int DEPTH = 100;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One query and the graded relevance of documents to it. */
    record Query(String id, String text, Map<String, Integer> relevance) {}

    /** Metrics of one mode over a suite. */
    public record ModeResult(double ndcg10, double recall100, double mrr) {}

    /** What a suite run measured. */
    public record SuiteResult(
            String suite,
            String index,
            String model,
            int documents,
            long chunks,
            double ingestSeconds,
            int queries,
            Map<String, ModeResult> modes,
            Map<String, Double> queryMillisP50,
            List<QueryResult> perQuery) {}

    /** Rank of the first relevant document per mode (0 when none in the first 100). */
    public record QueryResult(String id, String query, Map<String, Integer> firstRelevantRank) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String suite = options.getOrDefault("suite", "all");
        Path data = Path.of(options.getOrDefault("data", "../shared/data"));
        String indexKind = options.getOrDefault("index", "lucene");
        Path out = Path.of(options.getOrDefault("out", "eval/reports"));
        Embedder embedder = new OnnxEmbedder(
                OnnxEmbedder.Model.valueOf(options.getOrDefault("embedder", "bge-small-en-v15-q")
                        .toUpperCase(Locale.ROOT)
                        .replace('-', '_')
                        .replace('.', '_')),
                32);
        List<SuiteResult> results = new ArrayList<>();
        if (suite.equals("scifact") || suite.equals("all")) {
            Path scifact = data.resolve("beir-scifact");
            if (Files.isDirectory(scifact)) {
                results.add(scifact(scifact, indexKind, embedder));
            } else {
                System.out.println("Skipping SciFact: " + scifact + " is missing");
            }
        }
        if (suite.equals("acme") || suite.equals("all")) {
            results.add(acme(indexKind, embedder));
        }
        Files.createDirectories(out);
        Path report = out.resolve("retrieval-" + suite + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        JSON.writeValue(report.toFile(), results);
        System.out.println();
        System.out.println(table(results));
        System.out.println("Report: " + report);
    }

    private static SuiteResult scifact(Path dir, String indexKind, Embedder embedder) throws IOException {
        List<IngestService.Source> sources = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(dir.resolve("corpus.jsonl"), StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode doc = JSON.readTree(line);
                String title = doc.path("title").asText();
                byte[] body = doc.path("text").asText().getBytes(StandardCharsets.UTF_8);
                sources.add(new IngestService.Source(
                        doc.path("_id").asText(),
                        "abstract.txt",
                        "text/plain",
                        () -> body,
                        new IngestService.Options(title, "scifact", null, Acl.everyone())));
            }
        }
        Map<String, String> texts = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(dir.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode q = JSON.readTree(line);
                texts.put(q.path("_id").asText(), q.path("text").asText());
            }
        }
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("qrels").resolve("test.tsv"))) {
            String[] parts = line.strip().split("\t");
            if (parts.length == 3 && !parts[0].equals("query-id")) {
                qrels.computeIfAbsent(parts[0], k -> new HashMap<>()).put(parts[1], Integer.parseInt(parts[2]));
            }
        }
        List<Query> queries = new ArrayList<>();
        qrels.forEach((id, relevance) -> queries.add(new Query(id, texts.get(id), relevance)));
        return run("beir-scifact", indexKind, embedder, sources, queries, new Principal("eval", Set.of(), Map.of()));
    }

    @SuppressWarnings("unchecked")
    private static SuiteResult acme(String indexKind, Embedder embedder) throws IOException {
        Path demo = Files.createTempDirectory("sextant-eval-demo");
        Path documents = AcmeDemo.documents(demo);
        List<IngestService.Source> sources = new ArrayList<>();
        try (var files = Files.list(documents)) {
            for (Path file : files.sorted().toList()) {
                sources.add(new IngestService.Source(
                        file.getFileName().toString(),
                        file.getFileName().toString(),
                        null,
                        () -> Files.readAllBytes(file),
                        IngestService.Options.none()));
            }
        }
        Map<String, Object> suite =
                new Yaml().load(Files.readString(Path.of("eval", "retrieval", "acme-documents.yaml")));
        List<Query> queries = new ArrayList<>();
        for (Map<String, Object> q : (List<Map<String, Object>>) suite.get("queries")) {
            Map<String, Integer> relevance = new HashMap<>();
            ((List<String>) q.get("relevant")).forEach(d -> relevance.put(d, 1));
            queries.add(new Query((String) q.get("id"), (String) q.get("query"), relevance));
        }
        Set<String> allGroups =
                new TreeSet<>(List.of("admins", "sales", "analysts", "hr", "finance", "na", "emea", "apac", "latam"));
        return run("acme-documents", indexKind, embedder, sources, queries, new Principal("eval", allGroups, Map.of()));
    }

    private static SuiteResult run(
            String name,
            String indexKind,
            Embedder embedder,
            List<IngestService.Source> sources,
            List<Query> queries,
            Principal principal)
            throws IOException {
        try (ChunkIndex index = index(indexKind, name)) {
            IngestService ingest = new IngestService(index, embedder, config());
            IngestService.BulkReport report = ingest.ingestAll(name, sources, null);
            HybridSearch search = new HybridSearch(index, embedder, DEPTH, 60);
            Map<String, ModeResult> modes = new LinkedHashMap<>();
            Map<String, Double> p50 = new LinkedHashMap<>();
            Map<String, Map<String, Integer>> firstRanks = new LinkedHashMap<>();
            for (HybridSearch.Mode mode : HybridSearch.Mode.values()) {
                double ndcg = 0;
                double recall = 0;
                double mrr = 0;
                List<Double> millis = new ArrayList<>();
                for (Query q : queries) {
                    long start = System.nanoTime();
                    List<String> ranking =
                            search.search(q.text(), principal, DEPTH, mode, SearchFilters.documents(), true).stream()
                                    .map(HybridSearch.Hit::documentId)
                                    .toList();
                    millis.add((System.nanoTime() - start) / 1e6);
                    ndcg += RetrievalMetrics.ndcg(ranking, q.relevance(), 10);
                    recall += RetrievalMetrics.recall(ranking, q.relevance(), DEPTH);
                    double rr = RetrievalMetrics.reciprocalRank(ranking, q.relevance());
                    mrr += rr;
                    firstRanks
                            .computeIfAbsent(q.id(), k -> new LinkedHashMap<>())
                            .put(mode.name().toLowerCase(Locale.ROOT), rr == 0 ? 0 : (int) Math.round(1 / rr));
                }
                int n = queries.size();
                modes.put(mode.name().toLowerCase(Locale.ROOT), new ModeResult(ndcg / n, recall / n, mrr / n));
                millis.sort(Double::compare);
                p50.put(mode.name().toLowerCase(Locale.ROOT), millis.get(millis.size() / 2));
            }
            return new SuiteResult(
                    name,
                    index.kind(),
                    embedder.modelName(),
                    sources.size(),
                    report.chunks(),
                    report.seconds(),
                    queries.size(),
                    modes,
                    p50,
                    queries.stream()
                            .map(q -> new QueryResult(q.id(), q.text(), firstRanks.get(q.id())))
                            .toList());
        }
    }

    static ChunkIndex index(String kind, String suite) throws IOException {
        if (kind.equals("postgresql")) {
            String schema = "sextant_eval_" + suite.replaceAll("[^a-z0-9]", "_");
            try {
                // Pooled, as the server's data source is: a connection per query would time
                // PostgreSQL's backend start-up and its cold caches, not the search.
                AgroalDataSource dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                        .connectionPoolConfiguration(pool -> pool.maxSize(4)
                                .connectionFactoryConfiguration(factory -> factory.jdbcUrl(
                                                env("SEXTANT_EVAL_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"))
                                        .principal(new NamePrincipal(env("SEXTANT_EVAL_PG_USER", "postgres")))
                                        .credential(new SimplePassword(env("SEXTANT_EVAL_PG_PASSWORD", ""))))));
                try (var c = dataSource.getConnection();
                        var s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
                return new PostgresChunkIndex(dataSource, schema) {
                    @Override
                    public void close() {
                        dataSource.close();
                    }
                };
            } catch (java.sql.SQLException e) {
                throw new IOException("PostgreSQL for the evaluation is not reachable: " + e.getMessage(), e);
            }
        }
        return new LuceneChunkIndex(Files.createTempDirectory("sextant-eval-index"));
    }

    static IngestConfig config() {
        return new IngestConfig() {
            @Override
            public int chunkSize() {
                return 1000;
            }

            @Override
            public int chunkOverlap() {
                return 150;
            }

            @Override
            public java.util.Optional<java.util.List<java.nio.file.Path>> allowedRoots() {
                return java.util.Optional.empty();
            }

            @Override
            public MemorySize maxDocumentSize() {
                return new MemorySize(BigInteger.valueOf(20L << 20));
            }

            @Override
            public int bulkBatch() {
                return 64;
            }
        };
    }

    static String table(List<SuiteResult> results) {
        StringBuilder t = new StringBuilder(
                "| suite | index | mode | nDCG@10 | Recall@100 | MRR | p50 ms |\n|---|---|---|---:|---:|---:|---:|\n");
        for (SuiteResult r : results) {
            r.modes()
                    .forEach((mode, m) -> t.append(String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %.3f | %.3f | %.3f | %.1f |%n",
                            r.suite(),
                            r.index(),
                            mode,
                            m.ndcg10(),
                            m.recall100(),
                            m.mrr(),
                            r.queryMillisP50().get(mode))));
        }
        return t.toString();
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
