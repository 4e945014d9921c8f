package io.sextant.api;

import io.sextant.SextantException;
import io.sextant.curation.ChangeGate;
import io.sextant.curation.Curator;
import io.sextant.curation.FeedbackStore;
import io.sextant.curation.Imports;
import io.sextant.curation.VerifiedQueryStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Admins curate verified queries: list and search, add, edit (back to draft), delete, test-run as
 * a chosen user, approve, retire, re-check them all; and read the feedback on answers and promote
 * an answer into a verified query. The ask pipeline uses a change from the next question on.
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class CurationResource {

    /** A new verified query, or an edit; {@code verified} true stores it approved at once. */
    public record Body(
            String name, String question, List<String> alternatives, String sql, Boolean onboarding, Boolean verified) {

        VerifiedQueryStore.Draft draft(String fallbackName) {
            return new VerifiedQueryStore.Draft(
                    name == null ? fallbackName : name, question, alternatives, sql, onboarding);
        }
    }

    /** Promotes a feedback's answer under this name, as a draft or verified at once. */
    public record Promotion(String name, Boolean verified) {}

    private final VerifiedQueryStore store;
    private final FeedbackStore feedback;
    private final Curator curator;
    private final Imports imports;
    private final Principals principals;

    CurationResource(
            VerifiedQueryStore store, FeedbackStore feedback, Curator curator, Imports imports, Principals principals) {
        this.store = store;
        this.feedback = feedback;
        this.curator = curator;
        this.imports = imports;
        this.principals = principals;
    }

    @GET
    @Path("verified-queries")
    public List<VerifiedQueryStore.Stored> list(
            @QueryParam("status") String status, @QueryParam("search") String search) {
        return store.list(status(status), Optional.ofNullable(search).filter(s -> !s.isBlank()));
    }

    @POST
    @Path("verified-queries")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Body body) {
        if (body == null) {
            throw invalid("A JSON body with name, question and sql is needed.");
        }
        VerifiedQueryStore.Stored created =
                curator.create(body.draft(null), principals.current(), Boolean.TRUE.equals(body.verified()));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Path("verified-queries/{name}")
    public VerifiedQueryStore.Stored get(@PathParam("name") String name) {
        return store.get(name).orElseThrow(() -> notFound(name));
    }

    @PUT
    @Path("verified-queries/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public VerifiedQueryStore.Stored update(@PathParam("name") String name, Body body) {
        if (body == null) {
            throw invalid("A JSON body with question and sql is needed.");
        }
        if (body.name() != null && !body.name().equals(name)) {
            throw invalid("The name of a verified query does not change; create a new one.");
        }
        return curator.update(name, body.draft(name), principals.current());
    }

    @DELETE
    @Path("verified-queries/{name}")
    public Response delete(@PathParam("name") String name) {
        if (!curator.delete(name, principals.current())) {
            throw notFound(name);
        }
        return Response.noContent().build();
    }

    @POST
    @Path("verified-queries/{name}/test-run")
    public Curator.TestRun testRun(@PathParam("name") String name, @QueryParam("as") String as) {
        return curator.testRun(name, as, principals.current());
    }

    @POST
    @Path("verified-queries/{name}/approve")
    public VerifiedQueryStore.Stored approve(@PathParam("name") String name) {
        return curator.approve(name, principals.current());
    }

    @POST
    @Path("verified-queries/{name}/retire")
    public VerifiedQueryStore.Stored retire(@PathParam("name") String name) {
        return curator.retire(name, principals.current());
    }

    /**
     * The verified queries (verified and, with {@code all=true}, every status) in the semantic
     * model's YAML format, to put back into the model file.
     */
    @GET
    @Path("verified-queries/export")
    @Produces("application/yaml")
    public String export(@QueryParam("all") boolean all) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (VerifiedQueryStore.Stored q : all ? store.list(Optional.empty(), Optional.empty()) : store.trusted()) {
            Map<String, Object> entry = new java.util.LinkedHashMap<>();
            entry.put("name", q.name());
            entry.put("question", q.question());
            entry.put("sql", q.sql() + "\n");
            if (q.verifiedBy() != null) {
                entry.put("verified_by", q.verifiedBy());
            }
            if (q.verifiedAt() != null) {
                entry.put(
                        "verified_at",
                        q.verifiedAt()
                                .atZone(java.time.ZoneOffset.UTC)
                                .toLocalDate()
                                .toString());
            }
            if (q.onboarding()) {
                entry.put("use_as_onboarding_question", true);
            }
            out.add(entry);
        }
        org.yaml.snakeyaml.DumperOptions options = new org.yaml.snakeyaml.DumperOptions();
        options.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
        options.setDefaultScalarStyle(org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN);
        options.setSplitLines(false);
        return new org.yaml.snakeyaml.Yaml(options).dump(Map.of("verified_queries", out));
    }

    /**
     * Imports a verified-query file in the export's format (added, or replacing those of the same
     * name, all verified and stamped with the importer). With {@code gate=true} (or when the server
     * requires it) the change gate runs first: 409 {@code gate-regression} with the changed
     * questions when the import would make answers worse, and nothing is imported.
     */
    @POST
    @Path("verified-queries/import")
    @Consumes(MediaType.WILDCARD) // YAML (or JSON, its subset); any type, so non-admins get 403 first
    public Imports.Result importQueries(@QueryParam("gate") boolean gate, String yaml) {
        return imports.importQueries(yaml, gate, principals.current());
    }

    /** The change gate's verdict on a verified-query file, without importing it. */
    @POST
    @Path("verified-queries/gate")
    @Consumes(MediaType.WILDCARD) // YAML (or JSON, its subset); any type, so non-admins get 403 first
    public ChangeGate.Verdict gate(String yaml) {
        return imports.judge(yaml, principals.current());
    }

    /** Questions worth a verified query: liked answers on other paths, questions often declined. */
    @GET
    @Path("verified-queries/suggestions")
    public List<Curator.Suggestion> suggestions(@QueryParam("limit") Integer limit) {
        return curator.suggestions(limit == null ? 20 : Math.max(1, Math.min(200, limit)));
    }

    /** Checks every verified query now (the same check runs on every model reload). */
    @POST
    @Path("verified-queries/revalidate")
    public List<Curator.Check> revalidate() {
        return curator.revalidate();
    }

    @GET
    @Path("feedback")
    public List<FeedbackStore.Feedback> feedback(
            @QueryParam("rating") String rating,
            @QueryParam("decision") String decision,
            @QueryParam("path") String path,
            @QueryParam("user") String user,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("offset") Integer offset,
            @QueryParam("limit") Integer limit) {
        PageRequest page = PageRequest.of(offset, limit, 500, "invalid-input");
        return feedback.list(
                new FeedbackStore.Filter(
                        rating, decision, path, user, AuditResource.instant(from), AuditResource.instant(to)),
                page.offset(),
                page.limit());
    }

    @POST
    @Path("feedback/{id}/promote")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response promote(@PathParam("id") String id, Promotion promotion) {
        if (promotion == null || promotion.name() == null) {
            throw invalid("A JSON body with the new verified query's name is needed.");
        }
        VerifiedQueryStore.Stored created =
                curator.promote(id, promotion.name(), Boolean.TRUE.equals(promotion.verified()), principals.current());
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    private static Optional<VerifiedQueryStore.Status> status(String status) {
        if (status == null || status.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(VerifiedQueryStore.Status.valueOf(status.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw invalid("status is draft, verified, stale or retired");
        }
    }

    private static SextantException invalid(String message) {
        return new SextantException(SextantException.Kind.INVALID_INPUT, "invalid-input", message);
    }

    private static SextantException notFound(String name) {
        return new SextantException(
                SextantException.Kind.NOT_FOUND, "verified-query-not-found", "No verified query " + name + ".");
    }
}
