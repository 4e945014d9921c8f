package io.sextant.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.sextant.RateLimited;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Limits failed sign-ins per user name and per client address with token buckets (Bucket4j): each
 * failure takes a token, the allowance refills evenly over the configured window, and while a
 * bucket is empty every attempt is refused before any password is checked. Buckets live in a
 * bounded cache, so a flood of made-up names or addresses cannot exhaust memory.
 */
@ApplicationScoped
class LoginThrottle {

    private final Cache<String, Bucket> buckets;
    private final AuthConfig config;

    LoginThrottle(AuthConfig config) {
        this.config = config;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(config.failedLoginWindow().multipliedBy(2))
                .build();
    }

    /** Refuses the attempt while the user's or the address's allowance is used up. */
    void check(String user, String address) {
        long wait = Math.max(waitNanos(userKey(user)), waitNanos(addressKey(address)));
        if (wait > 0) {
            throw new RateLimited(
                    "too-many-failed-logins",
                    "Too many failed sign-ins for this user or from this address; try again later.",
                    TimeUnit.NANOSECONDS.toSeconds(wait) + 1);
        }
    }

    /** Counts a failed attempt against the user and the address. */
    void failed(String user, String address) {
        bucket(userKey(user), config.failedLoginsPerUser()).tryConsume(1);
        bucket(addressKey(address), config.failedLoginsPerAddress()).tryConsume(1);
    }

    private long waitNanos(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return 0;
        }
        return bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    }

    private Bucket bucket(String key, int allowance) {
        return buckets.get(key, k -> {
            Duration window = config.failedLoginWindow();
            return Bucket.builder()
                    .addLimit(Bandwidth.builder()
                            .capacity(allowance)
                            .refillGreedy(allowance, window)
                            .build())
                    .build();
        });
    }

    private static String userKey(String user) {
        return "user:" + (user == null ? "" : user.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "unknown" : address);
    }
}
