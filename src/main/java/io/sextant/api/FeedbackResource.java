package io.sextant.api;

import io.sextant.SextantException;
import io.sextant.curation.FeedbackStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A user rates an answer they received: thumbs up or down, a comment, the SQL that would be right. */
@Path("/api/v1/feedback")
public class FeedbackResource {

    /** The rating of the answer with this request id. */
    public record Rating(String requestId, String rating, String comment, String correctedSql) {}

    private final FeedbackStore feedback;
    private final Principals principals;

    FeedbackResource(FeedbackStore feedback, Principals principals) {
        this.feedback = feedback;
        this.principals = principals;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response rate(Rating rating) {
        if (rating == null || rating.requestId() == null || rating.requestId().isBlank()) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT,
                    "invalid-input",
                    "A JSON body with requestId and rating is needed.");
        }
        FeedbackStore.Feedback stored = feedback.rate(
                rating.requestId(),
                principals.current().userId(),
                rating.rating(),
                rating.comment(),
                rating.correctedSql());
        return Response.status(Response.Status.CREATED).entity(stored).build();
    }
}
