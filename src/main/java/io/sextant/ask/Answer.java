package io.sextant.ask;

import io.sextant.sql.QueryResult;
import java.util.List;
import java.util.Map;

/**
 * The response to one question.
 *
 * @param requestId identifies the audit row
 * @param conversationId the conversation the question belongs to (send it with follow-ups)
 * @param confidence 0..1, from explicit signals (see {@link Confidence})
 * @param reasons why Sextant decided as it did, in plain words
 * @param text the answer, clarification or abstention message
 * @param sql the SQL as run (after the guard), or null
 * @param rows at most {@code sextant.ask.max-rows}; {@code truncated} says whether more exist
 * @param suggestions follow-up questions, clarification options or close verified questions
 * @param verifiedQuery the name of the verified query used, or null
 * @param timings milliseconds per stage
 */
public record Answer(
        String requestId,
        String conversationId,
        Decision decision,
        double confidence,
        List<String> reasons,
        String text,
        String sql,
        List<QueryResult.Column> columns,
        List<List<Object>> rows,
        boolean truncated,
        List<String> suggestions,
        List<Citation> citations,
        AnswerPath path,
        String verifiedQuery,
        Map<String, Long> timings,
        Usage usage) {

    /** Tokens the language model read and wrote for this answer (zero without a model). */
    public record Usage(int inputTokens, int outputTokens) {

        public static final Usage NONE = new Usage(0, 0);
    }

    /** An answer that used no model tokens (yet). */
    public Answer(
            String requestId,
            String conversationId,
            Decision decision,
            double confidence,
            List<String> reasons,
            String text,
            String sql,
            List<QueryResult.Column> columns,
            List<List<Object>> rows,
            boolean truncated,
            List<String> suggestions,
            List<Citation> citations,
            AnswerPath path,
            String verifiedQuery,
            Map<String, Long> timings) {
        this(
                requestId,
                conversationId,
                decision,
                confidence,
                reasons,
                text,
                sql,
                columns,
                rows,
                truncated,
                suggestions,
                citations,
                path,
                verifiedQuery,
                timings,
                Usage.NONE);
    }

    /** A passage an answer rests on. */
    public record Citation(int number, String chunkId, String documentId, String title, String snippet) {}

    /** The same answer with these stage timings and token counts. */
    Answer with(Map<String, Long> stages, Usage tokens) {
        return new Answer(
                requestId,
                conversationId,
                decision,
                confidence,
                reasons,
                text,
                sql,
                columns,
                rows,
                truncated,
                suggestions,
                citations,
                path,
                verifiedQuery,
                stages,
                tokens);
    }

    public Answer {
        reasons = List.copyOf(reasons);
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        suggestions = List.copyOf(suggestions);
        citations = List.copyOf(citations);
        timings = Map.copyOf(timings);
        usage = usage == null ? Usage.NONE : usage;
    }
}
