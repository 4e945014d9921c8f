package io.sextant.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Which language model Sextant talks to, and how. */
@ConfigMapping(prefix = "sextant.llm")
public interface LlmConfig {

    /** The providers this version can use. */
    enum Provider {
        /** No model: verified queries, extractive document answers and honest abstention only. */
        NONE,
        /** Any OpenAI-compatible chat API: OpenAI, vLLM, Ollama's /v1, llama.cpp server, LM Studio. */
        OPENAI,
        /** Ollama's native API (the base URL's /v1 suffix, if any, is dropped). */
        OLLAMA
    }

    /** The LLM provider. */
    @WithDefault("none")
    Provider provider();

    /** Base URL of the API (OpenAI-compatible, or the Ollama server). */
    @WithDefault("http://localhost:11434/v1")
    String baseUrl();

    /** API key, if the server wants one. */
    Optional<String> apiKey();

    /** Model name at the API. */
    @WithDefault("qwen2.5-coder:7b")
    String model();

    /** Longest one model call may take. */
    @WithDefault("60s")
    Duration timeout();

    /** Retries of a failed call (with backoff). */
    @WithDefault("2")
    int maxRetries();

    /** Sampling temperature; 0 for the most repeatable SQL. */
    @WithDefault("0")
    double temperature();

    /** Directory whose prompt files replace the shipped ones of the same name. */
    Optional<Path> promptsDir();
}
