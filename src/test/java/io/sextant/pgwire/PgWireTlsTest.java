package io.sextant.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * TLS on the PostgreSQL endpoint: clients asking for it get it (with the certificate of a Quarkus
 * TLS configuration), and clients on other machines must use it, since their password would
 * otherwise cross the network in clear.
 */
@QuarkusTest
@TestProfile(PgWireTlsTest.Tls.class)
class PgWireTlsTest {

    /** A self-signed certificate made with the JDK's keytool; the endpoint listens on every address. */
    public static class Tls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path store = Path.of("target", "pgwire-tls", "server.p12").toAbsolutePath();
            try {
                Files.createDirectories(store.getParent());
                Files.deleteIfExists(store);
                Process keytool = new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString(),
                                "-genkeypair",
                                "-alias",
                                "sextant",
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-dname",
                                "CN=localhost",
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                store.toString(),
                                "-storepass",
                                "changeit")
                        .redirectErrorStream(true)
                        .start();
                String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + out);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return Map.of(
                    "quarkus.tls.pgwire.key-store.p12.path", store.toString(),
                    "quarkus.tls.pgwire.key-store.p12.password", "changeit",
                    "sextant.pgwire.host", "0.0.0.0",
                    "sextant.data-dir", "./target/test-data/pgwire-tls");
        }
    }

    @Inject
    PgServer server;

    private Connection connect(String host, String sslmode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "elena");
        p.setProperty("password", "demo");
        p.setProperty("sslmode", sslmode);
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + server.port() + "/acme", p);
    }

    @Test
    void should_speak_tls_to_clients_that_ask() throws SQLException {
        try (Connection c = connect("127.0.0.1", "require");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
            assertThat(rs.next()).isTrue();
            assertThat(c.unwrap(org.postgresql.PGConnection.class)).isNotNull();
        }
    }

    @Test
    void should_work_with_psql_over_tls() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        "psql",
                        "-X",
                        "host=127.0.0.1 port=" + server.port() + " dbname=acme user=elena sslmode=require",
                        "-c",
                        "SELECT count(*) > 0 AS ok FROM regions")
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", "demo");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains(" t").doesNotContain("ERROR");
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void should_refuse_clients_on_other_machines_without_tls() throws Exception {
        Optional<String> address = externalAddress();
        assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address to connect from");
        assertThatThrownBy(() -> connect(address.get(), "disable"))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
        try (Connection c = connect(address.get(), "require");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT region_cd FROM orders")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("EMEA");
        }
    }

    private static Optional<String> externalAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a.getHostAddress());
                }
            }
        }
        return Optional.empty();
    }
}
