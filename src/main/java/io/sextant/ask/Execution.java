package io.sextant.ask;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sextant.SextantException;
import io.sextant.access.Permissions;
import io.sextant.sql.Cancellation;
import io.sextant.sql.CheckedSql;
import io.sextant.sql.QueryResult;
import io.sextant.sql.SqlService;
import java.time.Duration;
import java.util.List;

/**
 * Runs a checked statement for an answer path and decides on its result: answer when confident
 * enough, with what the answer rests on (the warnings of the guard, the interpretation line, the
 * row policies that filtered it), or decline with why.
 */
final class Execution {

    private final SqlService sql;
    private final Permissions permissions;
    private final AskConfig config;

    /**
     * Rows of recent statements, by the SQL as the guard rendered it: that text carries the
     * asker's row policies and only what they may read, so equal text means equal rows for
     * whoever asks (each request is still checked by the guard first).
     */
    private final Cache<String, QueryResult> results;

    Execution(SqlService sql, Permissions permissions, AskConfig config) {
        this.sql = sql;
        this.permissions = permissions;
        this.config = config;
        this.results = Caffeine.newBuilder()
                .maximumSize(config.resultCacheTtl().isZero() ? 0 : config.resultCacheSize())
                .expireAfterWrite(config.resultCacheTtl().isZero() ? Duration.ofMillis(1) : config.resultCacheTtl())
                .build();
    }

    /**
     * The statement's rows, run once for all who ask for them at the same moment (an expired
     * entry is not a stampede of equal statements); a failure is not kept.
     */
    private QueryResult rows(CheckedSql checked) {
        return results.get(checked.target() + "\n" + checked.sql(), k -> sql.run(checked, new Cancellation()));
    }

    /** Runs the statement and decides on its rows. */
    Answer execute(
            AskContext c,
            CheckedSql checked,
            Confidence confidence,
            AnswerPath path,
            String verifiedName,
            String text) {
        QueryResult result;
        try {
            result = c.time("execute", () -> rows(checked));
        } catch (SextantException e) {
            return notRun(c, checked, confidence, path, verifiedName, e);
        }
        return answerFrom(c, checked, result, confidence, path, verifiedName, text);
    }

    /** Runs a statement without deciding (for comparing two statements' results). */
    QueryResult run(AskContext c, String stage, CheckedSql checked) {
        return c.time(stage, () -> rows(checked));
    }

    /** The statement failed on the warehouse: declined, with why. */
    Answer notRun(
            AskContext c,
            CheckedSql checked,
            Confidence confidence,
            AnswerPath path,
            String verifiedName,
            SextantException e) {
        confidence.lower(1, "running the SQL failed: " + e.getMessage());
        return c.declined(
                Decision.ABSTAIN,
                confidence.value(),
                confidence.reasons(),
                "I could not run the query for this question.",
                c.closestQuestions(),
                checked.sql(),
                path,
                verifiedName);
    }

    /** The decision on a statement's result: answer when confident enough, with the notes. */
    Answer answerFrom(
            AskContext c,
            CheckedSql checked,
            QueryResult result,
            Confidence confidence,
            AnswerPath path,
            String verifiedName,
            String text) {
        if (result.rows().isEmpty()) {
            confidence.lower(0.3, "the query returned no rows");
        }
        checked.warnings().forEach(confidence::note);
        if (c.plan != null && !c.plan.describe().isEmpty()) {
            confidence.note("read as: " + c.plan.describe());
        }
        List<String> filtered = checked.tables().stream()
                .filter(t -> permissions.rowFilter(c.principal, t).isPresent())
                .sorted()
                .toList();
        if (!filtered.isEmpty()) {
            confidence.note("computed on the rows you may see (row policy on " + String.join(", ", filtered)
                    + (c.principal.attributes().isEmpty() ? "" : "; your " + c.principal.attributes()) + ")");
        }
        boolean truncated = result.truncated() || result.rows().size() > config.maxRows();
        List<List<Object>> rows = result.rows()
                .subList(0, Math.min(config.maxRows(), result.rows().size()));
        Decision decision = confidence.value() >= config.answerThreshold() ? Decision.ANSWER : Decision.ABSTAIN;
        if (decision == Decision.ABSTAIN) {
            confidence.note("confidence below the answer threshold " + config.answerThreshold());
        }
        String summary = result.rows().size() == 1 && result.columns().size() == 1
                ? " The answer is " + result.rows().get(0).get(0) + "."
                : " " + result.rows().size() + (truncated ? "+" : "")
                        + (result.rows().size() == 1 ? " row." : " rows.");
        return c.fromRows(
                decision,
                confidence,
                decision == Decision.ANSWER ? text + summary : "I am not confident enough in this answer.",
                checked.sql(),
                result.columns(),
                decision == Decision.ANSWER ? rows : List.of(),
                truncated,
                path,
                verifiedName);
    }
}
