package io.sextant.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.RateLimited;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** An AuthConfig with these values (the rest unused by the throttle). */
    private static AuthConfig config(int perUser, int perAddress, Duration window) {
        Map<String, Object> values = Map.of(
                "failedLoginsPerUser", perUser, "failedLoginsPerAddress", perAddress, "failedLoginWindow", window);
        return (AuthConfig) Proxy.newProxyInstance(
                AuthConfig.class.getClassLoader(),
                new Class<?>[] {AuthConfig.class},
                (proxy, method, args) -> values.get(method.getName()));
    }

    @Test
    void should_lock_a_user_name_after_its_allowance_from_any_address() {
        LoginThrottle throttle = new LoginThrottle(config(3, 100, Duration.ofMinutes(15)));
        for (int i = 0; i < 3; i++) {
            throttle.check("Eve", "10.0.0." + i);
            throttle.failed("Eve", "10.0.0." + i);
        }

        assertThatThrownBy(() -> throttle.check("eve", "192.0.2.1"))
                .isInstanceOfSatisfying(
                        RateLimited.class,
                        e -> assertThat(e.retryAfterSeconds()).isBetween(1L, 5L * 60));
        assertThatCode(() -> throttle.check("bob", "192.0.2.1")).doesNotThrowAnyException();
    }

    @Test
    void should_lock_an_address_that_tries_many_user_names() {
        LoginThrottle throttle = new LoginThrottle(config(100, 5, Duration.ofMinutes(15)));
        for (int i = 0; i < 5; i++) {
            throttle.check("user" + i, "198.51.100.7");
            throttle.failed("user" + i, "198.51.100.7");
        }

        assertThatThrownBy(() -> throttle.check("someone-else", "198.51.100.7")).isInstanceOf(RateLimited.class);
        assertThatCode(() -> throttle.check("someone-else", "198.51.100.8")).doesNotThrowAnyException();
    }

    @Test
    void should_allow_attempts_again_as_the_allowance_refills() throws InterruptedException {
        LoginThrottle throttle = new LoginThrottle(config(2, 100, Duration.ofMillis(400)));
        throttle.failed("ann", "203.0.113.1");
        throttle.failed("ann", "203.0.113.1");
        assertThatThrownBy(() -> throttle.check("ann", "203.0.113.1")).isInstanceOf(RateLimited.class);

        Thread.sleep(450);

        assertThatCode(() -> throttle.check("ann", "203.0.113.1")).doesNotThrowAnyException();
    }
}
