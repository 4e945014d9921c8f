package io.sextant.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server as a child process ({@code java -jar quarkus-run.jar}, production profile),
 * so that a test can stop it, kill it with SIGKILL or run two of them.
 */
final class PackagedServer implements AutoCloseable {

    /** Embedded mode: app state in H2, the index in Lucene, both under the data directory. */
    static final Path EMBEDDED = Path.of("target/quarkus-app/quarkus-run.jar");
    /** Server mode: app state in PostgreSQL (the {@code postgres} build profile). */
    static final Path SERVER_MODE = Path.of("target/server-mode/quarkus-app/quarkus-run.jar");

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final int port;

    /** A response: status, body, its Set-Cookie headers, when it was sent (nanoTime) and how long it took. */
    record Reply(int status, String body, List<String> cookies, long sent, long millis) {}

    /** Who calls: sets the request's credentials. */
    interface Caller {
        void sign(HttpRequest.Builder request);
    }

    /** HTTP Basic as a demo user ({@code id}, password demo) or {@code id:password}. */
    static Caller user(String id) {
        String pair = id.contains(":") ? id : id + ":demo";
        return r -> r.header(
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    static Caller bearer(String token) {
        return r -> r.header("Authorization", "Bearer " + token);
    }

    /** A web session: its cookie, and the CSRF token that changes need. */
    record Session(String cookie, String csrf) implements Caller {
        @Override
        public void sign(HttpRequest.Builder request) {
            request.header("Cookie", "sextant_session=" + cookie + "; sextant-csrf=" + csrf);
            request.header("X-CSRF-Token", csrf);
        }
    }

    private PackagedServer(Path jar, Map<String, String> properties, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx1g",
                "-Dquarkus.http.port=0",
                "-Dsextant.pgwire.port=0"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("SEXTANT_ADMIN_PASSWORD");
        builder.environment().putAll(env);
        process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    output.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        port = awaitPort();
    }

    /** Starts the jar and waits until it listens (or fails the test with its output). */
    static PackagedServer start(Path jar, Map<String, String> properties, Map<String, String> env) throws IOException {
        assertThat(jar).as("the packaged server (./mvnw package)").exists();
        return new PackagedServer(jar, properties, env);
    }

    private int awaitPort() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            synchronized (output) {
                for (String line : output) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server ended with " + process.exitValue() + ":\n" + output());
            }
            sleep(100);
        }
        throw new AssertionError("the server did not start in 180 s:\n" + output());
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        output.add("---- SIGKILL ----");
        process.destroyForcibly();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** SIGTERM: a graceful shutdown; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("the server ended after SIGTERM")
                .isTrue();
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    Reply get(String path, String user) {
        return send("GET", path, user == null ? null : user(user), null, null);
    }

    Reply post(String path, String user, String json) {
        return send("POST", path, user(user), json, "application/json");
    }

    /** Signs in through the login endpoint, as the web UI does. */
    Session login(String user) {
        Reply r = send(
                "POST",
                "/api/v1/auth/login",
                null,
                "{\"user\":\"" + user + "\",\"password\":\"demo\"}",
                "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return new Session(cookie(r, "sextant_session"), cookie(r, "sextant-csrf"));
    }

    private static String cookie(Reply r, String name) {
        return r.cookies().stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.contains(";") ? c.indexOf(';') : c.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + r.cookies()));
    }

    Reply send(String method, String path, Caller caller, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (caller != null) {
            caller.sign(request);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(
                    response.statusCode(),
                    response.body(),
                    response.headers().allValues("set-cookie"),
                    start,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            return new Reply(-1, e.toString(), List.of(), start, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, e.toString(), List.of(), start, 0);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops the server if it runs, and keeps its output in target/packaged-server-{pid}.log. */
    @Override
    public void close() throws InterruptedException {
        try {
            java.nio.file.Files.writeString(Path.of("target", "packaged-server-" + process.pid() + ".log"), output());
        } catch (IOException e) {
            // the output is for reading after a failure only
        }
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
