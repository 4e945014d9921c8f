package io.sextant.api;

import io.sextant.access.Principal;
import io.sextant.ask.Answer;
import io.sextant.ask.AskPipeline;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

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

    AskResource(AskPipeline pipeline, Principals principals) {
        this.pipeline = pipeline;
        this.principals = principals;
    }

    @POST
    public Answer ask(Request request) {
        Principal principal = principals.current();
        return pipeline.ask(
                request == null ? null : request.question(),
                request == null ? null : request.conversationId(),
                principal);
    }
}
