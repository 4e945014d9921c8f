package io.sextant.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.SextantException;
import io.sextant.access.Principal;
import io.sextant.ask.Answer;
import io.sextant.ask.AskPipeline;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Map;

/**
 * Questions in business language: answered (with the SQL run, rows, citations), clarified with
 * options, or declined with reasons.
 */
@Path("/api/v1/ask")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AskResource {

    /** A question; send the conversationId of an earlier answer to ask a follow-up. */
    public record Request(String question, String conversationId) {}

    private final AskPipeline pipeline;
    private final Principals principals;
    private final ObjectMapper json;
    private final io.sextant.access.RequestLimits limits;

    AskResource(
            AskPipeline pipeline, Principals principals, ObjectMapper json, io.sextant.access.RequestLimits limits) {
        this.pipeline = pipeline;
        this.principals = principals;
        this.json = json;
        this.limits = limits;
    }

    @POST
    public Answer ask(Request request) {
        Principal principal = principals.current();
        limits.take(io.sextant.access.RequestLimits.Kind.ASK, principal.userId());
        return pipeline.ask(
                request == null ? null : request.question(),
                request == null ? null : request.conversationId(),
                principal);
    }

    /**
     * The same answer as server-sent events: {@code stage} events ({@code {"stage": "embed"}})
     * as each stage begins, then one {@code answer} event with the answer — or one {@code error}
     * event with the problem when the pipeline fails on the way (the client going away does not
     * stop the answer from being recorded). Invalid input is refused with its status before the
     * stream starts.
     */
    @POST
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> stream(Request request, @Context Sse sse) {
        Principal principal = principals.current();
        limits.take(io.sextant.access.RequestLimits.Kind.ASK, principal.userId());
        String question = request == null ? null : request.question();
        String conversationId = request == null ? null : request.conversationId();
        pipeline.checkInput(question, conversationId);
        return Multi.createFrom()
                .<OutboundSseEvent>emitter(events -> {
                    try {
                        Answer answer = pipeline.ask(
                                question,
                                conversationId,
                                principal,
                                stage -> events.emit(event(sse, "stage", Map.of("stage", stage))));
                        events.emit(event(sse, "answer", answer));
                    } catch (SextantException e) {
                        events.emit(event(sse, "error", ProblemMapper.problem(e)));
                    } catch (RuntimeException e) {
                        events.emit(event(sse, "error", ProblemMapper.unexpectedProblem(e)));
                    }
                    events.complete();
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private OutboundSseEvent event(Sse sse, String name, Object data) {
        try {
            return sse.newEventBuilder()
                    .name(name)
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(json.writeValueAsString(data))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer that cannot be written as JSON", e);
        }
    }
}
