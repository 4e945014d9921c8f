package io.sextant.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken clients at the byte level: each is answered with an error or disconnected,
 * and the endpoint goes on serving real clients.
 */
@QuarkusTest
class PgWireProtocolTest {

    @Inject
    PgServer server;

    private Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] startup(int version, String... pairs) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        out.writeInt(version);
        for (String s : pairs) {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        out.write(0);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(packet);
        p.writeInt(body.size() + 4);
        p.write(body.toByteArray());
        return packet.toByteArray();
    }

    /** Reads messages until the server closes; returns the SQLSTATEs of the errors it sent. */
    private static String readUntilClosed(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        StringBuilder states = new StringBuilder();
        try {
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return states.toString();
                }
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                if (type == 'E') {
                    String fields = new String(body, StandardCharsets.UTF_8);
                    int c = fields.indexOf("\0C");
                    states.append(fields, c + 2, c + 7).append(' ');
                }
            }
        } catch (EOFException | java.net.SocketException e) {
            return states.toString();
        } catch (SocketTimeoutException e) {
            return states + "(still open)";
        }
    }

    /** Sends the startup packet and elena's password. */
    private static DataOutputStream signIn(Socket s) throws IOException {
        s.getOutputStream().write(startup(196608, "user", "elena", "database", "acme"));
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        byte[] password = "demo\0".getBytes(StandardCharsets.UTF_8);
        out.write('p');
        out.writeInt(4 + password.length);
        out.write(password);
        return out;
    }

    private void assertStillServing() throws Exception {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + server.port() + "/acme?sslmode=disable", "elena", "demo");
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM regions")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void should_close_on_an_impossible_startup_length() throws Exception {
        try (Socket s = open()) {
            new DataOutputStream(s.getOutputStream()).writeInt(Integer.MAX_VALUE);
            assertThat(readUntilClosed(s)).contains("08P01");
        }
        assertStillServing();
    }

    @Test
    void should_refuse_another_protocol_version() throws Exception {
        try (Socket s = open()) {
            s.getOutputStream().write(startup(2 << 16, "user", "elena", "database", "acme"));
            assertThat(readUntilClosed(s)).contains("0A000");
        }
        assertStillServing();
    }

    @Test
    void should_close_when_bytes_follow_an_ssl_request_before_the_handshake() throws Exception {
        try (Socket s = open()) {
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(both);
            out.writeInt(8);
            out.writeInt(PgConnection.SSL_REQUEST);
            out.write(startup(196608, "user", "elena", "database", "acme"));
            s.getOutputStream().write(both.toByteArray());
            assertThat(readUntilClosed(s)).contains("08P01");
        }
        assertStillServing();
    }

    @Test
    void should_close_on_a_large_message_before_sign_in_and_on_an_unknown_message_type() throws Exception {
        try (Socket s = open()) {
            s.getOutputStream().write(startup(196608, "user", "elena", "database", "acme"));
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.write('p');
            out.writeInt(1_000_000);
            out.write(new byte[1000]);
            assertThat(readUntilClosed(s)).contains("08P01");
        }
        try (Socket s = open()) {
            DataOutputStream out = signIn(s);
            out.write('Y');
            out.writeInt(4);
            assertThat(readUntilClosed(s)).contains("08P01");
        }
        assertStillServing();
    }

    @Test
    void should_answer_a_truncated_message_with_a_protocol_error() throws Exception {
        try (Socket s = open()) {
            DataOutputStream out = signIn(s);
            // a Parse whose strings have no terminator
            out.write('P');
            out.writeInt(4 + 3);
            out.write(new byte[] {'a', 'b', 'c'});
            assertThat(readUntilClosed(s)).contains("08P01");
        }
        assertStillServing();
    }
}
