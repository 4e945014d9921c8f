package io.sextant.ask;

import io.sextant.sql.GuardError;
import io.sextant.sql.SqlCheck;
import io.sextant.sql.SqlService;
import java.util.ArrayList;
import java.util.List;

/**
 * The verified path: a question whose plan equals a verified question's plan is answered by that
 * query, run for the asking user (the guard applies their permissions and row policies).
 */
final class VerifiedPath {

    /** How many visible verified queries a question considers at most. */
    private static final int MAX_VISIBLE = 5;

    private final SqlService sql;
    private final Execution execution;
    private final AskConfig config;

    VerifiedPath(SqlService sql, Execution execution, AskConfig config) {
        this.sql = sql;
        this.execution = execution;
        this.config = config;
    }

    /**
     * The ranked matches whose SQL the principal may run (the guard decides; a query refused for
     * another reason than a denial stays visible, so it can be reported), best first. Each
     * verdict is kept in the context for {@link #answer}.
     */
    List<VerifiedQueries.Match> visible(AskContext c, List<VerifiedQueries.Match> ranked) {
        List<VerifiedQueries.Match> visible = new ArrayList<>();
        for (VerifiedQueries.Match m : ranked) {
            if (visible.size() >= MAX_VISIBLE || m.cosine() < config.exampleThreshold() - 0.2) {
                break;
            }
            SqlCheck check = sql.checkTrusted(m.query().sql(), c.principal);
            c.verifiedChecks.put(m.query().name(), check);
            boolean denied = check.errors().stream().anyMatch(GuardError::denial);
            if (check.accepted() || !denied) {
                visible.add(m);
            }
        }
        return visible;
    }

    /** The verified query's rows for this user, or an abstention when it no longer passes the guard. */
    Answer answer(AskContext c, VerifiedQueries.Match match) {
        Confidence confidence = Confidence.verified(match.query().name(), match.cosine(), config.verifiedThreshold());
        SqlCheck check = c.verifiedChecks.get(match.query().name());
        if (!check.accepted()) {
            return c.abstain(
                    List.of("the verified query no longer passes the SQL guard"),
                    "I can't run the verified query for this question.",
                    List.of());
        }
        c.sourceSql = match.query().sql();
        return execution.execute(
                c,
                check.checked(),
                confidence,
                AnswerPath.VERIFIED,
                match.query().name(),
                "From the verified query \"" + match.query().question() + "\" (verified by "
                        + match.query().verifiedBy() + ").");
    }
}
