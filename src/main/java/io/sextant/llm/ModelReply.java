package io.sextant.llm;

/**
 * What the model said, and what it cost.
 *
 * @param text the reply text
 * @param inputTokens prompt tokens the server reported, or 0
 * @param outputTokens reply tokens the server reported, or 0
 * @param millis time the call took
 */
public record ModelReply(String text, int inputTokens, int outputTokens, long millis) {}
