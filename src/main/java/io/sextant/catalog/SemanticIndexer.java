package io.sextant.catalog;

import io.sextant.access.Acl;
import io.sextant.access.Permissions;
import io.sextant.catalog.SemanticModel.Field;
import io.sextant.catalog.SemanticModel.LogicalTable;
import io.sextant.search.ChunkIndex;
import io.sextant.search.Embedder;
import io.sextant.search.IndexedDocument;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Keeps the semantic index in line with the semantic model: every table, column-level field,
 * metric, named filter and verified query is one searchable item, whose ACL comes from the
 * table and column permissions, so a principal never retrieves a column it may not see. Items
 * whose text is unchanged are not embedded again; items gone from the model are removed.
 */
@ApplicationScoped
public class SemanticIndexer {

    private static final Logger LOG = Logger.getLogger(SemanticIndexer.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** One searchable element of the model. */
    record Item(String id, String type, String table, String title, String text, Acl acl) {}

    private final ChunkIndex index;
    private final Embedder embedder;
    private final Permissions permissions;
    private final jakarta.enterprise.inject.Instance<VerifiedQuerySource> verifiedSource;

    SemanticIndexer(
            ChunkIndex index,
            Embedder embedder,
            Permissions permissions,
            jakarta.enterprise.inject.Instance<VerifiedQuerySource> verifiedSource) {
        this.index = index;
        this.embedder = embedder;
        this.permissions = permissions;
        this.verifiedSource = verifiedSource;
    }

    /** Writes changed items, removes stale ones; returns how many items were (re)embedded. */
    public synchronized int sync(SemanticModel model) {
        List<Item> items = items(model);
        Map<String, IndexedDocument> existing = new LinkedHashMap<>();
        index.documents(IndexedDocument.SEMANTIC).forEach(d -> existing.put(d.id(), d));
        List<Item> toEmbed = new ArrayList<>();
        List<IndexedDocument> documents = new ArrayList<>();
        for (Item item : items) {
            IndexedDocument document = document(item);
            IndexedDocument old = existing.remove(item.id());
            if (old == null || !old.contentHash().equals(document.contentHash())) {
                toEmbed.add(item);
                documents.add(document);
            } else if (!old.equals(document)) {
                index.updateMetadata(document);
            }
        }
        if (!toEmbed.isEmpty()) {
            index.bindModel(embedder.modelName(), embedder.dimension());
            List<float[]> vectors = embedder.embed(
                    toEmbed.stream().map(i -> i.title() + "\n" + i.text()).toList());
            List<IndexedDocument.WithChunks> batch = new ArrayList<>();
            for (int i = 0; i < toEmbed.size(); i++) {
                batch.add(new IndexedDocument.WithChunks(
                        documents.get(i),
                        List.of(new IndexedDocument.Chunk(
                                0, toEmbed.get(i).type(), toEmbed.get(i).text(), vectors.get(i)))));
            }
            index.replaceAll(batch);
        }
        existing.keySet().forEach(index::delete);
        LOG.infof("Semantic index: %d items, %d embedded, %d removed", items.size(), toEmbed.size(), existing.size());
        return toEmbed.size();
    }

    List<Item> items(SemanticModel model) {
        List<Item> items = new ArrayList<>();
        for (LogicalTable table : model.tables()) {
            String physical =
                    table.baseTable() == null ? table.name() : table.baseTable().table();
            Acl tableAcl = permissions.table(physical);
            items.add(new Item(
                    "table:" + table.name(),
                    "table",
                    table.name(),
                    "Table " + table.name(),
                    join(
                            table.description(),
                            synonyms(table.synonyms()),
                            "Base table: " + physical + ".",
                            "Primary key: " + String.join(", ", table.primaryKey()) + "."),
                    tableAcl));
            table.fields().forEach(f -> items.add(field(table, physical, f)));
            table.metrics()
                    .forEach(m -> items.add(new Item(
                            "metric:" + table.name() + "." + m.name(),
                            "metric",
                            table.name(),
                            "Metric " + table.name() + "." + m.name(),
                            join(m.description(), "Definition: " + m.expr() + ".", synonyms(m.synonyms())),
                            aclOfExpression(physical, m.expr(), tableAcl))));
            table.filters()
                    .forEach(f -> items.add(new Item(
                            "filter:" + table.name() + "." + f.name(),
                            "filter",
                            table.name(),
                            "Filter " + table.name() + "." + f.name(),
                            join(f.description(), "Condition: " + f.expr() + ".", synonyms(f.synonyms())),
                            aclOfExpression(physical, f.expr(), tableAcl))));
        }
        List<SemanticModel.VerifiedQuery> verified =
                verifiedSource.isResolvable() ? verifiedSource.get().verifiedQueries(model) : model.verifiedQueries();
        for (SemanticModel.VerifiedQuery q : verified) {
            items.add(new Item(
                    "verified:" + q.name(),
                    "verified_query",
                    null,
                    q.question(),
                    join(
                            "Verified by " + q.verifiedBy() + ".",
                            "SQL: " + q.sql().strip()),
                    aclOfSql(model, q.sql())));
        }
        return items;
    }

    private Item field(LogicalTable table, String physical, Field f) {
        String kind = f.kind().name().toLowerCase(Locale.ROOT);
        boolean column = f.expr() != null && IDENTIFIER.matcher(f.expr()).matches();
        Acl acl = aclOfExpression(physical, f.expr(), permissions.table(physical));
        // Values of a table under a row policy differ per reader: none are indexed for anyone.
        boolean samples = !f.sampleValues().isEmpty()
                && !permissions.rowPolicies().containsKey(physical.toLowerCase(Locale.ROOT));
        return new Item(
                "column:" + table.name() + "." + f.name(),
                kind,
                table.name(),
                table.name() + "." + f.name() + " (" + kind.replace('_', ' ') + ")",
                join(
                        f.description(),
                        (column ? "Column " : "Expression ") + f.expr() + ", " + f.dataType() + ".",
                        synonyms(f.synonyms()),
                        samples ? "Sample values: " + String.join(", ", f.sampleValues()) + "." : null),
                acl);
    }

    /** The table's ACL and that of every restricted column the expression names, all at once. */
    private Acl aclOfExpression(String table, String expr, Acl tableAcl) {
        Acl acl = tableAcl;
        if (expr == null) {
            return acl;
        }
        var m = IDENTIFIER.matcher(expr);
        while (m.find()) {
            acl = acl.and(permissions.column(table, m.group()));
        }
        return acl;
    }

    /** A verified query needs every table and restricted column its SQL names. */
    private Acl aclOfSql(SemanticModel model, String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        Acl acl = Acl.everyone();
        for (LogicalTable table : model.tables()) {
            String physical =
                    table.baseTable() == null ? table.name() : table.baseTable().table();
            if (!Pattern.compile("\\b" + Pattern.quote(physical.toLowerCase(Locale.ROOT)) + "\\b")
                    .matcher(lower)
                    .find()) {
                continue;
            }
            acl = acl.and(aclOfExpression(physical, sql, permissions.table(physical)));
        }
        return acl;
    }

    private static IndexedDocument document(Item item) {
        return new IndexedDocument(
                item.id(),
                IndexedDocument.SEMANTIC,
                item.title(),
                item.table(),
                Set.of(item.type()),
                null,
                item.acl(),
                hash(item.title() + "\n" + item.text()));
    }

    private static String synonyms(List<String> synonyms) {
        return synonyms.isEmpty() ? null : "Also called: " + String.join(", ", synonyms) + ".";
    }

    private static String join(String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                present.add(part.strip());
            }
        }
        return String.join(" ", present);
    }

    private static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
