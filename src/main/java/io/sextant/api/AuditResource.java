package io.sextant.api;

import io.sextant.SextantException;
import io.sextant.audit.AuditLog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The audit log for admins: filtered by user, kind, decision and time, paged, or as CSV. */
@Path("/api/v1/admin/audit")
public class AuditResource {

    private static final int MAX_PAGE = 500;
    private static final int MAX_EXPORT = 1_000_000;

    /** One page of events, newest first; {@code next} is the offset of the next page, if any. */
    public record Page(List<AuditLog.Event> events, int offset, int limit, Integer next) {}

    private final AuditLog audit;

    AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Page list(
            @QueryParam("user") String user,
            @QueryParam("kind") String kind,
            @QueryParam("decision") String decision,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("offset") Integer offset,
            @QueryParam("limit") Integer limit) {
        PageRequest page = PageRequest.of(offset, limit, MAX_PAGE, "invalid-audit-query");
        int first = page.offset();
        int size = page.limit();
        List<AuditLog.Event> events = audit.find(filter(user, kind, decision, from, to), first, size + 1);
        boolean more = events.size() > size;
        return new Page(more ? events.subList(0, size) : events, first, size, more ? first + size : null);
    }

    /** Every matching event as RFC 4180 CSV, newest first. */
    @GET
    @Path("/export")
    @Produces("text/csv")
    public Response export(
            @QueryParam("user") String user,
            @QueryParam("kind") String kind,
            @QueryParam("decision") String decision,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        AuditLog.Filter filter = filter(user, kind, decision, from, to);
        StreamingOutput body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            line(
                    writer,
                    List.of(
                            "id",
                            "at",
                            "user",
                            "kind",
                            "decision",
                            "target",
                            "client_address",
                            "conversation_id",
                            "question",
                            "sql",
                            "detail"));
            try {
                audit.forEach(filter, MAX_EXPORT, e -> {
                    List<String> values = new ArrayList<>();
                    values.add(e.id());
                    values.add(e.at().toString());
                    values.add(e.user());
                    values.add(e.kind());
                    values.add(e.decision());
                    values.add(e.target());
                    values.add(e.clientAddress());
                    values.add(e.conversationId());
                    values.add(e.question());
                    values.add(e.sql());
                    values.add(e.detail());
                    try {
                        line(writer, values);
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            writer.flush();
        };
        return Response.ok(body)
                .type("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"sextant-audit.csv\"")
                .build();
    }

    private static AuditLog.Filter filter(String user, String kind, String decision, String from, String to) {
        return new AuditLog.Filter(blank(user), blank(kind), blank(decision), instant(from), instant(to));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** An ISO-8601 instant from a query parameter; null when blank (also for the feedback inbox). */
    static Instant instant(String s) {
        if (blank(s) == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw invalid("from and to are ISO-8601 instants, e.g. 2026-01-31T00:00:00Z");
        }
    }

    /** Writes one CSV line; cells that a spreadsheet would run as a formula are prefixed with '. */
    private static void line(Writer writer, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            String v = values.get(i);
            if (v == null) {
                continue;
            }
            if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
                v = "'" + v;
            }
            writer.write('"' + v.replace("\"", "\"\"") + '"');
        }
        writer.write("\r\n");
    }

    private static SextantException invalid(String message) {
        return new SextantException(SextantException.Kind.INVALID_INPUT, "invalid-audit-query", message);
    }
}
