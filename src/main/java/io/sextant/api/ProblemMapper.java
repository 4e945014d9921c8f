package io.sextant.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.sextant.RateLimited;
import io.sextant.SextantException;
import io.sextant.sql.SqlRefused;
import io.sextant.sql.WarehouseError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into problem+json with a stable code; never leaks a stack trace. */
class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    Response sextant(SextantException e) {
        Problem problem = problem(e);
        Response.ResponseBuilder response = builder(problem);
        if (e instanceof RateLimited limited) {
            response.header("Retry-After", limited.retryAfterSeconds());
        }
        return response.build();
    }

    /** The problem a failure is reported as (in a response, or as an event of a stream). */
    static Problem problem(SextantException e) {
        if (diskFull(e)) {
            return unexpectedProblem(e);
        }
        int status = switch (e.kind()) {
            case INVALID_INPUT -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case RATE_LIMITED -> 429;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNPROCESSABLE -> 422;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
        if (status >= 500) {
            LOG.warnf(e, "%s: %s", e.code(), e.getMessage());
        }
        Problem problem = Problem.of(
                status, title(status), e.code(), e.getMessage(), e instanceof WarehouseError w ? w.reference() : null);
        if (e instanceof SqlRefused refused) {
            problem = problem.withErrors(refused.errors());
        }
        if (e instanceof io.sextant.curation.Imports.Refused refused) {
            problem = problem.withErrors(refused.verdict().changes());
        }
        return problem;
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    Response unauthenticated(RuntimeException e) {
        return respond(Problem.of(401, "Unauthorized", "unauthenticated", "Sign in to use this endpoint", null));
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "forbidden", "You may not use this endpoint", null));
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = title(status);
        String code = switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
        return respond(Problem.of(status, title, code, e.getMessage(), null));
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException
                    || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    @ServerExceptionMapper
    Response unexpected(Exception e) {
        return respond(unexpectedProblem(e));
    }

    /**
     * True when the app database could not be reached: a connection that failed or broke
     * (SQLSTATE class 08), a server shutting down or starting (57P01-57P03), or no pooled
     * connection in time.
     */
    static boolean appDatabaseAway(Throwable e) {
        for (Throwable t : causes(e)) {
            if (t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.matches("57P0[123]"))) {
                    return true;
                }
                if (state == null && String.valueOf(sql.getMessage()).startsWith("Acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A failure, its causes and what they suppressed (a failed commit carries the database's
     * error there), at most 50.
     */
    private static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        java.util.ArrayDeque<Throwable> next = new java.util.ArrayDeque<>(java.util.List.of(e));
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!next.isEmpty() && all.size() < 50) {
            Throwable t = next.poll();
            if (seen.add(t)) {
                all.add(t);
                if (t.getCause() != null) {
                    next.add(t.getCause());
                }
                next.addAll(java.util.List.of(t.getSuppressed()));
            }
        }
        return all;
    }

    /** True when a write failed because the disk is full (ENOSPC, as the JDK and H2 word it). */
    static boolean diskFull(Throwable e) {
        for (Throwable t : causes(e)) {
            if (String.valueOf(t.getMessage()).contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }

    /** An unexpected failure: logged under a reference the problem gives, never described. */
    static Problem unexpectedProblem(Throwable e) {
        String reference = UUID.randomUUID().toString();
        if (diskFull(e)) {
            LOG.errorf("storage-full (reference %s): the disk under the data directory is full: %s", reference, e);
            return Problem.of(
                    507,
                    "Insufficient Storage",
                    "storage-full",
                    "The disk under Sextant's data directory is full; the request could not be completed. Free space and try again.",
                    reference);
        }
        if (appDatabaseAway(e)) {
            // not a bug: the database is away; say so, and come back when it is
            LOG.warnf("app-database-unavailable (reference %s): %s", reference, e.getMessage());
            return Problem.of(
                    503,
                    "Service Unavailable",
                    "app-database-unavailable",
                    "Sextant's database cannot be reached; try again shortly.",
                    reference);
        }
        if (clientWentAway(e)) {
            // nobody reads this answer: not a failure of the server
            LOG.debugf("The client went away before its answer (reference %s): %s", reference, e.getMessage());
        } else {
            LOG.errorf(e, "Unexpected error, reference %s", reference);
        }
        return Problem.of(
                500,
                "Internal Server Error",
                "internal-error",
                "Sextant hit an unexpected error; the server log has the details under this reference.",
                reference);
    }

    private static Response respond(Problem problem) {
        return builder(problem).build();
    }

    private static Response.ResponseBuilder builder(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static String title(int status) {
        if (status == 422) {
            return "Unprocessable Content"; // not in JAX-RS' Status enum
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        return type != null ? type.getReasonPhrase() : "HTTP " + status;
    }
}
