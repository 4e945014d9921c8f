package io.sextant.ops;

import static io.sextant.ops.ServerModeIT.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server in embedded mode (app state in H2, the index in Lucene, under one data
 * directory) killed with SIGKILL while it writes: after a restart every change it acknowledged
 * is there and nothing half-written is visible.
 */
class CrashIT {

    @TempDir
    Path data;

    private PackagedServer start() throws Exception {
        return PackagedServer.start(
                PackagedServer.EMBEDDED,
                Map.of(
                        "sextant.data-dir",
                        data.toString(),
                        "sextant.ingest.allowed-roots",
                        data.toString(),
                        "sextant.sql.shutdown-grace",
                        "3s",
                        "sextant.sql.statement-timeout",
                        "60s"),
                Map.of());
    }

    /** Runs {@code write} from three clients until {@code count} writes were acknowledged, then SIGKILL. */
    private static List<String> killDuring(PackagedServer server, int count, Writer write) throws Exception {
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        Clients clients = Clients.start(3, (client, i) -> {
            String name = "c" + client + "_" + i;
            if (write.write(server, name)) {
                acknowledged.add(name);
            }
        });
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (acknowledged.size() < count && System.nanoTime() < deadline) {
            PackagedServer.sleep(20);
        }
        server.kill();
        clients.stop(30);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(count);
        return new ArrayList<>(acknowledged);
    }

    interface Writer {
        /** One write; true when the server acknowledged it. */
        boolean write(PackagedServer server, String name);
    }

    @Test
    void should_keep_every_acknowledged_verified_query_change_and_audit_entry() throws Exception {
        List<String> queries;
        List<String> statements;
        try (PackagedServer server = start()) {
            queries = killDuring(
                    server,
                    30,
                    (s, name) -> s.post(
                                            "/api/v1/admin/verified-queries",
                                            "ada",
                                            "{\"name\":\"crash_" + name + "\",\"question\":\"Crash draft " + name
                                                    + "?\",\"sql\":\"SELECT count(*) AS n FROM orders\"}")
                                    .status()
                            == 201);
        }
        try (PackagedServer server = start()) {
            statements = killDuring(
                    server,
                    60,
                    (s, name) -> s.post(
                                            "/api/v1/sql/execute",
                                            "noah",
                                            "{\"sql\":\"SELECT '" + name + "' AS marker, count(*) FROM regions\"}")
                                    .status()
                            == 200);
        }
        try (PackagedServer server = start()) {
            List<Map<String, Object>> stored = json(
                            server.get("/api/v1/admin/verified-queries?search=crash", "ada"), 200)
                    .getList("");
            List<String> names =
                    stored.stream().map(q -> (String) q.get("name")).toList();
            assertThat(names)
                    .containsAll(queries.stream().map(n -> "crash_" + n).toList());
            // nothing half-written: every stored draft has its question and SQL
            assertThat(stored).allSatisfy(q -> {
                assertThat((String) q.get("question")).startsWith("Crash draft ");
                assertThat((String) q.get("sql")).isEqualTo("SELECT count(*) AS n FROM orders");
            });
            String audit = server.get("/api/v1/admin/audit/export?user=noah&kind=sql.execute", "ada")
                    .body();
            for (String name : statements) {
                assertThat(audit)
                        .as("audit entry of acknowledged statement " + name)
                        .contains("'" + name + "'");
            }
        }
    }

    @Test
    void should_keep_acknowledged_documents_and_resume_a_bulk_ingestion_after_sigkill() throws Exception {
        Path folder = Files.createDirectories(data.resolve("incoming"));
        for (int i = 0; i < 400; i++) {
            StringBuilder text = new StringBuilder("# Crash handbook " + i + "\n\n");
            for (int p = 0; p < 6; p++) {
                text.append("## Section ")
                        .append(p)
                        .append("\n\nProcedure ")
                        .append(i)
                        .append('.')
                        .append(p)
                        .append(" covers the warehouse badge reader, the loading dock and the quarterly audit of ")
                        .append("the spare parts inventory in building ")
                        .append(i % 7)
                        .append(".\n\n");
            }
            Files.writeString(folder.resolve("handbook-" + i + ".md"), text, StandardCharsets.UTF_8);
        }
        List<String> documents;
        try (PackagedServer server = start()) {
            documents = killDuring(
                    server,
                    20,
                    (s, name) -> s.send(
                                            "PUT",
                                            "/api/v1/admin/documents/crash-" + name + ".md?group=everyone",
                                            PackagedServer.user("ada"),
                                            "# Crash note " + name + "\n\nThe crash note " + name
                                                    + " is about the night shift rota.",
                                            "text/markdown")
                                    .status()
                            == 200);
        }
        try (PackagedServer server = start()) {
            Thread bulk = Thread.ofVirtual()
                    .start(() -> server.post(
                            "/api/v1/admin/documents/bulk",
                            "ada",
                            "{\"path\":\"" + folder + "\",\"groups\":[\"everyone\"]}"));
            // kill it while the bulk ingestion runs
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!server.output().contains("Bulk ingestion: ") && System.nanoTime() < deadline) {
                PackagedServer.sleep(50);
            }
            assertThat(server.output()).contains("Bulk ingestion: ");
            server.kill();
            bulk.join(30_000);
        }
        try (PackagedServer server = start()) {
            List<String> ids =
                    json(server.get("/api/v1/admin/documents", "ada"), 200).getList("id");
            assertThat(ids)
                    .containsAll(
                            documents.stream().map(n -> "crash-" + n + ".md").toList());
            // resumed: the rest is ingested and what was there is skipped
            JsonPath report = json(
                    server.post(
                            "/api/v1/admin/documents/bulk",
                            "ada",
                            "{\"path\":\"" + folder + "\",\"groups\":[\"everyone\"]}"),
                    200);
            assertThat(report.getInt("failed")).isZero();
            assertThat(report.getInt("ingested") + report.getInt("unchanged")).isEqualTo(400);
            assertThat(report.getInt("unchanged")).isPositive();
            // and no document is half there: each handbook is found whole
            JsonPath found = json(
                    server.post("/api/v1/search", "noah", "{\"query\":\"Procedure 399.5 badge reader\",\"k\":3}"), 200);
            assertThat(found.getList("results.documentId")).contains("handbook-399.md");
        }
    }

    @Test
    void should_answer_or_cancel_what_runs_when_stopped_with_sigterm() throws Exception {
        try (PackagedServer server = start()) {
            PackagedServer.Reply[] longRunning = new PackagedServer.Reply[1];
            Thread client = Thread.ofVirtual()
                    .start(
                            () -> longRunning[0] = server.post(
                                    "/api/v1/sql/execute",
                                    "ada",
                                    "{\"sql\":\"SELECT count(*) FROM order_items a, order_items b WHERE a.amt_rev1 * b.qty > a.qty\"}"));
            PackagedServer.sleep(1_500);
            long stop = System.nanoTime();
            int exit = server.stop();
            long seconds = (System.nanoTime() - stop) / 1_000_000_000L;
            client.join(30_000);
            // the statement in flight got an answer (cancelled after the shutdown grace), not a
            // dropped connection
            assertThat(longRunning[0].status()).as(longRunning[0].body()).isEqualTo(503);
            assertThat(longRunning[0].body()).contains("server-stopping");
            assertThat(exit).isIn(0, 143);
            assertThat(seconds).isLessThan(30);
        }
    }
}
