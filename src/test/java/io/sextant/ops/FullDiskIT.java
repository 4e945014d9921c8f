package io.sextant.ops;

import static io.sextant.ops.ServerModeIT.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data directory's disk fills up while the packaged server (embedded mode) runs: writes are
 * refused with an error and never acknowledged without being kept, the server keeps answering,
 * and once space is back it starts again with everything it acknowledged.
 */
class FullDiskIT {

    private Path mount;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        mount = Files.createTempDirectory("sextant-full-disk");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=400m", "tmpfs", mount.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "a small disk needs mount -t tmpfs (root): " + out);
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }

    private PackagedServer start(Path data) throws IOException {
        return PackagedServer.start(PackagedServer.EMBEDDED, Map.of("sextant.data-dir", data.toString()), Map.of());
    }

    private static PackagedServer.Reply draft(PackagedServer server, String name) {
        return server.post(
                "/api/v1/admin/verified-queries",
                "ada",
                "{\"name\":\"" + name + "\",\"question\":\"Disk draft " + name
                        + "?\",\"sql\":\"SELECT count(*) AS n FROM orders\"}");
    }

    private static PackagedServer.Reply document(PackagedServer server, String name) {
        return server.send(
                "PUT",
                "/api/v1/admin/documents/" + name + ".md?group=everyone",
                PackagedServer.user("ada"),
                "# Disk note " + name + "\n\n" + "The disk note " + name + " is about storage. ".repeat(200),
                "text/markdown");
    }

    @Test
    void should_refuse_writes_on_a_full_disk_and_start_again_with_everything_acknowledged() throws Exception {
        Path data = mount.resolve("data");
        List<String> acknowledged = new ArrayList<>();
        List<PackagedServer.Reply> whileFull = new ArrayList<>();
        Path filler = mount.resolve("filler");
        try (PackagedServer server = start(data)) {
            assertThat(draft(server, "disk_before").status()).isEqualTo(201);
            acknowledged.add("disk_before");
            fill(filler);
            for (int i = 0; i < 20; i++) {
                String name = "disk_full_" + i;
                PackagedServer.Reply r = draft(server, name);
                whileFull.add(r);
                if (r.status() == 201) {
                    acknowledged.add(name);
                }
                whileFull.add(document(server, name));
            }
            // it keeps answering, and says what went wrong
            assertThat(server.get("/q/health/live", null).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/me", "noah").status()).isEqualTo(200);
            assertThat(whileFull).allSatisfy(r -> assertThat(r.millis()).isLessThan(30_000));
            assertThat(whileFull)
                    .filteredOn(r -> r.status() >= 300)
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.body())
                            .as("507 storage-full, or 503 once H2 has closed the database it could not write")
                            .containsAnyOf("\"storage-full\"", "\"app-database-unavailable\""))
                    .anySatisfy(r -> assertThat(r.status()).isEqualTo(507));
            Files.delete(filler);
            assertThat(server.stop()).isIn(0, 143);
        }
        try (PackagedServer server = start(data)) {
            List<String> names = json(server.get("/api/v1/admin/verified-queries?search=disk", "ada"), 200)
                    .getList("name");
            assertThat(names).containsAll(acknowledged);
            assertThat(draft(server, "disk_after").status()).isEqualTo(201);
            assertThat(document(server, "disk_after").status()).isEqualTo(200);
        }
    }

    /** Writes zeros until the disk refuses more. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }
}
