package io.sextant;

import static java.util.Objects.requireNonNull;

/**
 * A failure a caller can act on: it carries a stable error code and a kind that the API turns
 * into an HTTP status. The message is shown to the caller, so it never carries secrets or stack
 * details.
 */
public class SextantException extends RuntimeException {

    /** What sort of failure this is, independent of the transport. */
    public enum Kind {
        INVALID_INPUT,
        /** Well-formed but unusable input, e.g. a PDF that cannot be read. */
        UNPROCESSABLE,
        TOO_LARGE,
        UNSUPPORTED_MEDIA_TYPE,
        UNAUTHENTICATED,
        /** Authenticated, but not allowed to do this. */
        FORBIDDEN,
        /** Too many attempts; {@link RateLimited} says when to try again. */
        RATE_LIMITED,
        NOT_FOUND,
        CONFLICT,
        UNAVAILABLE,
        INTERNAL
    }

    private final Kind kind;
    private final String code;

    public SextantException(Kind kind, String code, String message) {
        this(kind, code, message, null);
    }

    public SextantException(Kind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind");
        this.code = requireNonNull(code, "code");
    }

    public Kind kind() {
        return kind;
    }

    /** Stable, kebab-case error code clients can switch on (e.g. {@code warehouse-unavailable}). */
    public String code() {
        return code;
    }
}
