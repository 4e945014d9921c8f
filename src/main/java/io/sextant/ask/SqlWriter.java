package io.sextant.ask;

import io.sextant.SextantException;
import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.catalog.SemanticModel;
import io.sextant.llm.Llm;
import io.sextant.llm.ModelReply;
import io.sextant.llm.Prompts;
import io.sextant.sql.CheckedSql;
import io.sextant.sql.GuardError;
import io.sextant.sql.SqlCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The generation stage: ONE model call that writes SQL (or asks to clarify, or declines) from a
 * prompt context, then at most {@code maxRepairs} calls that feed the SQL guard's errors back.
 * It counts tokens, model time and the prompt versions used.
 */
public final class SqlWriter {

    /** How writing ended. */
    public enum Outcome {
        /** The guard accepted the SQL. */
        ACCEPTED,
        /** The model says the question is ambiguous. */
        CLARIFY,
        /** The model says the schema cannot answer it. */
        UNANSWERABLE,
        /** The model's reply held no SQL. */
        UNREADABLE,
        /** The SQL needs a table or column the principal may not read. */
        DENIED,
        /** The guard still refused the SQL after the last repair. */
        REFUSED,
        /** The model did not answer. */
        MODEL_DOWN
    }

    /** What the generation prompt holds. */
    public record Request(
            String dialect, String schema, String definitions, String examples, String conversation, String question) {}

    /** The result, with what it cost. */
    public record Draft(
            Outcome outcome,
            CheckedSql checked,
            String message,
            List<String> options,
            int repairs,
            List<GuardError> errors,
            SextantException failure,
            int inputTokens,
            int outputTokens,
            long modelMillis,
            long guardMillis,
            Map<String, String> promptVersions) {}

    private final Llm llm;
    private final Prompts prompts;
    private final int maxRepairs;

    public SqlWriter(Llm llm, Prompts prompts, int maxRepairs) {
        this.llm = llm;
        this.prompts = prompts;
        this.maxRepairs = maxRepairs;
    }

    /**
     * A generation request for a question over a semantic model with no examples, documents or
     * conversation: the linked tables with the columns the principal may read, joins and
     * definitions (for evaluation adapters that run outside the server).
     */
    public static Request request(
            SemanticModel model, Permissions permissions, Principal principal, String question, String dialect) {
        SchemaLinker.Linked linked = new SchemaLinker(model, permissions).link(question, principal, 0.15);
        PromptContext context = new PromptContext(model, linked, principal, permissions);
        return new Request(dialect, context.schema(), context.definitions(), "(none)", "(none)", question);
    }

    /** Writes SQL for the request; {@code guard} checks a statement as the asking principal. */
    public Draft write(Request request, Function<String, SqlCheck> guard) {
        Run run = new Run();
        Prompts.Template generation = prompts.get("sql-generation");
        run.versions.put(generation.name(), generation.version());
        ModelAnswer reply;
        try {
            reply = run.call(generation.render(Map.of(
                    "dialect", request.dialect(),
                    "schema", request.schema(),
                    "definitions", request.definitions(),
                    "examples", request.examples(),
                    "conversation", request.conversation(),
                    "question", request.question())));
        } catch (SextantException e) {
            return run.draft(Outcome.MODEL_DOWN, null, e.getMessage(), List.of(), 0, List.of(), e);
        }
        int repairs = 0;
        while (true) {
            switch (reply.kind()) {
                case CLARIFY -> {
                    return run.draft(Outcome.CLARIFY, null, reply.message(), reply.options(), repairs, List.of(), null);
                }
                case UNANSWERABLE -> {
                    return run.draft(Outcome.UNANSWERABLE, null, reply.message(), List.of(), repairs, List.of(), null);
                }
                case UNREADABLE -> {
                    return run.draft(Outcome.UNREADABLE, null, reply.message(), List.of(), repairs, List.of(), null);
                }
                case SQL -> {
                    long start = System.nanoTime();
                    SqlCheck check = guard.apply(reply.sql());
                    run.guardMillis += (System.nanoTime() - start) / 1_000_000;
                    if (check.accepted()) {
                        return run.draft(Outcome.ACCEPTED, check.checked(), null, List.of(), repairs, List.of(), null);
                    }
                    if (check.errors().stream().anyMatch(GuardError::denial)) {
                        return run.draft(Outcome.DENIED, null, null, List.of(), repairs, check.errors(), null);
                    }
                    if (repairs >= maxRepairs) {
                        return run.draft(Outcome.REFUSED, null, null, List.of(), repairs, check.errors(), null);
                    }
                    repairs++;
                    Prompts.Template repair = prompts.get("sql-repair");
                    run.versions.put(repair.name(), repair.version());
                    try {
                        reply = run.call(repair.render(Map.of(
                                "schema",
                                request.schema(),
                                "question",
                                request.question(),
                                "sql",
                                reply.sql(),
                                "errors",
                                String.join(
                                        "\n",
                                        check.errors().stream()
                                                .map(GuardError::describe)
                                                .toList()))));
                    } catch (SextantException e) {
                        return run.draft(Outcome.MODEL_DOWN, null, e.getMessage(), List.of(), repairs, List.of(), e);
                    }
                }
            }
        }
    }

    /** The counters of one write. */
    private final class Run {
        final Map<String, String> versions = new LinkedHashMap<>();
        int inputTokens;
        int outputTokens;
        long modelMillis;
        long guardMillis;

        ModelAnswer call(String prompt) {
            long start = System.nanoTime();
            try {
                ModelReply reply = llm.chat(null, prompt);
                inputTokens += reply.inputTokens();
                outputTokens += reply.outputTokens();
                return ModelAnswer.parse(reply.text());
            } finally {
                modelMillis += (System.nanoTime() - start) / 1_000_000;
            }
        }

        Draft draft(
                Outcome outcome,
                CheckedSql checked,
                String message,
                List<String> options,
                int repairs,
                List<GuardError> errors,
                SextantException failure) {
            return new Draft(
                    outcome,
                    checked,
                    message,
                    options,
                    repairs,
                    errors,
                    failure,
                    inputTokens,
                    outputTokens,
                    modelMillis,
                    guardMillis,
                    Map.copyOf(versions));
        }
    }
}
