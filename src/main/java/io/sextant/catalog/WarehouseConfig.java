package io.sextant.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Which warehouse the SQL runs on. */
@ConfigMapping(prefix = "sextant.warehouse")
public interface WarehouseConfig {

    /** JDBC URL of the warehouse; unset means the embedded Acme demo warehouse (DuckDB). */
    Optional<String> url();

    /** User name for the warehouse connection. */
    Optional<String> username();

    /** Password for the warehouse connection. */
    Optional<String> password();

    /** Schema to introspect; unset means main for DuckDB, public for PostgreSQL, else the default. */
    Optional<String> schema();

    /** Longest a health probe or an introspection query may take. */
    @WithDefault("10s")
    Duration probeTimeout();

    /**
     * DuckDB warehouses: most memory DuckDB may take for queries (outside the JVM heap); beyond
     * it a query fails instead of growing the process.
     */
    @WithDefault("1GB")
    String duckdbMemoryLimit();

    /** DuckDB warehouses: threads one query may use. */
    @WithDefault("2")
    int duckdbThreads();
}
