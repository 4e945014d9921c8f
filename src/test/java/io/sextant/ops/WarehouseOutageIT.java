package io.sextant.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.PostgresTestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server on a PostgreSQL warehouse that goes away while it runs: readiness DOWN,
 * statements refused at once with 503 {@code warehouse-unavailable}, the rest of the server
 * (sign-in, health, the audit) still serving, and queries answered again by themselves once the
 * warehouse is back.
 */
class WarehouseOutageIT {

    static final String DATABASE = "sextant_warehouse_outage_it";

    @TempDir
    Path data;

    @Test
    void should_refuse_fast_while_the_warehouse_is_down_and_resume_by_itself() throws Exception {
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DATABASE);
        }
        URI pg = URI.create(PostgresTestDatabase.url().substring("jdbc:".length()));
        String direct =
                "jdbc:postgresql://" + pg.getHost() + ":" + (pg.getPort() < 0 ? 5432 : pg.getPort()) + "/" + DATABASE;
        try (Connection c = java.sql.DriverManager.getConnection(
                        direct, PostgresTestDatabase.user(), PostgresTestDatabase.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE shipments (shipment_id int PRIMARY KEY, carrier text NOT NULL)");
            s.execute("INSERT INTO shipments SELECT g, 'carrier ' || (g % 5) FROM generate_series(1, 200) g");
        }
        try (TcpProxy relay = new TcpProxy(pg.getPort() < 0 ? 5432 : pg.getPort());
                PackagedServer server = PackagedServer.start(
                        PackagedServer.EMBEDDED,
                        Map.of(
                                "sextant.data-dir", data.toString(),
                                "sextant.warehouse.url", "jdbc:postgresql://127.0.0.1:" + relay.port() + "/" + DATABASE,
                                "sextant.warehouse.username", PostgresTestDatabase.user(),
                                "sextant.warehouse.password", PostgresTestDatabase.password(),
                                "sextant.catalog.semantic-model",
                                        data.resolve("none.yaml").toString(),
                                // and with the logs a collector reads
                                "quarkus.log.console.json.enabled", "true"),
                        Map.of("SEXTANT_ADMIN_PASSWORD", "outage-admin-1"))) {
            String admin = "admin:outage-admin-1";
            String count = "{\"sql\":\"SELECT count(*) AS n FROM shipments\"}";
            PackagedServer.Reply first = server.post("/api/v1/sql/execute", admin, count);
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(warehouseHealth(server)).isEqualTo("UP");

            relay.cut();
            List<PackagedServer.Reply> during = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                during.add(server.post("/api/v1/sql/execute", admin, count));
            }
            assertThat(during).allSatisfy(r -> {
                assertThat(r.status()).as(r.body()).isEqualTo(503);
                assertThat(r.body()).contains("warehouse-unavailable");
                assertThat(r.millis()).isLessThan(10_000);
            });
            assertThat(warehouseHealth(server)).isEqualTo("DOWN");
            // the rest of the server serves on
            assertThat(server.get("/api/v1/me", admin).status()).isEqualTo(200);
            assertThat(server.get("/q/health/live", null).status()).isEqualTo(200);

            relay.restore();
            PackagedServer.Reply after = server.post("/api/v1/sql/execute", admin, count);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (after.status() != 200 && System.nanoTime() < deadline) {
                PackagedServer.sleep(250);
                after = server.post("/api/v1/sql/execute", admin, count);
            }
            assertThat(after.status()).as(after.body()).isEqualTo(200);
            assertThat(after.body()).contains("200");
            assertThat(warehouseHealth(server)).isEqualTo("UP");
            // the logs were JSON lines, one record each, the outage among them
            List<String> records =
                    server.output().lines().filter(l -> l.startsWith("{")).toList();
            assertThat(records).isNotEmpty();
            assertThat(records)
                    .allSatisfy(l -> assertThat(
                                    io.restassured.path.json.JsonPath.from(l).getString("level"))
                            .isNotBlank());
            // every attempt, refused ones too, is in the audit log (audited before it runs)
            String audit = server.get("/api/v1/admin/audit/export?kind=sql.execute", admin)
                    .body();
            assertThat(audit.split("\"sql.execute\"", -1).length - 1).isGreaterThanOrEqualTo(12);
        }
    }

    /** The warehouse check of readiness (the model check is DOWN here: the server runs without a model). */
    private static String warehouseHealth(PackagedServer server) {
        return io.restassured.path.json.JsonPath.from(
                        server.get("/q/health/ready", null).body())
                .getString("checks.find { it.name == 'warehouse' }.status");
    }
}
