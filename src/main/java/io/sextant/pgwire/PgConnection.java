package io.sextant.pgwire;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One client's socket: splits the bytes it sends into protocol messages on the event loop, answers
 * SSLRequest, GSSENCRequest and CancelRequest there, and hands every other message, in order, to
 * the connection's own virtual thread, where its {@link PgSession} does the (blocking) work. The
 * socket is paused while too many messages wait, and the session waits while the socket's write
 * queue is full, so neither side can make the server buffer without bound.
 */
final class PgConnection {

    private static final Logger LOG = Logger.getLogger(PgConnection.class);

    static final int SSL_REQUEST = 80877103;
    static final int GSSENC_REQUEST = 80877104;
    static final int CANCEL_REQUEST = 80877102;

    /** Largest message before authentication: a startup packet or a password. */
    private static final int MAX_UNAUTHENTICATED = 10_000;

    private static final int PAUSE_AT = 64;
    private static final int RESUME_AT = 8;

    /** A message: its type ({@code 0} for the startup packet) and body. */
    record Frame(char type, Buffer body) {}

    private static final Frame CLOSED = new Frame('\u0001', Buffer.buffer());

    private final NetSocket socket;
    private final Context context;
    private final PgServer server;
    private final int maxMessage;
    private final LinkedBlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
    private final PgSession session;
    private Buffer pending = Buffer.buffer();
    private boolean started;
    private volatile boolean paused;
    private volatile boolean closed;
    private volatile boolean tls;

    PgConnection(NetSocket socket, Context context, PgServer server, PgSession.Services services, int processId) {
        this.socket = socket;
        this.context = context;
        this.server = server;
        this.maxMessage = (int)
                Math.min(Integer.MAX_VALUE, services.config().maxMessageSize().asLongValue());
        this.session = new PgSession(this, services, processId);
        socket.handler(this::onData);
        socket.exceptionHandler(e -> LOG.debugf("PostgreSQL protocol connection error: %s", e.getMessage()));
        socket.closeHandler(v -> onClose());
        Thread.ofVirtual().name("sextant-pgwire-" + processId).start(this::run);
    }

    PgSession session() {
        return session;
    }

    boolean tls() {
        return tls;
    }

    String remoteAddress() {
        return socket.remoteAddress() == null ? "" : socket.remoteAddress().hostAddress();
    }

    boolean loopback() {
        String address = remoteAddress();
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Bytes from the client, on the event loop. */
    private void onData(Buffer data) {
        pending.appendBuffer(data);
        while (!closed) {
            int available = pending.length();
            if (!started) {
                if (available < 4) {
                    return;
                }
                int length = pending.getInt(0);
                if (length < 8 || length > MAX_UNAUTHENTICATED) {
                    fail("invalid length of startup packet");
                    return;
                }
                if (available < length) {
                    return;
                }
                Buffer body = pending.getBuffer(4, length);
                pending = pending.getBuffer(length, available);
                if (!startupPacket(body)) {
                    return;
                }
            } else {
                if (available < 5) {
                    return;
                }
                char type = (char) pending.getByte(0);
                int length = pending.getInt(1);
                int limit = session.authenticated() ? maxMessage : MAX_UNAUTHENTICATED;
                if (length < 4 || length > limit) {
                    fail(length > limit ? "message too large" : "invalid message length");
                    return;
                }
                if (available < length + 1) {
                    return;
                }
                Buffer body = pending.getBuffer(5, length + 1);
                pending = pending.getBuffer(length + 1, available);
                enqueue(new Frame(type, body));
            }
        }
    }

    /** Handles a packet without a type byte; false when nothing more may be read now. */
    private boolean startupPacket(Buffer body) {
        int code = body.getInt(0);
        switch (code) {
            case SSL_REQUEST -> {
                if (pending.length() > 0) {
                    // Bytes sent after SSLRequest but before the handshake would be read as if
                    // they had come over TLS.
                    fail("unexpected data after SSLRequest");
                    return false;
                }
                if (tls || !server.tlsAvailable()) {
                    socket.write(Buffer.buffer(new byte[] {'N'}));
                    return true;
                }
                socket.write(Buffer.buffer(new byte[] {'S'}));
                socket.upgradeToSsl(result -> {
                    if (result.succeeded()) {
                        tls = true;
                    } else {
                        LOG.debugf("TLS handshake failed: %s", result.cause().getMessage());
                        socket.close();
                    }
                });
                return false;
            }
            case GSSENC_REQUEST -> {
                socket.write(Buffer.buffer(new byte[] {'N'}));
                return true;
            }
            case CANCEL_REQUEST -> {
                if (body.length() >= 12) {
                    int processId = body.getInt(4);
                    int secret = body.getInt(8);
                    Thread.ofVirtual().start(() -> server.cancel(processId, secret));
                }
                closed = true;
                socket.close();
                return false;
            }
            default -> {
                started = true;
                enqueue(new Frame('\0', body));
                return true;
            }
        }
    }

    private void enqueue(Frame frame) {
        inbox.add(frame);
        if (inbox.size() >= PAUSE_AT && !paused) {
            paused = true;
            socket.pause();
        }
    }

    private void run() {
        try {
            while (true) {
                Frame frame = inbox.take();
                if (frame == CLOSED) {
                    return;
                }
                session.handle(frame);
                if (paused && inbox.size() <= RESUME_AT) {
                    paused = false;
                    context.runOnContext(v -> socket.resume());
                }
                if (session.terminated()) {
                    close();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf(e, "PostgreSQL protocol session ended by an error");
            close();
        } finally {
            session.release();
        }
    }

    /** Sends bytes; waits while the client reads too slowly for the socket's write queue. */
    void send(Buffer bytes) {
        if (closed || bytes.length() == 0) {
            return;
        }
        socket.write(bytes);
        while (!closed && socket.writeQueueFull()) {
            CompletableFuture<Void> drained = new CompletableFuture<>();
            context.runOnContext(v -> {
                if (!socket.writeQueueFull()) {
                    drained.complete(null);
                } else {
                    socket.drainHandler(x -> drained.complete(null));
                }
            });
            try {
                drained.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // Look again: the connection may have closed meanwhile.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                return;
            }
        }
    }

    boolean closed() {
        return closed;
    }

    void close() {
        closed = true;
        socket.close();
    }

    /** Tells the client why (a FATAL protocol error) and closes; on the event loop. */
    private void fail(String message) {
        socket.write(new Messages()
                .fatal(new PgError(PgError.PROTOCOL_VIOLATION, message))
                .take());
        close();
    }

    private void onClose() {
        closed = true;
        session.cancelRunning();
        inbox.add(CLOSED);
        server.closed(this);
    }
}
