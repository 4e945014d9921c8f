package io.sextant.api;

import io.sextant.SextantException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Lets only members of the admin group reach {@code /api/v1/admin/**}, whatever resource serves
 * the path (checked on the request path and on the matched resource's own path), so a new admin endpoint cannot be left open by forgetting an annotation.
 */
class AdminGate {

    static final String ADMIN_PATH = "/api/v1/admin";

    private final Principals principals;

    AdminGate(Principals principals) {
        this.principals = principals;
    }

    @ServerRequestFilter
    void check(ContainerRequestContext request, ResourceInfo resource) {
        if (isAdmin(request.getUriInfo().getPath()) || isAdmin(resourcePath(resource))) {
            principals.current();
            if (!principals.admin()) {
                throw new SextantException(
                        SextantException.Kind.FORBIDDEN, "forbidden", "Only members of the admin group may do this");
            }
        }
    }

    private static boolean isAdmin(String path) {
        if (path == null) {
            return false;
        }
        String normal = ("/" + path).replaceAll("/+", "/");
        return normal.equals(ADMIN_PATH) || normal.startsWith(ADMIN_PATH + "/");
    }

    private static String resourcePath(ResourceInfo resource) {
        Path path = resource == null || resource.getResourceClass() == null
                ? null
                : resource.getResourceClass().getAnnotation(Path.class);
        return path == null ? null : path.value();
    }
}
