package io.sextant.api;

import io.sextant.SextantException;
import io.sextant.access.AuthConfig;
import io.sextant.access.Credentials;
import io.sextant.access.Directory;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The caller: who they are, and their personal API tokens for BI tools and scripts. */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    /** What the caller is, as row policies and ACLs see it. */
    public record Me(
            String id,
            String displayName,
            String email,
            Set<String> groups,
            Map<String, String> attributes,
            boolean admin,
            String signedInWith) {

        static Me of(Directory.User user, String adminGroup, Credentials.Method method) {
            return new Me(
                    user.id(),
                    user.displayName(),
                    user.email(),
                    user.groups(),
                    user.attributes(),
                    user.groups().contains(adminGroup),
                    method.name().toLowerCase(Locale.ROOT));
        }
    }

    /** A token to create; it lives expiresInDays days (default 90, at most the configured maximum). */
    public record TokenRequest(String name, Integer expiresInDays) {}

    private final Principals principals;
    private final Directory directory;
    private final Credentials credentials;
    private final AuthConfig config;

    MeResource(Principals principals, Directory directory, Credentials credentials, AuthConfig config) {
        this.principals = principals;
        this.directory = directory;
        this.credentials = credentials;
        this.config = config;
    }

    @GET
    public Me me() {
        Directory.User user = directory
                .user(principals.userId())
                .orElseThrow(() -> new SextantException(
                        SextantException.Kind.UNAUTHENTICATED, "unauthenticated", "Sign in to use this endpoint"));
        return Me.of(user, config.adminGroup(), principals.method());
    }

    @GET
    @Path("/tokens")
    public List<Credentials.TokenInfo> tokens() {
        return credentials.tokens(principals.userId());
    }

    /** Creates a token; the response is the only time its secret is shown. */
    @POST
    @Path("/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(TokenRequest request) {
        requireInteractive();
        if (request == null) {
            throw new SextantException(SextantException.Kind.INVALID_INPUT, "invalid-token-name", "name is required");
        }
        Duration lifetime = request.expiresInDays() == null ? null : Duration.ofDays(request.expiresInDays());
        Credentials.NewToken token = credentials.createToken(principals.userId(), request.name(), lifetime);
        return Response.status(201).entity(token).build();
    }

    @DELETE
    @Path("/tokens/{id}")
    public Response revoke(@PathParam("id") String id) {
        requireInteractive();
        if (!credentials.revokeToken(principals.userId(), id, principals.userId())) {
            throw new SextantException(SextantException.Kind.NOT_FOUND, "token-not-found", "You have no such token");
        }
        return Response.noContent().build();
    }

    /** A token cannot mint or revoke tokens: a leaked one cannot make itself permanent. */
    private void requireInteractive() {
        if (principals.method() == Credentials.Method.TOKEN) {
            throw new SextantException(
                    SextantException.Kind.FORBIDDEN,
                    "token-cannot-manage-tokens",
                    "Sign in with your password (or a session) to manage API tokens");
        }
    }
}
