package io.sextant.llm;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import io.sextant.SextantException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The one language model Sextant uses, or none. Knows whether the model answered lately, so the
 * pipeline can say it is running degraded instead of failing.
 */
@ApplicationScoped
public class Llm {

    private static final Logger LOG = Logger.getLogger(Llm.class);

    private final ChatModel model;
    private final String description;
    private volatile Instant lastFailure;
    private volatile String lastError;

    @Inject
    Llm(LlmConfig config) {
        this(chatModel(config), describe(config));
    }

    /** The model a configuration names (for tools that run outside the server). */
    public static Llm create(LlmConfig config) {
        return new Llm(config);
    }

    /** A wrapper around a given model (tests pass a scripted one); null means no model. */
    public Llm(ChatModel model, String description) {
        this.model = model;
        this.description = description;
        if (model != null) {
            LOG.infof("Language model: %s", description);
        }
    }

    /** True when a model is configured (it may still be down). */
    public boolean configured() {
        return model != null;
    }

    /** The provider and model, for status pages and audit rows. */
    public String description() {
        return description;
    }

    /** The last failure, if the last call failed. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastFailure == null ? null : lastError);
    }

    /**
     * Sends a system and a user message and returns the reply.
     *
     * @throws SextantException {@code llm-not-configured} or {@code llm-unavailable}
     */
    public ModelReply chat(String system, String user) {
        if (model == null) {
            throw new SextantException(
                    SextantException.Kind.UNAVAILABLE, "llm-not-configured", "No language model is configured.");
        }
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null && !system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        messages.add(UserMessage.from(user));
        long start = System.nanoTime();
        try {
            ChatResponse response = model.chat(messages);
            long millis = (System.nanoTime() - start) / 1_000_000;
            io.micrometer.core.instrument.Metrics.timer("sextant.llm.calls", "outcome", "ok")
                    .record(java.time.Duration.ofMillis(millis));
            TokenUsage usage = response.tokenUsage();
            lastFailure = null;
            String text =
                    response.aiMessage() == null ? "" : response.aiMessage().text();
            return new ModelReply(
                    text == null ? "" : text,
                    usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                    usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount(),
                    millis);
        } catch (RuntimeException e) {
            io.micrometer.core.instrument.Metrics.timer("sextant.llm.calls", "outcome", "failed")
                    .record(java.time.Duration.ofNanos(System.nanoTime() - start));
            lastFailure = Instant.now();
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warnf("The language model failed: %s", lastError);
            throw new SextantException(
                    SextantException.Kind.UNAVAILABLE,
                    "llm-unavailable",
                    "The language model (" + description + ") did not answer: " + e.getMessage(),
                    e);
        }
    }

    private static ChatModel chatModel(LlmConfig config) {
        return switch (config.provider()) {
            case NONE -> null;
            case OPENAI ->
                OpenAiChatModel.builder()
                        .baseUrl(config.baseUrl())
                        .apiKey(config.apiKey().orElse("none"))
                        .modelName(config.model())
                        .temperature(config.temperature())
                        .timeout(config.timeout())
                        .maxRetries(config.maxRetries())
                        .build();
            case OLLAMA ->
                OllamaChatModel.builder()
                        .baseUrl(ollamaUrl(config.baseUrl()))
                        .modelName(config.model())
                        .temperature(config.temperature())
                        .timeout(config.timeout())
                        .maxRetries(config.maxRetries())
                        .build();
        };
    }

    /** Ollama's native API lives at the server root; accept the /v1 URL of its OpenAI API too. */
    static String ollamaUrl(String baseUrl) {
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return url.endsWith("/v1") ? url.substring(0, url.length() - 3) : url;
    }

    private static String describe(LlmConfig config) {
        return config.provider() == LlmConfig.Provider.NONE
                ? "none"
                : config.provider().name().toLowerCase(java.util.Locale.ROOT) + " " + config.model() + " at "
                        + config.baseUrl();
    }
}
