package io.sextant.sql;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits of the SQL guard and of query execution. */
@ConfigMapping(prefix = "sextant.sql")
public interface SqlConfig {

    /** Most rows a statement returns; the guard adds or lowers its LIMIT. */
    @WithDefault("1000")
    long maxRows();

    /** Longest statement accepted, in characters. */
    @WithDefault("100000")
    int maxLength();

    /** Longest a statement may run before it is cancelled. */
    @WithDefault("30s")
    Duration statementTimeout();

    /** Ask the warehouse for its plan (EXPLAIN) before running, to warn about huge queries. */
    @WithDefault("true")
    boolean explain();

    /** Warn when the plan expects some step to produce more rows than this. */
    @WithDefault("50000000")
    long costWarningRows();
}
