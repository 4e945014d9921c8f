package io.sextant.eval;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the resource-abuse corpus against a running server and reports, per statement, the status,
 * code and time, the server's peak resident memory ({@code --pid}) and whether health answered
 * throughout:
 *
 * <pre>./mvnw -q compile exec:java@abuse-bench -Dexec.args="--url http://localhost:8080 --pid 1234"</pre>
 */
public final class AbuseBench {

    private AbuseBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = options.getOrDefault("url", "http://localhost:8080");
        String auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                options.getOrDefault("user", "noah:demo").getBytes(StandardCharsets.UTF_8));
        List<String> corpus =
                Files.readAllLines(Path.of(options.getOrDefault("corpus", "src/test/resources/sql/abuse.txt"))).stream()
                        .filter(l -> !l.isBlank() && !l.startsWith("#"))
                        .toList();
        Path status = options.containsKey("pid") ? Path.of("/proc", options.get("pid"), "status") : null;
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong peakRss = new AtomicLong();
        AtomicLong healthFailures = new AtomicLong();
        AtomicLong healthChecks = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                try {
                    if (status != null) {
                        for (String line : Files.readAllLines(status)) {
                            if (line.startsWith("VmRSS:")) {
                                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                                peakRss.accumulateAndGet(kb, Math::max);
                            }
                        }
                    }
                    HttpResponse<Void> health = client.send(
                            HttpRequest.newBuilder(URI.create(url + "/q/health/live"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    healthChecks.incrementAndGet();
                    if (health.statusCode() != 200) {
                        healthFailures.incrementAndGet();
                    }
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    healthFailures.incrementAndGet();
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();

        Map<String, Integer> byOutcome = new TreeMap<>();
        long slowest = 0;
        for (String sql : corpus) {
            long start = System.nanoTime();
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create(url + "/api/v1/sql/execute"))
                            .header("Authorization", auth)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofMinutes(5))
                            .POST(HttpRequest.BodyPublishers.ofString(new com.fasterxml.jackson.databind.ObjectMapper()
                                    .writeValueAsString(Map.of("sql", sql))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - start) / 1_000_000;
            slowest = Math.max(slowest, ms);
            String code = r.statusCode() == 200 ? "rows" : r.body().replaceAll(".*\"code\":\"([^\"]+)\".*", "$1");
            byOutcome.merge(r.statusCode() + " " + code, 1, Integer::sum);
            System.out.printf(
                    Locale.ROOT,
                    "%3d %-22s %6d ms %8d bytes  %s%n",
                    r.statusCode(),
                    code,
                    ms,
                    r.body().length(),
                    sql);
        }
        done.set(true);
        watcher.join(6_000);
        System.out.printf(
                Locale.ROOT, "%d statements, slowest %d ms; outcomes %s%n", corpus.size(), slowest, byOutcome);
        System.out.printf(
                Locale.ROOT,
                "health: %d checks, %d failed; server peak RSS %s%n",
                healthChecks.get(),
                healthFailures.get(),
                status == null ? "(no --pid)" : (peakRss.get() / 1024) + " MB");
    }
}
