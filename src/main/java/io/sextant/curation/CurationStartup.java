package io.sextant.curation;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sextant.catalog.CatalogService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * At start the semantic model's verified queries that are not stored yet are imported; then every
 * verified query is checked again after each model reload (seen within half a minute) and on the
 * configured schedule. A check that fails marks the query stale. Changes made by other instances
 * on the same app database are followed within about five seconds.
 */
@ApplicationScoped
class CurationStartup {

    private static final Logger LOG = Logger.getLogger(CurationStartup.class);

    private final CatalogService catalog;
    private final VerifiedQueryStore store;
    private final Curator curator;
    private final io.sextant.sql.SqlService sql;
    private final CurationConfig config;
    private ScheduledExecutorService timer;
    private volatile Object seen;
    private volatile long lastRun;

    CurationStartup(
            CatalogService catalog,
            VerifiedQueryStore store,
            Curator curator,
            io.sextant.sql.SqlService sql,
            CurationConfig config) {
        this.catalog = catalog;
        this.sql = sql;
        this.store = store;
        this.curator = curator;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        CatalogService.Snapshot snapshot = catalog.current();
        seen = snapshot;
        lastRun = System.nanoTime();
        if (snapshot != null) {
            snapshot.model().ifPresent(model -> {
                int added = store.importModel(model);
                if (added > 0) {
                    LOG.infof("Imported %d verified queries of the semantic model", added);
                }
            });
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sextant-curation");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 30, 30, TimeUnit.SECONDS);
        // Other instances sharing the app database (server mode) curate too: follow them.
        timer.scheduleWithFixedDelay(this::follow, 1, 1, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void follow() {
        try {
            store.followOtherInstances();
        } catch (RuntimeException e) {
            LOG.debugf("Checking the verified queries' version failed: %s", e.getMessage());
        }
    }

    private void tick() {
        try {
            CatalogService.Snapshot snapshot = catalog.current();
            boolean reloaded = snapshot != seen;
            boolean due =
                    System.nanoTime() - lastRun >= config.revalidateEvery().toNanos();
            boolean schemaChanged = schemaChanged();
            if (!reloaded && !due && !schemaChanged) {
                return;
            }
            seen = snapshot;
            lastRun = System.nanoTime();
            if (snapshot != null) {
                snapshot.model().ifPresent(store::importModel);
            }
            long stale =
                    curator.revalidate().stream().filter(Curator.Check::stale).count();
            LOG.infof(
                    "Verified queries checked%s: %d stale",
                    reloaded ? " after a model reload" : schemaChanged ? " after a warehouse schema change" : "",
                    stale);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Checking the verified queries failed; trying again later");
        }
    }

    /** Whether the warehouse's tables or columns changed since last looked at (an outage is no change). */
    private boolean schemaChanged() {
        try {
            return sql.refreshSchema();
        } catch (io.sextant.SextantException e) {
            return false;
        }
    }
}
