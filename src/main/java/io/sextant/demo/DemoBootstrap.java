package io.sextant.demo;

import io.quarkus.runtime.StartupEvent;
import io.sextant.StorageConfig;
import io.sextant.access.Credentials;
import io.sextant.access.Directory;
import io.sextant.catalog.WarehouseConfig;
import io.sextant.ingest.IngestService;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * Makes sure the Acme demo exists when Sextant runs without a configured warehouse: generated on
 * the first start, kept as it is on every later one, and generated again only when asked to.
 */
@ApplicationScoped
class DemoBootstrap {

    private static final Logger LOG = Logger.getLogger(DemoBootstrap.class);

    private final DemoConfig demo;
    private final WarehouseConfig warehouse;
    private final StorageConfig storage;
    private final Directory directory;
    private final IngestService ingest;
    private final Credentials credentials;

    /** The password of every demo user. */
    static final String DEMO_PASSWORD = "demo";

    DemoBootstrap(
            DemoConfig demo,
            WarehouseConfig warehouse,
            StorageConfig storage,
            Directory directory,
            IngestService ingest,
            Credentials credentials) {
        this.ingest = ingest;
        this.credentials = credentials;
        this.demo = demo;
        this.warehouse = warehouse;
        this.storage = storage;
        this.directory = directory;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        if (!demo.enabled() || warehouse.url().isPresent()) {
            LOG.debug("The Acme demo is off: a warehouse is configured or sextant.demo.enabled is false");
            return;
        }
        DemoInstaller.Result result =
                new DemoInstaller(storage.dataDir()).ensure(demo.seed(), demo.orders(), demo.regenerate());
        if (result.outcome() == DemoInstaller.Outcome.PRESENT) {
            LOG.infof(
                    "Acme demo in place (generated %s with seed %d)",
                    result.manifest().generatedAt(), result.manifest().seed());
        }
        if (result.outcome() == DemoInstaller.Outcome.GENERATED || directory.userCount() == 0) {
            directory.upsert(AcmeUsers.GROUPS, AcmeUsers.USERS);
            LOG.infof(
                    "Demo users in place: %s",
                    AcmeUsers.USERS.stream().map(u -> u.id()).toList());
        }
        // The demo's people sign in with the password "demo" (a warning is logged while it lasts);
        // demo users from before passwords existed get it too.
        AcmeUsers.USERS.forEach(u -> directory
                .account(u.id())
                .filter(a -> !a.hasPassword())
                .ifPresent(a -> credentials.setPassword(a.id(), DEMO_PASSWORD, true)));
        // Unchanged documents are skipped without embedding, so this is cheap after the first start.
        try {
            ingest.ingestFolder(storage.dataDir().resolve(DemoInstaller.DOCUMENTS_DIR), null);
        } catch (RuntimeException | LinkageError e) {
            LOG.errorf(e, "Indexing the demo documents failed; search serves what the index holds");
        }
    }
}
