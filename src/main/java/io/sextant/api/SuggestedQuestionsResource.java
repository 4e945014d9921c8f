package io.sextant.api;

import io.sextant.curation.Curator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The onboarding questions the caller may ask (their SQL reads only what the caller may read). */
@Path("/api/v1/suggested-questions")
public class SuggestedQuestionsResource {

    private final Curator curator;
    private final Principals principals;

    SuggestedQuestionsResource(Curator curator, Principals principals) {
        this.curator = curator;
        this.principals = principals;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<String> list() {
        return curator.onboarding(principals.current());
    }
}
