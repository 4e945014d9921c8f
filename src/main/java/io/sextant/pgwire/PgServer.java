package io.sextant.pgwire;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.sextant.access.Credentials;
import io.sextant.access.Directory;
import io.sextant.access.Permissions;
import io.sextant.audit.AuditLog;
import io.sextant.catalog.CatalogService;
import io.sextant.catalog.Warehouse;
import io.sextant.sql.SqlConfig;
import io.sextant.sql.SqlService;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The PostgreSQL protocol listener: BI tools, psql and every PostgreSQL driver connect here, sign
 * in as a Sextant user and run SQL that the guard checks as that user. Listens on its own port
 * on the Vert.x that Quarkus runs; TLS comes from a Quarkus TLS configuration.
 */
@ApplicationScoped
public class PgServer {

    private static final Logger LOG = Logger.getLogger(PgServer.class);

    private final Vertx vertx;
    private final PgWireConfig config;
    private final PgSession.Services services;
    private final Optional<TlsConfiguration> tls;
    private final Map<Integer, PgConnection> connections = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger nextProcessId = new AtomicInteger(1000 + new SecureRandom().nextInt(30_000));
    private volatile NetServer server;

    PgServer(
            Vertx vertx,
            PgWireConfig config,
            SqlConfig sqlConfig,
            Credentials credentials,
            Directory directory,
            Permissions permissions,
            SqlService sql,
            CatalogService catalogService,
            Warehouse warehouse,
            AuditLog audit,
            TlsConfigurationRegistry registry,
            io.micrometer.core.instrument.MeterRegistry metrics,
            io.sextant.access.RequestLimits limits) {
        this.vertx = vertx;
        this.config = config;
        this.tls = registry.get(config.tlsConfiguration());
        String database = config.database().orElseGet(warehouse::databaseName);
        this.services = new PgSession.Services(
                config,
                credentials,
                directory,
                permissions,
                sql,
                catalogService,
                audit,
                new PgCatalog(Duration.ofSeconds(10), (int) Math.min(100_000, sqlConfig.maxRows() * 100)),
                database,
                random,
                metrics,
                limits);
        metrics.gauge("sextant.pgwire.connections", connections, Map::size);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        NetServerOptions options = new NetServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setTcpNoDelay(true)
                .setIdleTimeout(0);
        tls.ifPresent(t -> {
            options.setKeyCertOptions(t.getKeyStoreOptions());
            options.setSsl(false);
        });
        NetServer created = vertx.createNetServer(options);
        created.connectHandler(socket -> {
            int processId = nextProcessId.incrementAndGet();
            if (connections.size() >= config.maxConnections()) {
                socket.write(new Messages()
                                .fatal(new PgError("53300", "sorry, too many clients already"))
                                .take())
                        .onComplete(x -> socket.close());
                return;
            }
            PgConnection connection = new PgConnection(socket, vertx.getOrCreateContext(), this, services, processId);
            connections.put(processId, connection);
            vertx.setTimer(config.authenticationTimeout().toMillis(), id -> {
                if (!connection.session().authenticated() && !connection.closed()) {
                    connection.close();
                }
            });
        });
        try {
            created.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "The PostgreSQL protocol listener cannot listen on " + config.host() + ":" + config.port() + ": "
                            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                            + " (set sextant.pgwire.port, or sextant.pgwire.enabled=false)",
                    e);
        }
        server = created;
        LOG.infof(
                "PostgreSQL protocol listening on %s:%d (database %s, TLS %s)",
                config.host(),
                created.actualPort(),
                services.database(),
                tls.isPresent() ? "available" : "not configured");
    }

    void stop(@Observes ShutdownEvent event) {
        NetServer s = server;
        if (s != null) {
            s.close();
        }
        connections.values().forEach(c -> {
            c.session().cancelRunning();
            c.close();
        });
        services.catalog().close();
    }

    /** The port the listener is bound to (useful when configured as 0), or -1 when it is off. */
    public int port() {
        NetServer s = server;
        return s == null ? -1 : s.actualPort();
    }

    boolean tlsAvailable() {
        return tls.isPresent();
    }

    /** A CancelRequest: stops the running statement of the session with this key, if any. */
    void cancel(int processId, int secret) {
        PgConnection connection = connections.get(processId);
        if (connection != null && connection.session().secret() == secret) {
            connection.session().cancelRunning();
        }
    }

    void closed(PgConnection connection) {
        connections.values().remove(connection);
    }
}
