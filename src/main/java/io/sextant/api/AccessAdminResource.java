package io.sextant.api;

import io.sextant.SextantException;
import io.sextant.access.AccessRules;
import io.sextant.access.Credentials;
import io.sextant.access.Directory;
import io.sextant.sql.GuardError;
import io.sextant.sql.SqlService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Administration of who may see what: users (create, update, disable, reset password, tokens),
 * groups and memberships, user attributes, table and column grants and row policies. Every change
 * is audited with before and after, and applies to the next request without a restart.
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccessAdminResource {

    /** The groups that may read a table or column; an empty list lifts the restriction. */
    public record Grant(List<String> groups) {}

    /** A new password. */
    public record PasswordBody(String password) {}

    /** An attribute value. */
    public record AttributeBody(String value) {}

    private final Directory directory;
    private final Credentials credentials;
    private final AccessRules rules;
    private final SqlService sql;
    private final Principals principals;

    AccessAdminResource(
            Directory directory, Credentials credentials, AccessRules rules, SqlService sql, Principals principals) {
        this.directory = directory;
        this.credentials = credentials;
        this.rules = rules;
        this.sql = sql;
        this.principals = principals;
    }

    // ---- users -------------------------------------------------------------------------------

    @GET
    @Path("/users")
    public List<Directory.Account> users() {
        return directory.accounts();
    }

    @GET
    @Path("/users/{id}")
    public Directory.Account user(@PathParam("id") String id) {
        return directory.account(id).orElseThrow(AccessAdminResource::userNotFound);
    }

    @POST
    @Path("/users")
    public Response createUser(Directory.NewUser user) {
        return Response.status(201)
                .entity(directory.createUser(user, principals.userId()))
                .build();
    }

    /** Changes name, e-mail, groups or attributes (fields left out stay as they are). */
    @PUT
    @Path("/users/{id}")
    public Directory.Account updateUser(@PathParam("id") String id, Directory.UserUpdate update) {
        if (update == null) {
            throw invalid("nothing-to-change", "give displayName, email, groups or attributes");
        }
        return directory.updateUser(id, update, principals.userId());
    }

    @POST
    @Path("/users/{id}/disable")
    public Directory.Account disable(@PathParam("id") String id) {
        if (id.equals(principals.userId())) {
            throw invalid("cannot-disable-self", "an admin cannot disable their own account");
        }
        return directory.setDisabled(id, true, principals.userId());
    }

    @POST
    @Path("/users/{id}/enable")
    public Directory.Account enable(@PathParam("id") String id) {
        return directory.setDisabled(id, false, principals.userId());
    }

    /** Sets a new password; the user's web sessions end. */
    @PUT
    @Path("/users/{id}/password")
    public Response resetPassword(@PathParam("id") String id, PasswordBody body) {
        directory.resetPassword(id, body == null ? null : body.password(), principals.userId());
        return Response.noContent().build();
    }

    @PUT
    @Path("/users/{id}/attributes/{name}")
    public Directory.Account setAttribute(
            @PathParam("id") String id, @PathParam("name") String name, AttributeBody body) {
        Directory.Account account = user(id);
        Map<String, String> attributes = new HashMap<>(account.attributes());
        attributes.put(name, body == null ? null : body.value());
        return directory.updateUser(id, new Directory.UserUpdate(null, null, null, attributes), principals.userId());
    }

    @DELETE
    @Path("/users/{id}/attributes/{name}")
    public Directory.Account removeAttribute(@PathParam("id") String id, @PathParam("name") String name) {
        Directory.Account account = user(id);
        Map<String, String> attributes = new HashMap<>(account.attributes());
        if (attributes.remove(name) == null) {
            throw new SextantException(
                    SextantException.Kind.NOT_FOUND, "attribute-not-found", "The user has no attribute " + name);
        }
        return directory.updateUser(id, new Directory.UserUpdate(null, null, null, attributes), principals.userId());
    }

    @GET
    @Path("/users/{id}/tokens")
    public List<Credentials.TokenInfo> tokens(@PathParam("id") String id) {
        user(id);
        return credentials.tokens(id);
    }

    @DELETE
    @Path("/users/{id}/tokens/{token}")
    public Response revokeToken(@PathParam("id") String id, @PathParam("token") String token) {
        if (!credentials.revokeToken(id, token, principals.userId())) {
            throw new SextantException(SextantException.Kind.NOT_FOUND, "token-not-found", "No such token");
        }
        return Response.noContent().build();
    }

    // ---- groups and memberships ----------------------------------------------------------------

    @GET
    @Path("/groups")
    public List<Directory.Group> groups() {
        return directory.groups();
    }

    @POST
    @Path("/groups")
    public Response createGroup(Directory.Group group) {
        return Response.status(201)
                .entity(directory.createGroup(group, principals.userId()))
                .build();
    }

    @DELETE
    @Path("/groups/{name}")
    public Response deleteGroup(@PathParam("name") String name) {
        if (!directory.deleteGroup(name, principals.userId())) {
            throw new SextantException(SextantException.Kind.NOT_FOUND, "group-not-found", "No such group");
        }
        return Response.noContent().build();
    }

    @PUT
    @Path("/groups/{name}/members/{user}")
    public Directory.Account addMember(@PathParam("name") String group, @PathParam("user") String user) {
        Set<String> groups = new TreeSet<>(user(user).groups());
        groups.add(group);
        return directory.updateUser(user, new Directory.UserUpdate(null, null, groups, null), principals.userId());
    }

    @DELETE
    @Path("/groups/{name}/members/{user}")
    public Directory.Account removeMember(@PathParam("name") String group, @PathParam("user") String user) {
        Set<String> groups = new TreeSet<>(user(user).groups());
        if (!groups.remove(group)) {
            throw new SextantException(
                    SextantException.Kind.NOT_FOUND, "not-a-member", "The user is not a member of " + group);
        }
        return directory.updateUser(user, new Directory.UserUpdate(null, null, groups, null), principals.userId());
    }

    // ---- table and column grants, row policies -----------------------------------------------

    /** Every restricted table and column and every row policy in force. */
    @GET
    @Path("/permissions")
    public AccessRules.Rules permissions() {
        return rules.current();
    }

    @PUT
    @Path("/permissions/tables/{table}")
    public AccessRules.Rules grantTable(@PathParam("table") String table, Grant grant) {
        rules.setGrant("table", table, grant == null ? null : grant.groups(), principals.userId());
        return rules.current();
    }

    @DELETE
    @Path("/permissions/tables/{table}")
    public AccessRules.Rules openTable(@PathParam("table") String table) {
        rules.setGrant("table", table, List.of(), principals.userId());
        return rules.current();
    }

    /** Restricts a column, named {@code table.column}. */
    @PUT
    @Path("/permissions/columns/{column}")
    public AccessRules.Rules grantColumn(@PathParam("column") String column, Grant grant) {
        rules.setGrant("column", column, grant == null ? null : grant.groups(), principals.userId());
        return rules.current();
    }

    @DELETE
    @Path("/permissions/columns/{column}")
    public AccessRules.Rules openColumn(@PathParam("column") String column) {
        rules.setGrant("column", column, List.of(), principals.userId());
        return rules.current();
    }

    /** Sets a table's row policy; the filter is checked against the warehouse first. */
    @PUT
    @Path("/row-policies/{table}")
    public AccessRules.Rules setRowPolicy(@PathParam("table") String table, AccessRules.Policy policy) {
        if (policy == null || policy.filter() == null || policy.filter().isBlank()) {
            throw invalid("invalid-row-policy", "filter is required");
        }
        List<GuardError> errors = sql.rowFilterErrors(table, policy.filter());
        if (!errors.isEmpty()) {
            throw new io.sextant.sql.SqlRefused(errors);
        }
        rules.setRowPolicy(table, policy, principals.userId());
        return rules.current();
    }

    @DELETE
    @Path("/row-policies/{table}")
    public Response deleteRowPolicy(@PathParam("table") String table) {
        if (!rules.deleteRowPolicy(table, principals.userId())) {
            throw new SextantException(SextantException.Kind.NOT_FOUND, "row-policy-not-found", "No such row policy");
        }
        return Response.noContent().build();
    }

    private static SextantException userNotFound() {
        return new SextantException(SextantException.Kind.NOT_FOUND, "user-not-found", "No such user");
    }

    private static SextantException invalid(String code, String message) {
        return new SextantException(SextantException.Kind.INVALID_INPUT, code, message);
    }
}
