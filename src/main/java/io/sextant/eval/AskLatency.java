package io.sextant.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.Yaml;

/**
 * Measures what the ask pipeline adds to the model's own time: asks every question of an ask
 * suite (paraphrases, abstentions, documents) of a running server and reports p50/p95 of the
 * total minus the model call, and of each stage.
 *
 * <pre>./mvnw -q compile exec:java@ask-latency -Dexec.args="--url http://localhost:8080 --rounds 3"</pre>
 *
 * It signs in as the suite's user with HTTP Basic ({@code --password}, default the demo's).
 */
public final class AskLatency {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AskLatency() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = options.getOrDefault("url", "http://localhost:8080");
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        Map<String, Object> suite = new Yaml()
                .load(Files.readString(Path.of(options.getOrDefault("suite", "eval/ask/acme-embedded.yaml"))));
        String user = (String) suite.get("user");
        String authorization = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((user + ":" + options.getOrDefault("password", "demo"))
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> questions = new ArrayList<>();
        ((List<Map<String, String>>) suite.get("paraphrases")).forEach(p -> questions.add(p.get("question")));
        questions.addAll((List<String>) suite.get("abstain"));
        ((List<Map<String, String>>) suite.get("documents")).forEach(d -> questions.add(d.get("question")));

        HttpClient client = HttpClient.newHttpClient();
        List<Long> withoutModel = new ArrayList<>();
        Map<String, List<Long>> stages = new TreeMap<>();
        for (String q : questions) {
            post(client, url, authorization, q); // warm-up
        }
        for (int r = 0; r < rounds; r++) {
            for (String q : questions) {
                JsonNode timings = post(client, url, authorization, q).path("timings");
                long total = timings.path("total").asLong();
                withoutModel.add(total - timings.path("model").asLong(0));
                timings.fields()
                        .forEachRemaining(e -> stages.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                .add(e.getValue().asLong()));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%d answers (%d questions x %d rounds), pipeline without the model: p50 %d ms, p95 %d ms, max %d ms%n",
                withoutModel.size(),
                questions.size(),
                rounds,
                AskEval.percentile(withoutModel, 50),
                AskEval.percentile(withoutModel, 95),
                AskEval.percentile(withoutModel, 100));
        stages.forEach((stage, values) -> System.out.printf(
                Locale.ROOT,
                "  %-10s p50 %4d ms  p95 %4d ms  (%d)%n",
                stage,
                AskEval.percentile(values, 50),
                AskEval.percentile(values, 95),
                values.size()));
    }

    private static JsonNode post(HttpClient client, String url, String authorization, String question)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/ask"))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("question", question))))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "HTTP " + response.statusCode() + " for " + question + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
