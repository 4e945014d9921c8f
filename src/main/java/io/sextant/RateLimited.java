package io.sextant;

/** Refused because of too many attempts; try again after {@link #retryAfterSeconds()}. */
public class RateLimited extends SextantException {

    private final long retryAfterSeconds;

    public RateLimited(String code, String message, long retryAfterSeconds) {
        super(Kind.RATE_LIMITED, code, message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** Whole seconds until the next attempt may succeed (at least 1). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
