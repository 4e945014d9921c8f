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
        Map<String, Long> timings) {

    /** A passage an answer rests on. */
    public record Citation(int number, String chunkId, String documentId, String title, String snippet) {}

    /** The same answer with these stage timings. */
    Answer withTimings(Map<String, Long> stages) {
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
                stages);
    }

    public Answer {
        reasons = List.copyOf(reasons);
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        suggestions = List.copyOf(suggestions);
        citations = List.copyOf(citations);
        timings = Map.copyOf(timings);
    }
}
