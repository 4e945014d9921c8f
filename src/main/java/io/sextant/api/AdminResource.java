package io.sextant.api;

import io.sextant.catalog.CatalogService;
import io.sextant.catalog.ModelIssue;
import io.sextant.catalog.SemanticModel;
import io.sextant.curation.Imports;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Administration: the warehouse and the semantic model. */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    /** A semantic model problem as the API shows it. */
    public record Issue(String file, int line, String severity, String code, String message) {

        static Issue of(ModelIssue i) {
            return new Issue(i.file().toString(), i.line(), i.severity().name(), i.code(), i.message());
        }
    }

    /** A summary of the semantic model and every problem found in it. */
    public record ModelReport(
            String file,
            boolean valid,
            String name,
            List<String> tables,
            int relationships,
            int verifiedQueries,
            long errors,
            List<Issue> issues) {

        static ModelReport of(CatalogService.Snapshot s) {
            return new ModelReport(
                    s.file().toString(),
                    s.valid(),
                    s.model().map(SemanticModel::name).orElse(null),
                    s.model()
                            .map(m -> m.tables().stream()
                                    .map(SemanticModel.LogicalTable::name)
                                    .toList())
                            .orElse(List.of()),
                    s.model().map(m -> m.relationships().size()).orElse(0),
                    s.model().map(m -> m.verifiedQueries().size()).orElse(0),
                    s.errorCount(),
                    s.issues().stream().map(Issue::of).toList());
        }
    }

    private final CatalogService catalog;
    private final Imports imports;
    private final Principals principals;

    AdminResource(CatalogService catalog, Imports imports, Principals principals) {
        this.catalog = catalog;
        this.imports = imports;
        this.principals = principals;
    }

    @GET
    @Path("/warehouse/tables")
    public List<CatalogService.TableStats> tables() {
        return catalog.tables();
    }

    @GET
    @Path("/warehouse/tables/{name}")
    public CatalogService.TableStats table(@PathParam("name") String name) {
        return catalog.table(name);
    }

    @GET
    @Path("/semantic-model")
    public ModelReport semanticModel() {
        return ModelReport.of(catalog.current());
    }

    /**
     * Re-reads the model file and checks it against the warehouse again; with {@code gate=true}
     * (or when the server requires it) the new model must pass the change gate first, else 409
     * {@code gate-regression} and the current model stays.
     */
    @POST
    @Path("/semantic-model/reload")
    public ModelReport reloadSemanticModel(@QueryParam("gate") boolean gate) {
        return ModelReport.of(imports.reloadModel(gate, principals.current()));
    }
}
