package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Tracing switched on: one ask is exported over OTLP (HTTP, protobuf) to a collector the test
 * runs, as the HTTP request's span and a span per ask stage.
 */
@QuarkusTest
@TestProfile(TracingTest.Tracing.class)
class TracingTest {

    /** What the collector received: the bodies of its export requests. */
    static final List<String> EXPORTED = new CopyOnWriteArrayList<>();

    static final HttpServer COLLECTOR = collector();

    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                // protobuf: the span names are in it as UTF-8 strings
                EXPORTED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class Tracing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                    "quarkus.otel.exporter.otlp.traces.endpoint",
                            "http://127.0.0.1:" + COLLECTOR.getAddress().getPort(),
                    "quarkus.otel.bsp.schedule.delay", "100ms",
                    "sextant.data-dir", "./target/test-data/tracing");
        }
    }

    @Test
    void should_export_the_request_and_its_ask_stages_as_spans() throws InterruptedException {
        given().header("X-Sextant-User", "noah")
                .contentType("application/json")
                .body(Map.of("question", "What was net revenue by year?"))
                .post("/api/v1/ask")
                .then()
                .statusCode(200);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline
                && !(String.join("", EXPORTED).contains("ask embed")
                        && String.join("", EXPORTED).contains("/api/v1/ask"))) {
            Thread.sleep(100);
        }
        String all = String.join("", EXPORTED);
        assertThat(all).contains("ask embed").contains("ask execute").contains("POST /api/v1/ask");
    }
}
