package io.sextant.sql;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

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

    /**
     * How long after its timeout a statement the warehouse has not yet stopped is waited for;
     * then the caller gets {@code query-timeout} at once and the statement keeps its slot until
     * it ends.
     */
    @WithDefault("2s")
    Duration cancelGrace();

    /**
     * On SIGTERM, statements that run get this long to finish; then they are cancelled and their
     * callers told {@code server-stopping} (the HTTP server waits {@code quarkus.shutdown.timeout}
     * for answers, so keep this shorter).
     */
    @WithDefault("10s")
    Duration shutdownGrace();

    /** Ask the warehouse for its plan (EXPLAIN) before running, to warn about huge queries. */
    @WithDefault("true")
    boolean explain();

    /** Most bytes (roughly: characters of text, 8 per number) one result may hold. */
    @WithDefault("32M")
    MemorySize maxResultBytes();

    /** Most bytes one value of a result may hold. */
    @WithDefault("1M")
    MemorySize maxCellBytes();

    /** Statements that may run at once, over all users; more wait for {@link #queueTimeout()}. */
    @WithDefault("8")
    int maxConcurrent();

    /** Statements one user may run at once; more wait for {@link #queueTimeout()}. */
    @WithDefault("3")
    int maxConcurrentPerUser();

    /** How long a statement waits for a free slot before it is refused with 429/503. */
    @WithDefault("5s")
    Duration queueTimeout();

    /**
     * Most resident memory of the whole process (heap and native, e.g. DuckDB's); running
     * statements are cancelled when it passes the budget less {@link #memoryHeadroom()}. Unset: the
     * JVM's maximum heap plus 4 GB; 0 turns the watchdog off.
     */
    Optional<MemorySize> memoryBudget();

    /**
     * Room below the memory budget for what cancelled statements still allocate before they stop;
     * a headroom at or above the budget means half the budget.
     */
    @WithDefault("2G")
    MemorySize memoryHeadroom();

    /** Warn when the plan expects some step to produce more rows than this. */
    @WithDefault("50000000")
    long costWarningRows();
}
