package io.sextant.api;

import io.sextant.SextantException;
import io.sextant.ask.History;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The caller's own conversations; nobody else's are visible, not even to admins. */
@Path("/api/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
public class ConversationResource {

    private final History history;
    private final Principals principals;

    ConversationResource(History history, Principals principals) {
        this.history = history;
        this.principals = principals;
    }

    @GET
    public List<History.Conversation> list(@QueryParam("limit") Integer limit) {
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > 500) {
            throw new SextantException(SextantException.Kind.INVALID_INPUT, "invalid-limit", "limit is 1-500");
        }
        return history.conversations(principals.userId(), n);
    }

    /** The turns of one of the caller's conversations; 404 for anyone else's. */
    @GET
    @Path("/{id}")
    public List<History.StoredTurn> get(@PathParam("id") String id) {
        List<History.StoredTurn> turns = id.length() > 36 ? List.of() : history.conversation(id, principals.userId());
        if (turns.isEmpty()) {
            throw new SextantException(
                    SextantException.Kind.NOT_FOUND, "conversation-not-found", "You have no such conversation");
        }
        return turns;
    }
}
