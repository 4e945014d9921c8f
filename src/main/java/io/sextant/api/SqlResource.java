package io.sextant.api;

import io.sextant.SextantException;
import io.sextant.access.Principal;
import io.sextant.audit.AuditLog;
import io.sextant.sql.Cancellation;
import io.sextant.sql.CheckedSql;
import io.sextant.sql.GuardError;
import io.sextant.sql.QueryResult;
import io.sextant.sql.QueryRunner;
import io.sextant.sql.SqlCheck;
import io.sextant.sql.SqlRefused;
import io.sextant.sql.SqlService;
import io.sextant.sql.SqlTarget;
import io.sextant.sql.WarehouseError;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Governed SQL for BI tools and people who write SQL: statements are checked by the SQL guard and
 * run as the calling principal, with its table, column and row permissions applied.
 */
@Path("/api/v1/sql")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SqlResource {

    /**
     * A statement to run or check; format is json (default) or csv; dialect (check only) renders
     * the checked SQL for another database, e.g. snowflake or trino.
     */
    public record Request(String sql, String format, String dialect) {}

    /** What the guard decided, without running anything. */
    public record CheckResponse(
            boolean accepted,
            String sql,
            String dialect,
            Set<String> tables,
            Set<String> columns,
            long rowCap,
            List<String> warnings,
            List<GuardError> errors) {}

    /** Rows of an executed statement. */
    public record ExecuteResponse(
            String sql,
            String dialect,
            List<QueryResult.Column> columns,
            List<List<Object>> rows,
            int rowCount,
            boolean truncated,
            List<String> warnings,
            long elapsedMs) {}

    private final SqlService sql;
    private final Principals principals;
    private final AuditLog audit;
    private final io.sextant.access.RequestLimits limits;

    SqlResource(SqlService sql, Principals principals, AuditLog audit, io.sextant.access.RequestLimits limits) {
        this.sql = sql;
        this.principals = principals;
        this.audit = audit;
        this.limits = limits;
    }

    @POST
    @Path("/check")
    public CheckResponse check(Request request) {
        Principal principal = principals.current();
        limits.take(io.sextant.access.RequestLimits.Kind.SQL, principal.userId());
        String statement = statement(request);
        Optional<SqlTarget> dialect = Optional.ofNullable(request.dialect())
                .filter(d -> !d.isBlank())
                .map(d -> SqlTarget.named(d)
                        .orElseThrow(() -> invalid(
                                "unknown-dialect",
                                "Unknown dialect '" + d
                                        + "'; use one of postgresql, duckdb, mysql, h2, sqlite, snowflake, trino")));
        SqlCheck check = sql.check(statement, principal, dialect);
        audit(AuditLog.SQL_CHECK, principal, statement, check);
        if (!check.accepted()) {
            return new CheckResponse(false, null, null, Set.of(), Set.of(), 0, List.of(), check.errors());
        }
        CheckedSql c = check.checked();
        return new CheckResponse(
                true,
                c.sql(),
                c.target().name().toLowerCase(Locale.ROOT),
                c.tables(),
                c.columns(),
                c.rowCap(),
                c.warnings(),
                List.of());
    }

    @POST
    @Path("/execute")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response execute(Request request, @Context HttpServerRequest http) {
        Principal principal = principals.current();
        limits.take(io.sextant.access.RequestLimits.Kind.SQL, principal.userId());
        String statement = statement(request);
        String format = request.format() == null ? "json" : request.format().toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("csv")) {
            throw invalid("unknown-format", "format must be json or csv");
        }
        // The audit row (with the SQL as it will run) is written before anything runs.
        SqlCheck check = sql.check(statement, principal, Optional.empty());
        audit(AuditLog.SQL_EXECUTE, principal, statement, check);
        if (!check.accepted()) {
            throw new SqlRefused(check.errors());
        }
        CheckedSql checked = check.checked();
        Cancellation cancellation = new Cancellation();
        http.connection().closeHandler(v -> cancellation.cancel());
        switch (format) {
            case "json" -> {
                SqlService.Execution execution;
                try {
                    execution = sql.execute(checked, cancellation);
                } catch (WarehouseError e) {
                    auditFailure(principal, checked, e);
                    throw e;
                }
                QueryResult result = execution.result();
                return Response.ok(new ExecuteResponse(
                                checked.sql(),
                                checked.target().name().toLowerCase(Locale.ROOT),
                                result.columns(),
                                result.rows(),
                                result.rows().size(),
                                result.truncated(),
                                execution.statement().warnings(),
                                result.elapsedMillis()))
                        .type(MediaType.APPLICATION_JSON)
                        .build();
            }
            default -> {
                StreamingOutput body = out -> {
                    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                    try {
                        sql.stream(checked, cancellation, new CsvSink(writer));
                    } catch (WarehouseError e) {
                        auditFailure(principal, checked, e);
                        throw e;
                    }
                    writer.flush();
                };
                return Response.ok(body)
                        .type("text/csv; charset=utf-8")
                        .header("X-Sextant-Sql-Dialect", checked.target().name().toLowerCase(Locale.ROOT))
                        .build();
            }
        }
    }

    /** The warehouse's own error text is kept here and in the log, never in the response. */
    private void auditFailure(Principal principal, CheckedSql checked, WarehouseError e) {
        audit.record(AuditLog.Entry.of(AuditLog.SQL_EXECUTE, principal.userId(), "failed", e.code())
                .withSql(checked.sql())
                .withDetail(Map.of("reference", e.reference(), "error", e.original())));
    }

    private void audit(String kind, Principal principal, String statement, SqlCheck check) {
        AuditLog.Entry entry =
                AuditLog.Entry.of(kind, principal.userId(), check.accepted() ? "accepted" : "refused", null);
        audit.record(
                check.accepted()
                        ? entry.withSql(check.checked().sql())
                                .withDetail(Map.of(
                                        "submitted", statement,
                                        "tables", check.checked().tables(),
                                        "dialect",
                                                check.checked().target().name().toLowerCase(Locale.ROOT)))
                        : entry.withSql(statement)
                                .withDetail(Map.of(
                                        "errors",
                                        check.errors().stream()
                                                .map(GuardError::code)
                                                .toList())));
    }

    private static String statement(Request request) {
        if (request == null || request.sql() == null || request.sql().isBlank()) {
            throw invalid("sql-empty", "sql is required");
        }
        return request.sql();
    }

    private static SextantException invalid(String code, String message) {
        return new SextantException(SextantException.Kind.INVALID_INPUT, code, message);
    }

    /** Writes rows as RFC 4180 CSV with a header line. */
    private static final class CsvSink implements QueryRunner.RowSink {

        private final Writer writer;

        CsvSink(Writer writer) {
            this.writer = writer;
        }

        @Override
        public void columns(List<QueryResult.Column> columns) throws IOException {
            line(columns.stream().map(c -> (Object) c.name()).toList());
        }

        @Override
        public void row(List<Object> row) throws IOException {
            line(row);
        }

        private void line(List<Object> values) throws IOException {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    writer.write(',');
                }
                Object v = values.get(i);
                if (v != null) {
                    String s = v.toString();
                    boolean quote =
                            s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
                    writer.write(quote ? '"' + s.replace("\"", "\"\"") + '"' : s);
                }
            }
            writer.write("\r\n");
        }
    }
}
