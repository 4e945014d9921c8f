package io.sextant.ask;

/** What Sextant does with a question. */
public enum Decision {
    /** An answer it is confident in. */
    ANSWER,
    /** The question can mean several things; the options say which. */
    CLARIFY,
    /** No answer: out of scope, not permitted, or not confident enough. The reasons say why. */
    ABSTAIN
}
