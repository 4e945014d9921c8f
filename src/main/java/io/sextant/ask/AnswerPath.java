package io.sextant.ask;

/** Which way an answer was produced. */
public enum AnswerPath {
    /** The SQL of a verified query, checked by the guard. */
    VERIFIED,
    /**
     * A verified query's SQL adapted to the question where their plans differ (another period,
     * value, grain or limit), checked by the guard.
     */
    PLANNED,
    /** SQL the language model wrote, checked by the guard. */
    GENERATED,
    /** Passages of documents, quoted. */
    EXTRACTIVE,
    /** The language model's answer from document passages, with citations. */
    DOCUMENT,
    /** No answer was produced. */
    NONE
}
