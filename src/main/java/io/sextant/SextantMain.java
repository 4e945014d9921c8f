package io.sextant;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.sextant.access.Credentials;
import io.sextant.access.UsersCommand;
import io.sextant.curation.ChangeGate;
import io.sextant.eval.AskEval;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The server, or a command that runs in this process and exits: {@code eval} runs an evaluation
 * suite through the real pipeline, {@code eval gate} compares a proposed change of the verified
 * queries or the semantic model against the current ones on a suite, {@code users add [--admin]
 * NAME} creates a user.
 *
 * <pre>
 * java -jar target/quarkus-app/quarkus-run.jar eval --suite eval/ask/acme.yaml
 * java -jar target/quarkus-app/quarkus-run.jar eval gate --suite eval/ask/acme.yaml --queries proposed.yaml
 * java -jar target/quarkus-app/quarkus-run.jar users add --admin alice
 * </pre>
 *
 * In production the server refuses to start while no admin can sign in.
 */
@QuarkusMain
public class SextantMain implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(SextantMain.class);

    @Inject
    AskEval eval;

    @Inject
    UsersCommand users;

    @Inject
    ChangeGate gate;

    @Inject
    Credentials credentials;

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("users")) {
            // A command, not a server: no HTTP listener (the server may be running on the port).
            System.setProperty("quarkus.http.host-enabled", "false");
        }
        if (args.length > 0) {
            // Commands never listen for PostgreSQL protocol clients (the server may hold the port).
            System.setProperty("sextant.pgwire.enabled", "false");
        }
        Quarkus.run(SextantMain.class, args);
    }

    @Override
    public int run(String... args) throws Exception {
        if (args.length > 1 && args[0].equals("eval") && args[1].equals("gate")) {
            return gate.run(List.of(args).subList(2, args.length), System.out);
        }
        if (args.length > 0 && args[0].equals("eval")) {
            return eval.run(List.of(args).subList(1, args.length));
        }
        if (args.length > 0 && args[0].equals("users")) {
            return users.run(List.of(args).subList(1, args.length), System.out);
        }
        if (LaunchMode.current() == LaunchMode.NORMAL && !credentials.adminExists()) {
            LOG.error("No admin can sign in, so nobody could manage this server; it stops. Create the first admin"
                    + " with 'java -jar quarkus-run.jar users add --admin NAME' (password from"
                    + " $SEXTANT_USER_PASSWORD or the terminal), or start once with SEXTANT_ADMIN_PASSWORD set.");
            return 1;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
