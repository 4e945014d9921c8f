package io.sextant.pgwire;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The PostgreSQL protocol endpoint for BI tools and SQL clients. */
@ConfigMapping(prefix = "sextant.pgwire")
public interface PgWireConfig {

    /** Listen for PostgreSQL protocol clients. */
    @WithDefault("true")
    boolean enabled();

    /** Port of the listener (PostgreSQL's own is 5432; 5433 leaves it free). */
    @WithDefault("5433")
    int port();

    /** Address to bind; loopback unless clients on other machines should connect. */
    @WithDefault("127.0.0.1")
    String host();

    /**
     * Name of the Quarkus TLS configuration ({@code quarkus.tls.NAME.key-store...}) whose
     * certificate answers SSLRequest; without one, clients asking for TLS are told it is off.
     */
    @WithDefault("pgwire")
    String tlsConfiguration();

    /**
     * Refuse clients that are not on loopback unless they use TLS (their password would cross
     * the network in clear otherwise). Turn off only behind a TLS-terminating proxy.
     */
    @WithDefault("true")
    boolean tlsRequiredForRemote();

    /**
     * The database name clients connect to; by default the warehouse's (the demo's is {@code
     * acme}). Any other name is refused.
     */
    Optional<String> database();

    /** Largest message a signed-in client may send (a statement with its parameters). */
    @WithDefault("16M")
    MemorySize maxMessageSize();

    /** How long a client may take from connecting to finishing authentication. */
    @WithDefault("30s")
    Duration authenticationTimeout();

    /** Most connections at once; more are refused with SQLSTATE 53300. */
    @WithDefault("200")
    int maxConnections();
}
