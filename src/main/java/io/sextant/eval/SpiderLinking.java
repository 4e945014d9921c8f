package io.sextant.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.access.Acl;
import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.ask.SchemaLinker;
import io.sextant.search.HybridSearch;
import io.sextant.search.IndexedDocument;
import io.sextant.search.LuceneChunkIndex;
import io.sextant.search.OnnxEmbedder;
import io.sextant.search.SearchFilters;
import io.sextant.sql.GuardCatalog;
import io.sextant.sql.SqlCheck;
import io.sextant.sql.SqlGuard;
import io.sextant.sql.SqlTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Schema-linking recall on Spider dev: every table of every dev database is indexed as one
 * semantic item (its name and its columns' names) with the in-process embedding model; each
 * question retrieves tables of its own database; recall@k is the share of questions whose gold
 * SQL's tables (read by the SQL guard) are all among the top k. Hybrid, BM25-only and
 * vector-only retrieval are compared.
 *
 * <pre>./mvnw -q compile exec:java@spider-linking -Dexec.args="--k 5"</pre>
 */
public final class SpiderLinking {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Principal ANYONE = new Principal("eval", Set.of(), Map.of());

    private SpiderLinking() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path spider = Path.of(options.getOrDefault("data", "../shared/data")).resolve("spider");
        List<Integer> ks = List.of(3, Integer.parseInt(options.getOrDefault("k", "5")), 10);
        Map<String, Map<Integer, Double>> recall = measure(spider, ks);
        System.out.printf(Locale.ROOT, "Spider dev schema-linking recall (all gold tables among the top k)%n");
        recall.forEach((mode, byK) -> {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-8s", mode));
            byK.forEach((k, r) -> line.append(String.format(Locale.ROOT, "  recall@%d %.1f%%", k, 100 * r)));
            System.out.println(line);
        });
    }

    /** Recall@k per retrieval mode over the Spider dev questions. */
    public static Map<String, Map<Integer, Double>> measure(Path spider, List<Integer> ks) throws Exception {
        Map<String, GuardCatalog> catalogs = TablesJson.catalogs(spider.resolve("tables.json"), SqlTarget.SQLITE);
        JsonNode dev = JSON.readTree(spider.resolve("dev.json").toFile());
        Set<String> devDbs = new TreeSet<>();
        dev.forEach(q -> devDbs.add(q.get("db_id").asText()));
        Path dir = Files.createTempDirectory("sextant-spider-linking");
        OnnxEmbedder embedder = new OnnxEmbedder(OnnxEmbedder.Model.BGE_SMALL_EN_V15_Q, 32);
        try (LuceneChunkIndex index = new LuceneChunkIndex(dir)) {
            index.bindModel(embedder.modelName(), embedder.dimension());
            for (JsonNode db : JSON.readTree(spider.resolve("tables.json").toFile())) {
                String id = db.get("db_id").asText();
                if (devDbs.contains(id)) {
                    index.replaceAll(tables(db, embedder));
                }
            }
            index.afterBulkLoad();
            HybridSearch search = new HybridSearch(index, embedder, 50, 60);
            SqlGuard guard = new SqlGuard(Permissions.unrestricted(), 0, SqlGuard.DEFAULT_MAX_LENGTH);
            Map<String, Map<Integer, Integer>> hits = new LinkedHashMap<>();
            Map<String, SchemaLinker> linkers = new HashMap<>();
            for (JsonNode db : JSON.readTree(spider.resolve("tables.json").toFile())) {
                if (devDbs.contains(db.get("db_id").asText())) {
                    linkers.put(
                            db.get("db_id").asText(),
                            new SchemaLinker(
                                    TablesJson.semanticModel(spider.resolve("tables.json"), db),
                                    Permissions.unrestricted()));
                }
            }
            int lexicalLinkerHits = 0;
            int questions = 0;
            for (JsonNode q : dev) {
                String db = q.get("db_id").asText();
                SqlCheck check = guard.check(q.get("query").asText(), ANYONE, catalogs.get(db));
                if (!check.accepted()) {
                    continue;
                }
                Set<String> gold = new TreeSet<>();
                check.checked().tables().forEach(t -> gold.add(t.toLowerCase(Locale.ROOT)));
                questions++;
                String question = q.get("question").asText();
                Set<String> linked = new TreeSet<>();
                linkers.get(db)
                        .linkedPhysicalTables(question, ANYONE)
                        .forEach(t -> linked.add(t.toLowerCase(Locale.ROOT)));
                if (linked.containsAll(gold)) {
                    lexicalLinkerHits++;
                }
                float[] vector = embedder.embedQuery(question);
                SearchFilters filters = new SearchFilters(IndexedDocument.SEMANTIC, Set.of(), db, null, null);
                int maxK = ks.stream().mapToInt(Integer::intValue).max().orElse(5);
                for (HybridSearch.Mode mode : HybridSearch.Mode.values()) {
                    List<String> ranked = search.search(question, vector, ANYONE, maxK, mode, filters, true).stream()
                            .map(h -> h.documentId().substring(db.length() + 1).toLowerCase(Locale.ROOT))
                            .toList();
                    for (int k : ks) {
                        if (ranked.subList(0, Math.min(k, ranked.size())).containsAll(gold)) {
                            hits.computeIfAbsent(mode.name().toLowerCase(Locale.ROOT), m -> new LinkedHashMap<>())
                                    .merge(k, 1, Integer::sum);
                        }
                    }
                }
            }
            Map<String, Map<Integer, Double>> recall = new LinkedHashMap<>();
            for (HybridSearch.Mode mode : HybridSearch.Mode.values()) {
                String m = mode.name().toLowerCase(Locale.ROOT);
                Map<Integer, Double> byK = new LinkedHashMap<>();
                for (int k : ks) {
                    byK.put(k, (double) hits.getOrDefault(m, Map.of()).getOrDefault(k, 0) / questions);
                }
                recall.put(m, byK);
            }
            System.out.printf(Locale.ROOT, "%d questions whose gold SQL the guard accepts%n", questions);
            System.out.printf(
                    Locale.ROOT,
                    "ask pipeline's name/synonym linker (semantic model from tables.json): all gold tables linked for %.1f%%%n",
                    100.0 * lexicalLinkerHits / questions);
            return recall;
        }
    }

    /** One item per table: its name and its columns' names, natural and original. */
    private static List<IndexedDocument.WithChunks> tables(JsonNode db, OnnxEmbedder embedder) {
        String id = db.get("db_id").asText();
        List<String> texts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        JsonNode original = db.get("table_names_original");
        JsonNode natural = db.get("table_names");
        for (int t = 0; t < original.size(); t++) {
            StringBuilder text = new StringBuilder(natural.get(t).asText())
                    .append(" (")
                    .append(original.get(t).asText())
                    .append("): ");
            List<String> columns = new ArrayList<>();
            JsonNode cols = db.get("column_names");
            JsonNode colsOriginal = db.get("column_names_original");
            for (int c = 0; c < cols.size(); c++) {
                if (cols.get(c).get(0).asInt() == t) {
                    columns.add(cols.get(c).get(1).asText() + " ("
                            + colsOriginal.get(c).get(1).asText() + ")");
                }
            }
            texts.add(text.append(String.join(", ", columns)).toString());
            names.add(original.get(t).asText());
        }
        List<float[]> vectors = embedder.embed(texts);
        List<IndexedDocument.WithChunks> documents = new ArrayList<>();
        for (int t = 0; t < texts.size(); t++) {
            IndexedDocument document = new IndexedDocument(
                    id + "/" + names.get(t),
                    IndexedDocument.SEMANTIC,
                    names.get(t),
                    id,
                    Set.of(),
                    null,
                    Acl.everyone(),
                    Integer.toHexString(texts.get(t).hashCode()));
            documents.add(new IndexedDocument.WithChunks(
                    document, List.of(new IndexedDocument.Chunk(0, "table", texts.get(t), vectors.get(t)))));
        }
        return documents;
    }
}
