package io.sextant.catalog;

import io.quarkus.runtime.StartupEvent;
import io.sextant.SextantException;
import io.sextant.StorageConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Holds the current semantic model and what is wrong with it. The model is loaded and checked
 * against the warehouse at start and on {@link #reload()}; problems are reported, never fatal, so
 * an admin can see and fix them while the rest of Sextant keeps serving.
 */
@ApplicationScoped
public class CatalogService {

    /** Where the demo semantic model lives, relative to the data directory. */
    public static final Path DEMO_MODEL_FILE = Path.of("semantic-model", "acme.yaml");

    private static final Logger LOG = Logger.getLogger(CatalogService.class);

    /** A loaded model (absent when the file could not be parsed at all) and its issues. */
    public record Snapshot(Path file, Optional<SemanticModel> model, List<ModelIssue> issues, Instant loadedAt) {

        public Snapshot {
            issues = List.copyOf(issues);
        }

        public long errorCount() {
            return issues.stream().filter(ModelIssue::isError).count();
        }

        public boolean valid() {
            return model.isPresent() && errorCount() == 0;
        }
    }

    /** A warehouse table with its row count. */
    public record TableStats(
            String name, long rowCount, List<WarehouseSchema.Column> columns, List<String> primaryKey) {}

    private final Warehouse warehouse;
    private final Path modelFile;
    private final SemanticIndexer semanticIndex;
    private volatile Snapshot current;

    CatalogService(Warehouse warehouse, CatalogConfig config, StorageConfig storage, SemanticIndexer semanticIndex) {
        this.warehouse = warehouse;
        this.semanticIndex = semanticIndex;
        this.modelFile =
                config.semanticModel().orElseGet(() -> storage.dataDir().resolve(DEMO_MODEL_FILE));
        this.current = new Snapshot(modelFile, Optional.empty(), List.of(), Instant.EPOCH);
    }

    // Runs after the demo bootstrap (which observes with a lower priority value).
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) StartupEvent event) {
        Snapshot snapshot = reload();
        if (snapshot.valid()) {
            SemanticModel model = snapshot.model().orElseThrow();
            LOG.infof(
                    "Semantic model %s loaded: %d tables, %d relationships, %d verified queries",
                    snapshot.file(),
                    model.tables().size(),
                    model.relationships().size(),
                    model.verifiedQueries().size());
        } else {
            LOG.errorf(
                    "Semantic model %s has %d error(s); Sextant serves without the affected parts:%n  %s",
                    snapshot.file(),
                    snapshot.errorCount(),
                    String.join(
                            "\n  ",
                            snapshot.issues().stream().map(ModelIssue::toString).toList()));
        }
    }

    /**
     * Gives the semantic index the new ACLs after an admin changed table or column permissions
     * (metadata only: nothing is embedded again); a failure reaches the admin's request. Before the
     * model is loaded there is nothing to do.
     */
    void onAccessChanged(@Observes io.sextant.access.AccessRules.Changed event) {
        current.model().ifPresent(semanticIndex::sync);
    }

    /** The model as last loaded. */
    public Snapshot current() {
        return current;
    }

    /** Reads the model file again, checks it against the warehouse and makes it current. */
    public synchronized Snapshot reload() {
        return install(read());
    }

    /** The model file as it is on disk now, checked against the warehouse, without making it current. */
    public Snapshot read() {
        return read(modelFile);
    }

    /** A model file (e.g. a proposed one), checked against the warehouse, without making it current. */
    public Snapshot read(Path modelFile) {
        SemanticModelParser.Result parsed = SemanticModelParser.parse(modelFile);
        List<ModelIssue> issues = new ArrayList<>(parsed.issues());
        if (parsed.model().isPresent()) {
            try {
                issues.addAll(SemanticModelValidator.validate(parsed.model().get(), warehouse.introspect()));
            } catch (SextantException e) {
                issues.add(ModelIssue.error(
                        modelFile,
                        1,
                        "warehouse-unavailable",
                        "the model could not be checked against the warehouse: " + e.getMessage()));
            }
        }
        issues.sort(java.util.Comparator.comparingInt(ModelIssue::line));
        return new Snapshot(modelFile, parsed.model(), issues, Instant.now());
    }

    /** Makes a snapshot {@link #read()} earlier current and brings the semantic index in line with it. */
    public synchronized Snapshot install(Snapshot snapshot) {
        current = snapshot;
        snapshot.model().ifPresent(model -> {
            try {
                semanticIndex.sync(model);
            } catch (RuntimeException | LinkageError e) {
                LOG.errorf(e, "Indexing the semantic model failed; semantic search serves the previous items");
            }
        });
        return current;
    }

    /** The warehouse's tables with row counts, for admins. */
    public List<TableStats> tables() {
        WarehouseSchema schema = warehouse.introspect();
        return schema.tables().stream()
                .map(t -> new TableStats(
                        t.name(), warehouse.rowCount(schema.schema(), t.name()), t.columns(), t.primaryKey()))
                .toList();
    }

    /** One warehouse table with its row count. */
    public TableStats table(String name) {
        WarehouseSchema schema = warehouse.introspect();
        WarehouseSchema.Table table = schema.table(name)
                .orElseThrow(() -> new SextantException(
                        SextantException.Kind.NOT_FOUND,
                        "table-not-found",
                        "The warehouse schema '" + schema.schema() + "' has no table '" + name + "'"));
        return new TableStats(
                table.name(), warehouse.rowCount(schema.schema(), table.name()), table.columns(), table.primaryKey());
    }
}
