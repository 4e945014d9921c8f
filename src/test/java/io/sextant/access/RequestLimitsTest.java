package io.sextant.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sextant.RateLimited;
import org.junit.jupiter.api.Test;

class RequestLimitsTest {

    private static RequestLimits limits(int ask, int search, int sql) {
        return new RequestLimits(
                new RequestLimits.Config() {
                    @Override
                    public int askPerMinute() {
                        return ask;
                    }

                    @Override
                    public int searchPerMinute() {
                        return search;
                    }

                    @Override
                    public int sqlPerMinute() {
                        return sql;
                    }

                    @Override
                    public io.quarkus.runtime.configuration.MemorySize jsonBodySize() {
                        return new io.quarkus.runtime.configuration.MemorySize(java.math.BigInteger.valueOf(1 << 20));
                    }
                },
                new SimpleMeterRegistry());
    }

    @Test
    void should_refuse_a_user_over_the_allowance_with_when_to_try_again_and_leave_others_alone() {
        RequestLimits limits = limits(3, 0, 5);
        for (int i = 0; i < 3; i++) {
            limits.take(RequestLimits.Kind.ASK, "noah");
        }
        assertThatThrownBy(() -> limits.take(RequestLimits.Kind.ASK, "noah"))
                .isInstanceOfSatisfying(RateLimited.class, e -> {
                    assertThat(e.code()).isEqualTo("rate-limited");
                    assertThat(e.retryAfterSeconds()).isBetween(1L, 60L);
                });
        limits.take(RequestLimits.Kind.ASK, "elena");
        limits.take(RequestLimits.Kind.SQL, "noah");
        for (int i = 0; i < 1000; i++) {
            limits.take(RequestLimits.Kind.SEARCH, "noah"); // 0: no limit
        }
    }
}
