package io.sextant.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.RateLimited;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Per-user request rates of the expensive endpoints (token buckets, Bucket4j): questions, searches
 * and SQL statements (REST and the PostgreSQL protocol), each with its own allowance per minute,
 * refilled evenly. A user over it is refused with {@code rate-limited} (429 with Retry-After; SQLSTATE
 * 53400 over the protocol) until a token is back; other users are not slowed.
 */
@ApplicationScoped
public class RequestLimits {

    /** What a request spends. */
    public enum Kind {
        ASK,
        SEARCH,
        SQL
    }

    /** Allowances per user. */
    @ConfigMapping(prefix = "sextant.limits")
    public interface Config {

        /** Questions a user may ask per minute (0: no limit). */
        @WithDefault("600")
        int askPerMinute();

        /** Searches a user may run per minute (0: no limit). */
        @WithDefault("6000")
        int searchPerMinute();

        /**
         * SQL statements a user may check or run per minute, REST and PostgreSQL protocol (0: no
         * limit); a BI tool signed in as one user sends many.
         */
        @WithDefault("60000")
        int sqlPerMinute();

        /** Largest JSON request body (questions, searches, statements, admin changes); 413 beyond. */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize jsonBodySize();
    }

    private final Config config;
    private final MeterRegistry metrics;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    RequestLimits(Config config, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Takes one request of the user's allowance.
     *
     * @throws RateLimited {@code rate-limited} when the allowance is used up
     */
    public void take(Kind kind, String userId) {
        int perMinute = switch (kind) {
            case ASK -> config.askPerMinute();
            case SEARCH -> config.searchPerMinute();
            case SQL -> config.sqlPerMinute();
        };
        if (perMinute <= 0) {
            return;
        }
        String name = kind.name().toLowerCase(Locale.ROOT);
        Bucket bucket = buckets.get(
                name + "\n" + userId,
                k -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(perMinute)
                                .refillGreedy(perMinute, Duration.ofMinutes(1))
                                .build())
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            metrics.counter("sextant.limits.refused", "kind", name).increment();
            throw new RateLimited(
                    "rate-limited",
                    "Too many "
                            + switch (kind) {
                                case ASK -> "questions";
                                case SEARCH -> "searches";
                                case SQL -> "SQL statements";
                            }
                            + " from this user: at most " + perMinute + " a minute; try again shortly.",
                    TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
        }
    }
}
