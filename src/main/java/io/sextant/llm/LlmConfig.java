package io.sextant.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which language model Sextant talks to. */
@ConfigMapping(prefix = "sextant.llm")
public interface LlmConfig {

    /** The providers this version can use. */
    enum Provider {
        /** No model: verified queries, extractive document answers and honest abstention only. */
        NONE
    }

    /** The LLM provider. */
    @WithDefault("none")
    Provider provider();
}
