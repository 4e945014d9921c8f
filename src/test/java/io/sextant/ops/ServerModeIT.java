package io.sextant.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.sextant.PostgresTestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server mode as users scale it out: two packaged servers (production profile, app state and the
 * chunk index in PostgreSQL) on one database share users, sessions, tokens, verified queries,
 * feedback, conversations, audit and documents; the second reaches PostgreSQL through a relay
 * the test can cut, as when the database server stops while requests run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerModeIT {

    static final String DATABASE = "sextant_server_mode_it";

    @TempDir
    static Path dataA;

    @TempDir
    static Path dataB;

    static TcpProxy relay;
    static PackagedServer a;
    static PackagedServer b;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DATABASE);
        }
        URI pg = URI.create(PostgresTestDatabase.url().substring("jdbc:".length()));
        relay = new TcpProxy(pg.getPort() < 0 ? 5432 : pg.getPort());
        a = PackagedServer.start(PackagedServer.SERVER_MODE, properties(dataA), database(pg.getPort()));
        b = PackagedServer.start(PackagedServer.SERVER_MODE, properties(dataB), database(relay.port()));
    }

    private static Map<String, String> properties(Path data) {
        return Map.of(
                "sextant.data-dir", data.toString(),
                "sextant.index.kind", "postgresql",
                // the relay's outage must not wait out pgjdbc's default ten-second connect timeout
                "quarkus.datasource.jdbc.acquisition-timeout", "3s");
    }

    private static Map<String, String> database(int port) {
        return Map.of(
                "SEXTANT_DB_URL", "jdbc:postgresql://127.0.0.1:" + (port < 0 ? 5432 : port) + "/" + DATABASE,
                "SEXTANT_DB_USER", PostgresTestDatabase.user(),
                "SEXTANT_DB_PASSWORD", PostgresTestDatabase.password());
    }

    @AfterAll
    static void stop() throws Exception {
        for (PackagedServer server : new PackagedServer[] {a, b}) {
            if (server != null) {
                server.close();
            }
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    @Order(1)
    void should_report_the_index_in_postgresql() {
        for (PackagedServer server : List.of(a, b)) {
            JsonPath info = json(server.get("/api/v1/info", "ada"), 200);
            assertThat(info.getString("storageMode")).isEqualTo("server");
            assertThat(info.getString("appDatabase")).isEqualTo("postgresql");
            assertThat(info.getString("index.kind")).isEqualTo("postgresql");
        }
    }

    @Test
    @Order(2)
    void should_share_users_sessions_and_tokens_at_once() {
        json(
                a.post(
                        "/api/v1/admin/users",
                        "ada",
                        "{\"id\":\"zoe\",\"displayName\":\"Zoe\",\"groups\":[\"analysts\"],\"password\":\"zoe-password-1\"}"),
                201);
        assertThat(b.get("/api/v1/me", "zoe:zoe-password-1").status()).isEqualTo(200);

        // a session opened on one instance is good on the other, and a sign-out ends it on both
        PackagedServer.Session noah = a.login("noah");
        assertThat(b.send("GET", "/api/v1/me", noah, null, null).status()).isEqualTo(200);
        assertThat(a.send("POST", "/api/v1/auth/logout", noah, null, null).status())
                .isLessThan(300);
        assertThat(b.send("GET", "/api/v1/me", noah, null, null).status()).isEqualTo(401);

        // an API token made through one instance works on the other until revoked there
        PackagedServer.Session elena = b.login("elena");
        JsonPath token = json(
                b.send("POST", "/api/v1/me/tokens", elena, "{\"name\":\"two-instances\"}", "application/json"), 201);
        PackagedServer.Caller bearer = PackagedServer.bearer(token.getString("token"));
        assertThat(a.send("GET", "/api/v1/me", bearer, null, null).status()).isEqualTo(200);
        assertThat(a.send("DELETE", "/api/v1/me/tokens/" + token.getString("info.id"), a.login("elena"), null, null)
                        .status())
                .isLessThan(300);
        assertThat(b.send("GET", "/api/v1/me", bearer, null, null).status()).isEqualTo(401);

        // disabled on one, refused on the other
        json(a.post("/api/v1/admin/users/zoe/disable", "ada", "{}"), 200);
        assertThat(b.get("/api/v1/me", "zoe:zoe-password-1").status()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void should_share_verified_queries_feedback_conversations_and_audit() {
        json(
                a.post(
                        "/api/v1/admin/verified-queries",
                        "ada",
                        "{\"name\":\"orders_two_instances\",\"question\":\"How many orders were placed across both instances?\","
                                + "\"sql\":\"SELECT count(*) AS orders FROM orders\",\"verified\":true}"),
                201);
        // the other instance answers with it (it follows the store's shared version)
        JsonPath answer = eventually(
                () -> json(
                        b.post(
                                "/api/v1/ask",
                                "noah",
                                "{\"question\":\"How many orders were placed across both instances?\"}"),
                        200),
                j -> "orders_two_instances".equals(j.getString("verifiedQuery")));
        assertThat(answer.getString("decision")).isEqualTo("ANSWER");

        // feedback on that answer through the first instance; the conversation read through it too
        json(
                a.post(
                        "/api/v1/feedback",
                        "noah",
                        "{\"requestId\":\"" + answer.getString("requestId") + "\",\"rating\":\"up\"}"),
                201);
        assertThat(json(b.get("/api/v1/admin/feedback", "ada"), 200).getList("requestId"))
                .contains(answer.getString("requestId"));
        assertThat(a.get("/api/v1/conversations/" + answer.getString("conversationId"), "noah")
                        .status())
                .isEqualTo(200);

        // the audit log of either instance holds the other's events
        JsonPath audit = json(a.get("/api/v1/admin/audit?user=noah&kind=ask&limit=200", "ada"), 200);
        assertThat(audit.getList("events.question")).contains("How many orders were placed across both instances?");
    }

    @Test
    @Order(4)
    void should_share_the_document_index() {
        String body =
                "# Parking policy\n\nVisitors to the Lisbon office park in the marigold garage on level minus two.";
        json(
                a.send(
                        "PUT",
                        "/api/v1/admin/documents/parking.md?group=everyone",
                        PackagedServer.user("ada"),
                        body,
                        "text/markdown"),
                200);
        JsonPath found = json(b.post("/api/v1/search", "noah", "{\"query\":\"marigold garage visitors\"}"), 200);
        assertThat(found.getList("results.documentId")).first().isEqualTo("parking.md");
    }

    @Test
    @Order(5)
    void should_fail_fast_while_postgresql_is_down_and_resume_by_itself() throws Exception {
        assertThat(b.get("/q/health/ready", null).status()).isEqualTo(200);
        List<PackagedServer.Reply> during = Collections.synchronizedList(new ArrayList<>());
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        Clients clients = Clients.start(3, (client, i) -> {
            String name = "outage_" + client + "_" + i;
            PackagedServer.Reply created = b.post(
                    "/api/v1/admin/verified-queries",
                    "ada",
                    "{\"name\":\"" + name + "\",\"question\":\"Draft " + name
                            + " of the outage?\",\"sql\":\"SELECT count(*) AS n FROM orders\"}");
            if (created.status() == 201) {
                acknowledged.add(name);
            }
            during.add(created);
            during.add(b.post("/api/v1/search", "noah", "{\"query\":\"parking garage\"}"));
            PackagedServer.sleep(50);
        });
        int before;
        long cut;
        long outageEnd;
        try {
            PackagedServer.sleep(2_000);
            before = acknowledged.size();
            relay.cut();
            cut = System.nanoTime();
            assertThat(readiness(b, 503, 20))
                    .as("readiness DOWN while PostgreSQL is away")
                    .isTrue();
            PackagedServer.sleep(8_000);
            outageEnd = System.nanoTime();
            relay.restore();
            assertThat(readiness(b, 200, 60))
                    .as("readiness UP again once PostgreSQL is back")
                    .isTrue();
            PackagedServer.sleep(3_000);
        } finally {
            relay.restore();
            clients.stop(90);
        }

        // while it was away (from a second after the cut): answers, fast, saying what is wrong
        // (no hanging thread, no 500)
        List<PackagedServer.Reply> outage;
        synchronized (during) {
            outage = during.stream()
                    .filter(r -> r.sent() > cut + 1_000_000_000L && r.sent() + r.millis() * 1_000_000 < outageEnd)
                    .toList();
        }
        // (each of the three clients waits about 2 s per answer: a handful in 7 s)
        assertThat(outage).hasSizeGreaterThanOrEqualTo(3);
        assertThat(outage).allSatisfy(r -> {
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.body()).contains("unavailable");
            assertThat(r.millis()).isLessThan(10_000);
        });
        // after: served again, and every change it acknowledged is there
        assertThat(acknowledged.size()).isGreaterThan(before);
        assertThat(b.post("/api/v1/search", "noah", "{\"query\":\"parking garage\"}")
                        .status())
                .isEqualTo(200);
        List<String> stored = json(a.get("/api/v1/admin/verified-queries?search=outage", "ada"), 200)
                .getList("name");
        assertThat(stored).containsAll(acknowledged);
    }

    /** Waits up to {@code seconds} for readiness to answer {@code status}. */
    private static boolean readiness(PackagedServer server, int status, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (server.get("/q/health/ready", null).status() == status) {
                return true;
            }
            PackagedServer.sleep(200);
        }
        return false;
    }

    static JsonPath json(PackagedServer.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        return JsonPath.from(reply.body());
    }

    static <T> T eventually(Supplier<T> call, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        T value = call.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            PackagedServer.sleep(200);
            value = call.get();
        }
        assertThat(done.test(value)).as("within 10 s: " + value).isTrue();
        return value;
    }
}
