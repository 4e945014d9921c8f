package io.sextant.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.sextant.SextantException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API embedder against a small OpenAI-compatible stub started here, so the real client code
 * path (HTTP, JSON, batching, errors) runs. The stub's vectors are a function of the text.
 */
class ApiEmbedderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer stub;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/v1/embeddings", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            ObjectNode response = JSON.createObjectNode()
                    .put("object", "list")
                    .put("model", request.path("model").asText());
            ArrayNode data = response.putArray("data");
            int i = 0;
            for (JsonNode input : request.path("input")) {
                ArrayNode vector = data.addObject()
                        .put("object", "embedding")
                        .put("index", i++)
                        .putArray("embedding");
                String text = input.asText();
                vector.add(text.length())
                        .add(text.chars().filter(c -> c == 'e').count())
                        .add(1);
            }
            response.putObject("usage").put("prompt_tokens", 1).put("total_tokens", 1);
            byte[] body = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    private ApiEmbedder embedder(int maxRetries) {
        return new ApiEmbedder(
                "http://127.0.0.1:" + stub.getAddress().getPort() + "/v1",
                null,
                "stub-model",
                2,
                Duration.ofSeconds(3),
                maxRetries);
    }

    @Test
    void should_embed_in_order_and_in_batches() {
        ApiEmbedder embedder = embedder(0);

        List<float[]> vectors = embedder.embed(List.of("a", "bee", "cheese", "d", "eee"));

        assertThat(vectors).extracting(v -> v[0]).containsExactly(1f, 3f, 6f, 1f, 3f);
        assertThat(vectors).extracting(v -> v[1]).containsExactly(0f, 2f, 3f, 0f, 3f);
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).path("model").asText()).isEqualTo("stub-model");
        assertThat(embedder.dimension()).isEqualTo(3);
        assertThat(embedder.modelName()).isEqualTo("api:stub-model");
    }

    @Test
    void should_report_an_outage_clearly() {
        ApiEmbedder embedder = embedder(0);
        stub.stop(0);

        assertThatThrownBy(() -> embedder.embed(List.of("anything")))
                .isInstanceOfSatisfying(SextantException.class, e -> {
                    assertThat(e.code()).isEqualTo("embedding-unavailable");
                    assertThat(e.kind()).isEqualTo(SextantException.Kind.UNAVAILABLE);
                });
    }

    @Test
    void should_feed_ingestion_and_search_end_to_end(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ApiEmbedder embedder = embedder(0);
        try (LuceneChunkIndex index = new LuceneChunkIndex(dir)) {
            index.bindModel(embedder.modelName(), embedder.dimension());
            float[] vector = embedder.embed(List.of("cheese")).get(0);
            index.replace(new IndexedDocument.WithChunks(
                    new IndexedDocument(
                            "d",
                            IndexedDocument.DOCUMENTS,
                            "D",
                            null,
                            java.util.Set.of(),
                            null,
                            io.sextant.access.Acl.everyone(),
                            "h"),
                    List.of(new IndexedDocument.Chunk(0, null, "cheese", vector))));

            List<Candidate> found = index.vector(
                    embedder.embedQuery("cheese"), java.util.Set.of("group:everyone"), SearchFilters.documents(), 1);

            assertThat(found).extracting(Candidate::chunkId).containsExactly("d#0");
            assertThat(new String(
                            JSON.valueToTree(requests.get(0)).toString().getBytes(StandardCharsets.UTF_8),
                            StandardCharsets.UTF_8))
                    .contains("dimension probe");
        }
    }
}
