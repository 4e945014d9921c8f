package io.sextant.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.SextantException;
import io.sextant.StorageConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse connection: introspection, row counts, read-only access, clear outage errors. */
class WarehouseTest {

    @TempDir
    Path dir;

    @Test
    void should_introspect_count_and_refuse_writes_on_duckdb() throws SQLException {
        Path file = dir.resolve("shop.duckdb");
        try (Connection c = io.sextant.DuckDbFiles.open(file);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (order_id BIGINT PRIMARY KEY, order_dt DATE NOT NULL, note VARCHAR)");
            s.execute("INSERT INTO orders VALUES (1, DATE '2025-01-01', NULL), (2, DATE '2025-01-02', 'x')");
        }
        Warehouse warehouse = warehouse("jdbc:duckdb:" + file, null);
        try {
            WarehouseSchema schema = warehouse.introspect();

            assertThat(schema.schema()).isEqualTo("main");
            WarehouseSchema.Table orders = schema.table("ORDERS").orElseThrow();
            assertThat(orders.columns())
                    .extracting(WarehouseSchema.Column::name)
                    .containsExactly("order_id", "order_dt", "note");
            assertThat(orders.column("order_dt").orElseThrow().nullable()).isFalse();
            assertThat(orders.primaryKey()).containsExactly("order_id");
            assertThat(warehouse.rowCount("main", "orders")).isEqualTo(2);
            try (Connection c = warehouse.connect();
                    Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("DELETE FROM orders")).isInstanceOf(SQLException.class);
            }
            assertThat(warehouse.rowCount("main", "orders")).isEqualTo(2);
        } finally {
            warehouse.close();
        }
    }

    @Test
    void should_explain_a_missing_warehouse_instead_of_failing_obscurely() {
        Warehouse warehouse = warehouse("jdbc:duckdb:" + dir.resolve("missing.duckdb"), null);

        assertThat(warehouse.ping()).isFalse();
        assertThatThrownBy(warehouse::introspect)
                .isInstanceOfSatisfying(
                        SextantException.class, e -> assertThat(e.code()).isEqualTo("warehouse-unavailable"))
                .hasMessageContaining("does not exist");
    }

    @Test
    void should_hide_passwords_in_the_url_it_shows() {
        Warehouse warehouse = warehouse("jdbc:postgresql://db:5432/dw?user=bi&password=s3cret&ssl=true", null);

        assertThat(warehouse.displayUrl())
                .doesNotContain("s3cret")
                .contains("password=***")
                .contains("ssl=true");
        assertThat(warehouse.kind()).isEqualTo("postgresql");
        assertThat(warehouse.schema()).isEqualTo("public");
    }

    static Warehouse warehouse(String url, String schema) {
        WarehouseConfig config = new WarehouseConfig() {
            @Override
            public Optional<String> url() {
                return Optional.of(url);
            }

            @Override
            public Optional<String> username() {
                return Optional.ofNullable(System.getenv().getOrDefault("SEXTANT_TEST_PG_USER", "postgres"));
            }

            @Override
            public Optional<String> password() {
                return Optional.ofNullable(System.getenv("SEXTANT_TEST_PG_PASSWORD"));
            }

            @Override
            public Optional<String> schema() {
                return Optional.ofNullable(schema);
            }

            @Override
            public String duckdbMemoryLimit() {
                return "512MB";
            }

            @Override
            public int duckdbThreads() {
                return 1;
            }

            @Override
            public Duration probeTimeout() {
                return Duration.ofSeconds(5);
            }
        };
        StorageConfig storage = () -> Path.of("unused");
        return new Warehouse(config, storage);
    }
}
