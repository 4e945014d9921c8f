package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The resource-abuse corpus against the running server: every statement ends within the
 * statement timeout plus 5 s with a 4xx/503 or a bounded 200, concurrent slow queries queue and
 * are refused with Retry-After, and the server keeps answering throughout. This class runs it on
 * the DuckDB demo; {@link PostgresResourceAbuseTest} on a PostgreSQL warehouse.
 */
@QuarkusTest
@TestProfile(ResourceAbuseTest.Limits.class)
class ResourceAbuseTest {

    /** Who runs the corpus (the same user for every statement, so its slots fill up). */
    RequestSpecification caller() {
        return given().header("X-Sextant-User", "noah");
    }

    /** Another user, whose statements must not wait for the first one's. */
    RequestSpecification other() {
        return given().header("X-Sextant-User", "elena");
    }

    static final long TIMEOUT_MS = 3_000;
    static final long MAX_RESULT = 4L << 20;

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return limits();
        }
    }

    /** The limits both runs use. */
    static Map<String, String> limits() {
        return Map.of(
                "sextant.sql.statement-timeout", TIMEOUT_MS + "ms",
                "sextant.sql.max-result-bytes", Long.toString(MAX_RESULT),
                "sextant.sql.max-cell-bytes", "256K",
                "sextant.sql.max-concurrent", "4",
                "sextant.sql.max-concurrent-per-user", "2",
                "sextant.sql.queue-timeout", "1s",
                "sextant.warehouse.duckdb-memory-limit", "512MB");
    }

    private static List<String> corpus() throws IOException {
        try (InputStream in = ResourceAbuseTest.class.getResourceAsStream("/sql/abuse.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        }
    }

    private static Response execute(RequestSpecification caller, String sql) {
        return caller.contentType(ContentType.JSON).body(Map.of("sql", sql)).post("/api/v1/sql/execute");
    }

    @Test
    void should_survive_every_statement_of_the_abuse_corpus_and_keep_answering() throws Exception {
        List<String> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(40);
        ConcurrentLinkedQueue<String> healthProblems = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread health = new Thread(() -> {
            while (!done.get()) {
                long start = System.nanoTime();
                int status = given().get("/q/health/live").statusCode();
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (status != 200 || ms > 5_000) {
                    healthProblems.add(status + " after " + ms + " ms");
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        health.start();

        List<String> problems = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        try {
            for (String sql : corpus) {
                long start = System.nanoTime();
                Response response = execute(caller(), sql);
                long ms = (System.nanoTime() - start) / 1_000_000;
                int status = response.statusCode();
                String code = status == 200 ? "rows" : response.jsonPath().getString("code");
                outcomes.add(status + " " + code + " " + ms + " ms  " + sql);
                if (ms > TIMEOUT_MS + 5_000) {
                    problems.add("took " + ms + " ms: " + sql);
                }
                if (!Set.of(200, 413, 422, 429, 503).contains(status)) {
                    problems.add("status " + status + ": " + sql + " -> " + response.asString());
                }
                if (status == 200 && response.asByteArray().length > 2 * MAX_RESULT) {
                    problems.add("unbounded 200 (" + response.asByteArray().length + " bytes): " + sql);
                }
            }
        } finally {
            done.set(true);
            health.join();
        }
        outcomes.forEach(System.out::println);

        assertThat(problems).isEmpty();
        assertThat(healthProblems).isEmpty();
        assertThat(outcomes).anyMatch(o -> o.startsWith("413 result-too-large"));
        assertThat(outcomes).anyMatch(o -> o.startsWith("422 sql-resource-limit"));
        assertThat(outcomes).anyMatch(o -> o.startsWith("503 query-timeout"));
        execute(caller(), "SELECT count(*) FROM orders").then().statusCode(200);
    }

    @Test
    void should_queue_concurrent_slow_statements_and_refuse_the_excess_with_retry_after() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> slow = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                // a predicate on every pair: no engine counts this cross product without visiting it
                slow.add(pool.submit(() -> execute(
                        caller(), "SELECT count(*) FROM order_items a, order_items b WHERE a.qty * b.line_no > 2")));
            }
            long start = System.nanoTime();
            List<Integer> statuses = new ArrayList<>();
            List<String> retryAfter = new ArrayList<>();
            for (Future<Response> f : slow) {
                Response r = f.get(TIMEOUT_MS + 10_000, TimeUnit.MILLISECONDS);
                statuses.add(r.statusCode());
                if (r.statusCode() == 429) {
                    retryAfter.add(r.header("Retry-After"));
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;

            assertThat(statuses).containsOnly(429, 503).contains(429);
            assertThat(retryAfter).allMatch(v -> v != null && Integer.parseInt(v) >= 1);
            assertThat(ms).isLessThan(2 * TIMEOUT_MS + 5_000);
            // Another user is not held up by noah's queue.
            execute(other(), "SELECT count(*) FROM orders").then().statusCode(200);
        } finally {
            pool.shutdownNow();
        }
    }
}
