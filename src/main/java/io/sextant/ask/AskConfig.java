package io.sextant.ask;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Thresholds of the ask pipeline. Similarities are cosines of the in-process embedding model;
 * the evaluation runner can fit them on one suite and report another.
 */
@ConfigMapping(prefix = "sextant.ask")
public interface AskConfig {

    /**
     * Cosine from which the closest verified question, when its plan differs, is named as the
     * near miss in the reasons (and the closer a verified match, the higher its confidence).
     */
    @WithDefault("0.80")
    double verifiedThreshold();

    /**
     * Cosine from which a verified query is compared with the question by plan (equal: the
     * verified path; a near miss its SQL can be edited into: the planned path) and shown to the
     * model as an example.
     */
    @WithDefault("0.55")
    double exampleThreshold();

    /** Cosine a passage needs to answer from documents a question that names nothing in the data. */
    @WithDefault("0.62")
    double documentThreshold();

    /** Cosine a passage needs to answer from documents a question that also names data. */
    @WithDefault("0.70")
    double documentOverDataThreshold();

    /** Confidence below which Sextant abstains instead of answering. */
    @WithDefault("0.5")
    double answerThreshold();

    /** Link strengths closer than this make a phrase ambiguous. */
    @WithDefault("0.15")
    double clarifyMargin();

    /** Repairs after the SQL guard refuses generated SQL. */
    @WithDefault("2")
    int maxRepairs();

    /** Rows an answer carries (the SQL's own cap is sextant.sql.max-rows). */
    @WithDefault("200")
    int maxRows();

    /** Longest question accepted, in characters. */
    @WithDefault("2000")
    int maxQuestionLength();

    /**
     * The date relative periods ("last quarter", "this year") are read against; unset: the
     * server's date. Set it to evaluate a suite or test against a fixed clock.
     */
    Optional<java.time.LocalDate> today();

    /**
     * How long the rows of an answer's statement are reused for the same statement (the SQL as
     * the guard rendered it for the asker, row policies included); 0s: never. Answers may be this
     * much older than the warehouse.
     */
    @WithDefault("60s")
    java.time.Duration resultCacheTtl();

    /** Most statements whose rows are kept for reuse. */
    @WithDefault("1000")
    int resultCacheSize();
}
