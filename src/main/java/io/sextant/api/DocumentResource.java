package io.sextant.api;

import io.sextant.SextantException;
import io.sextant.access.Acl;
import io.sextant.audit.AuditLog;
import io.sextant.ingest.IngestService;
import io.sextant.search.IndexedDocument;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Administration of the document index: add, replace, change access, delete, bulk-load. */
@Path("/api/v1/admin/documents")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {

    /** Who may read a document. */
    public record AclBody(Set<String> users, Set<String> groups) {}

    /** A folder on the server to ingest, with the ACL for files that carry none. */
    public record BulkRequest(String path, Set<String> users, Set<String> groups) {}

    private final IngestService ingest;
    private final AuditLog audit;
    private final Principals principals;

    DocumentResource(IngestService ingest, AuditLog audit, Principals principals) {
        this.ingest = ingest;
        this.audit = audit;
        this.principals = principals;
    }

    @GET
    public List<IndexedDocument> list() {
        return ingest.documents();
    }

    /**
     * Adds or replaces a document. The body is the file (Markdown, text, HTML or PDF, named by the
     * Content-Type); the ACL comes from the query (user, group) or the file's front matter.
     */
    @PUT
    @Path("/{id: .+}")
    @Consumes(MediaType.WILDCARD)
    public IngestService.Outcome put(
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @QueryParam("name") String name,
            @QueryParam("title") String title,
            @QueryParam("source") String source,
            @QueryParam("tag") Set<String> tags,
            @QueryParam("user") Set<String> users,
            @QueryParam("group") Set<String> groups,
            byte[] body) {
        if (body == null || body.length == 0) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT, "empty-document", "the request has no body");
        }
        Acl acl = users.isEmpty() && groups.isEmpty() ? null : new Acl(users, groups);
        IngestService.Options options = new IngestService.Options(title, source, tags.isEmpty() ? null : tags, acl);
        audit(AuditLog.ADMIN + "documents.put", id, Map.of("bytes", body.length, "acl", String.valueOf(acl)));
        return ingest.ingest(id, name != null ? name : id, contentType, body, options);
    }

    /** Changes who may read a document; its vectors are kept. */
    @PUT
    @Path("/{id: .+}/acl")
    @Consumes(MediaType.APPLICATION_JSON)
    public void acl(@PathParam("id") String id, AclBody body) {
        if (body == null || (isEmpty(body.users()) && isEmpty(body.groups()))) {
            throw new SextantException(SextantException.Kind.INVALID_INPUT, "missing-acl", "give users or groups");
        }
        Acl acl = new Acl(orEmpty(body.users()), orEmpty(body.groups()));
        Acl before = ingest.documents().stream()
                .filter(d -> d.id().equals(id))
                .findFirst()
                .map(IndexedDocument::acl)
                .orElse(null);
        audit(AuditLog.ADMIN + "documents.acl", id, AuditLog.change(before, acl));
        ingest.updateAcl(id, acl);
    }

    @DELETE
    @Path("/{id: .+}")
    public void delete(@PathParam("id") String id) {
        audit(AuditLog.ADMIN + "documents.delete", id, Map.of());
        ingest.delete(id);
    }

    /** Ingests a folder on the server; re-running it resumes and skips what is indexed. */
    @POST
    @Path("/bulk")
    @Consumes(MediaType.APPLICATION_JSON)
    public IngestService.BulkReport bulk(BulkRequest request) {
        if (request == null
                || request.path() == null
                || request.path().isBlank()
                || request.path().length() > 4096) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT, "invalid-folder", "path must name a folder on the server");
        }
        Acl acl = isEmpty(request.users()) && isEmpty(request.groups())
                ? null
                : new Acl(orEmpty(request.users()), orEmpty(request.groups()));
        audit(AuditLog.ADMIN + "documents.bulk", request.path(), Map.of("acl", String.valueOf(acl)));
        return ingest.ingestServerFolder(request.path(), acl);
    }

    private void audit(String kind, String target, Map<String, ?> detail) {
        audit.record(
                AuditLog.Entry.of(kind, principals.userId(), "success", target).withDetail(detail));
    }

    private static boolean isEmpty(Set<String> s) {
        return s == null || s.isEmpty();
    }

    private static Set<String> orEmpty(Set<String> s) {
        return s == null ? Set.of() : s;
    }
}
