package io.sextant.ask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small OpenAI-compatible chat server for tests: it answers POST /v1/chat/completions with the
 * replies a test scripts, in order, and records the prompts it received. It is not a language
 * model; it only lets the real client code path run.
 */
public class OpenAiStub implements QuarkusTestResourceLifecycleManager {

    public static final Queue<String> REPLIES = new ConcurrentLinkedQueue<>();
    public static final List<String> PROMPTS = new CopyOnWriteArrayList<>();
    public static volatile boolean down;

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;

    /** Forgets earlier scripts and prompts and brings the server up. */
    public static void reset(String... replies) {
        REPLIES.clear();
        PROMPTS.clear();
        down = false;
        REPLIES.addAll(List.of(replies));
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            StringBuilder prompt = new StringBuilder();
            request.path("messages")
                    .forEach(m -> prompt.append(m.path("content").asText()).append('\n'));
            PROMPTS.add(prompt.toString());
            String reply = REPLIES.poll();
            byte[] body;
            int status;
            if (down || reply == null) {
                status = 503;
                body = "{\"error\":{\"message\":\"unavailable\",\"type\":\"server_error\"}}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                ObjectNode response = JSON.createObjectNode();
                response.put("id", "chatcmpl-" + PROMPTS.size());
                response.put("object", "chat.completion");
                response.put("created", 0);
                response.put("model", "stub");
                ObjectNode choice = response.putArray("choices").addObject();
                choice.put("index", 0);
                choice.putObject("message").put("role", "assistant").put("content", reply);
                choice.put("finish_reason", "stop");
                response.putObject("usage")
                        .put("prompt_tokens", prompt.length() / 4)
                        .put("completion_tokens", reply.length() / 4)
                        .put("total_tokens", (prompt.length() + reply.length()) / 4);
                body = JSON.writeValueAsBytes(response);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of(
                "sextant.llm.provider", "openai",
                "sextant.llm.base-url",
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "sextant.llm.model", "stub",
                "sextant.llm.max-retries", "0",
                "sextant.llm.timeout", "10s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
