package io.sextant.api;

import io.sextant.StorageConfig;
import io.sextant.catalog.CatalogService;
import io.sextant.catalog.Warehouse;
import io.sextant.llm.Llm;
import io.sextant.llm.LlmConfig;
import io.sextant.llm.Prompts;
import io.sextant.search.IndexConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What this server is and which stores it runs on. */
@Path("/api/v1/info")
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {

    /** The server's identity and storage configuration. */
    public record Info(
            String name,
            String version,
            String storageMode,
            String appDatabase,
            WarehouseInfo warehouse,
            IndexInfo index,
            String llmProvider,
            LlmInfo llm,
            ModelInfo semanticModel) {}

    /** The language model: which, whether its last call failed, and the prompt versions in use. */
    public record LlmInfo(String model, boolean configured, String lastError, java.util.Map<String, String> prompts) {}

    /** The warehouse in use. */
    public record WarehouseInfo(String kind, String url, String schema, boolean embeddedDemo) {}

    /**
     * The search index in use: {@code lucene} with its directory, or {@code postgresql} with the
     * schema of its tables in the app database.
     */
    public record IndexInfo(String kind, String directory, String schema) {

        static IndexInfo of(IndexConfig index, io.sextant.StorageConfig storage) {
            return index.kind() == IndexConfig.Kind.POSTGRESQL
                    ? new IndexInfo("postgresql", null, index.postgresqlSchema())
                    : new IndexInfo(
                            "lucene",
                            index.directory(storage)
                                    .toAbsolutePath()
                                    .normalize()
                                    .toString(),
                            null);
        }
    }

    /** The semantic model's state. */
    public record ModelInfo(String file, boolean valid, long errors) {}

    private final String version;
    private final String dbKind;
    private final Warehouse warehouse;
    private final CatalogService catalog;
    private final LlmConfig llm;
    private final IndexConfig index;
    private final StorageConfig storage;
    private final Llm languageModel;
    private final Prompts prompts;

    InfoResource(
            @ConfigProperty(name = "quarkus.application.version") String version,
            @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind,
            Warehouse warehouse,
            CatalogService catalog,
            LlmConfig llm,
            IndexConfig index,
            StorageConfig storage,
            Llm languageModel,
            Prompts prompts) {
        this.languageModel = languageModel;
        this.prompts = prompts;
        this.version = version;
        this.dbKind = dbKind;
        this.warehouse = warehouse;
        this.catalog = catalog;
        this.llm = llm;
        this.index = index;
        this.storage = storage;
    }

    @GET
    public Info info() {
        CatalogService.Snapshot model = catalog.current();
        return new Info(
                "Sextant",
                version,
                "h2".equals(dbKind) ? "embedded" : "server",
                dbKind,
                new WarehouseInfo(warehouse.kind(), warehouse.displayUrl(), warehouse.schema(), warehouse.embedded()),
                IndexInfo.of(index, storage),
                llm.provider().name().toLowerCase(Locale.ROOT),
                new LlmInfo(
                        languageModel.description(),
                        languageModel.configured(),
                        languageModel.lastError().orElse(null),
                        prompts.versions()),
                new ModelInfo(model.file().toString(), model.valid(), model.errorCount()));
    }
}
