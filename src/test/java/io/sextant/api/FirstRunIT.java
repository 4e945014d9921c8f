package io.sextant.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first start of the packaged server on a user's own warehouse: with no admin it refuses to
 * start and says how to create one; {@code users add --admin} or {@code SEXTANT_ADMIN_PASSWORD}
 * creates one, who can then sign in.
 */
class FirstRunIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    @TempDir
    Path data;

    /** A process of the packaged jar with its combined output. */
    record Run(Process process, List<String> output) {}

    private Run start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dquarkus.http.port=0",
                "-Dsextant.pgwire.port=0",
                "-Dsextant.data-dir=" + data,
                "-Dsextant.warehouse.url=jdbc:h2:mem:warehouse",
                "-Dsextant.catalog.semantic-model=" + data.resolve("none.yaml"),
                "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("SEXTANT_ADMIN_PASSWORD");
        builder.environment().putAll(env);
        Process process = builder.start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
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
        return new Run(process, output);
    }

    private static int exitCode(Run run) throws InterruptedException {
        assertThat(run.process().waitFor(120, TimeUnit.SECONDS))
                .as("process ended")
                .isTrue();
        return run.process().exitValue();
    }

    private static int port(Run run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            synchronized (run.output()) {
                for (String line : run.output()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
            }
            if (!run.process().isAlive()) {
                throw new AssertionError("the server stopped: " + String.join("\n", run.output()));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not start: " + String.join("\n", run.output()));
    }

    private static HttpResponse<String> me(int port, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/me"))
                            .header("Authorization", "Basic " + basic)
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void should_refuse_to_start_without_an_admin_and_start_once_one_is_added() throws Exception {
        assertThat(Files.exists(JAR)).as("packaged jar").isTrue();

        Run refused = start(Map.of());
        assertThat(exitCode(refused)).isEqualTo(1);
        assertThat(String.join("\n", refused.output())).contains("users add --admin");

        Run add = start(Map.of("SEXTANT_USER_PASSWORD", "first admin password"), "users", "add", "--admin", "root");
        assertThat(exitCode(add)).as(String.join("\n", add.output())).isZero();
        assertThat(String.join("\n", add.output())).contains("Admin root can sign in now");

        Run server = start(Map.of());
        try {
            int port = port(server);
            HttpResponse<String> me = me(port, "root", "first admin password");
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).contains("\"admin\":true");
            assertThat(me(port, "root", "wrong").statusCode()).isEqualTo(401);
        } finally {
            server.process().destroy();
            server.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_create_the_first_admin_from_the_environment() throws Exception {
        Run server = start(Map.of("SEXTANT_ADMIN_PASSWORD", "from the environment"));
        try {
            int port = port(server);
            assertThat(me(port, "admin", "from the environment").statusCode()).isEqualTo(200);
        } finally {
            server.process().destroy();
            server.process().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
