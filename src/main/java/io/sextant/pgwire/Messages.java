package io.sextant.pgwire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes backend messages of the PostgreSQL protocol v3 into one buffer, which the connection
 * sends in one write when a batch of messages is answered.
 */
final class Messages {

    /** Transaction status of ReadyForQuery: idle, in a transaction, in a failed transaction. */
    enum Status {
        IDLE('I'),
        IN_TRANSACTION('T'),
        FAILED('E');

        final char code;

        Status(char code) {
            this.code = code;
        }
    }

    /** A column of a RowDescription: the table OID and attribute number are 0 for expressions. */
    record Field(String name, int tableOid, short attribute, PgType type, short format) {}

    private final Buffer out = Buffer.buffer(256);

    Buffer take() {
        return out;
    }

    boolean isEmpty() {
        return out.length() == 0;
    }

    int length() {
        return out.length();
    }

    /** Writes one message: its type, a length placeholder, the body, then the length. */
    private Messages message(char type, java.util.function.Consumer<Buffer> body) {
        out.appendByte((byte) type);
        int at = out.length();
        out.appendInt(0);
        body.accept(out);
        out.setInt(at, out.length() - at);
        return this;
    }

    private static void cstring(Buffer b, String s) {
        b.appendBytes(s.getBytes(StandardCharsets.UTF_8)).appendByte((byte) 0);
    }

    Messages authenticationOk() {
        return message('R', b -> b.appendInt(0));
    }

    Messages authenticationCleartextPassword() {
        return message('R', b -> b.appendInt(3));
    }

    Messages authenticationSasl(List<String> mechanisms) {
        return message('R', b -> {
            b.appendInt(10);
            mechanisms.forEach(m -> cstring(b, m));
            b.appendByte((byte) 0);
        });
    }

    Messages authenticationSaslContinue(byte[] data) {
        return message('R', b -> b.appendInt(11).appendBytes(data));
    }

    Messages authenticationSaslFinal(byte[] data) {
        return message('R', b -> b.appendInt(12).appendBytes(data));
    }

    Messages negotiateProtocolVersion(int newest, List<String> unsupported) {
        return message('v', b -> {
            b.appendInt(newest).appendInt(unsupported.size());
            unsupported.forEach(o -> cstring(b, o));
        });
    }

    Messages parameterStatus(String name, String value) {
        return message('S', b -> {
            cstring(b, name);
            cstring(b, value);
        });
    }

    Messages backendKeyData(int processId, int secret) {
        return message('K', b -> b.appendInt(processId).appendInt(secret));
    }

    Messages readyForQuery(Status status) {
        return message('Z', b -> b.appendByte((byte) status.code));
    }

    Messages rowDescription(List<Field> fields) {
        return message('T', b -> {
            b.appendShort((short) fields.size());
            for (Field f : fields) {
                cstring(b, f.name());
                b.appendInt(f.tableOid())
                        .appendShort(f.attribute())
                        .appendInt(f.type().oid)
                        .appendShort((short) f.type().length)
                        .appendInt(-1)
                        .appendShort(f.format());
            }
        });
    }

    Messages noData() {
        return message('n', b -> {});
    }

    Messages parameterDescription(List<PgType> types) {
        return message('t', b -> {
            b.appendShort((short) types.size());
            types.forEach(t -> b.appendInt(t.oid));
        });
    }

    /** A row; each value already encoded (text or binary per its column's format), null for NULL. */
    Messages dataRow(List<byte[]> values) {
        return message('D', b -> {
            b.appendShort((short) values.size());
            for (byte[] v : values) {
                if (v == null) {
                    b.appendInt(-1);
                } else {
                    b.appendInt(v.length).appendBytes(v);
                }
            }
        });
    }

    Messages commandComplete(String tag) {
        return message('C', b -> cstring(b, tag));
    }

    Messages emptyQueryResponse() {
        return message('I', b -> {});
    }

    Messages parseComplete() {
        return message('1', b -> {});
    }

    Messages bindComplete() {
        return message('2', b -> {});
    }

    Messages closeComplete() {
        return message('3', b -> {});
    }

    Messages portalSuspended() {
        return message('s', b -> {});
    }

    Messages error(PgError error) {
        return message('E', b -> fields(b, error, "ERROR"));
    }

    Messages fatal(PgError error) {
        return message('E', b -> fields(b, error, "FATAL"));
    }

    Messages notice(String message) {
        return message('N', b -> fields(b, new PgError("01000", message), "WARNING"));
    }

    private static void fields(Buffer b, PgError error, String severity) {
        b.appendByte((byte) 'S');
        cstring(b, severity);
        b.appendByte((byte) 'V');
        cstring(b, severity);
        b.appendByte((byte) 'C');
        cstring(b, error.sqlState());
        b.appendByte((byte) 'M');
        cstring(b, error.message());
        if (error.detail() != null) {
            b.appendByte((byte) 'D');
            cstring(b, error.detail());
        }
        if (error.hint() != null) {
            b.appendByte((byte) 'H');
            cstring(b, error.hint());
        }
        if (error.position() > 0) {
            b.appendByte((byte) 'P');
            cstring(b, Integer.toString(error.position()));
        }
        b.appendByte((byte) 0);
    }
}
