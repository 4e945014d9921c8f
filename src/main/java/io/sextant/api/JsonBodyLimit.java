package io.sextant.api;

import io.sextant.SextantException;
import io.sextant.access.RequestLimits;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses JSON request bodies larger than {@code sextant.limits.json-body-size} (413
 * {@code body-too-large}) before they are read: a question, a search or a statement is small,
 * and only uploads (multipart) and imports (YAML) need the server's general limit.
 */
class JsonBodyLimit {

    private final long limit;

    JsonBodyLimit(RequestLimits.Config config) {
        this.limit = config.jsonBodySize().asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    void check(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return;
        }
        int length = request.getLength();
        if (length > limit) {
            throw new SextantException(
                    SextantException.Kind.TOO_LARGE,
                    "body-too-large",
                    "The JSON body has " + length + " bytes; at most " + limit + " are accepted.");
        }
    }
}
