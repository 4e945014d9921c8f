package io.sextant;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.sextant.eval.AskEval;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The server, or with {@code eval} as first argument the evaluation runner, which runs a suite
 * through the real pipeline in this process and exits:
 *
 * <pre>java -jar target/quarkus-app/quarkus-run.jar eval --suite eval/ask/acme.yaml</pre>
 */
@QuarkusMain
public class SextantMain implements QuarkusApplication {

    @Inject
    AskEval eval;

    @Override
    public int run(String... args) throws Exception {
        if (args.length > 0 && args[0].equals("eval")) {
            return eval.run(List.of(args).subList(1, args.length));
        }
        Quarkus.waitForExit();
        return 0;
    }
}
