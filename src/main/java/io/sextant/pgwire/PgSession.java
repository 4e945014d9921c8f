package io.sextant.pgwire;

import io.sextant.SextantException;
import io.sextant.access.Credentials;
import io.sextant.access.Directory;
import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.audit.AuditLog;
import io.sextant.catalog.CatalogService;
import io.sextant.sql.SqlService;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The protocol state of one client: start-up and authentication, then the simple and extended
 * query protocols with their prepared statements and portals, transaction status and the rule that
 * after an error of the extended protocol everything up to Sync is skipped. What statements do is
 * {@link Executor}'s work; this class only speaks the protocol.
 */
final class PgSession {

    private static final Logger LOG = Logger.getLogger(PgSession.class);

    /** Flush rows to the socket once this much output waits. */
    private static final int FLUSH_AT = 256 * 1024;

    /** Most named prepared statements and open portals a session may hold (each portal keeps its rows). */
    static final int MAX_STATEMENTS = 1_000;

    static final int MAX_PORTALS = 64;

    /** What every session shares. */
    record Services(
            PgWireConfig config,
            Credentials credentials,
            Directory directory,
            Permissions permissions,
            SqlService sql,
            CatalogService catalogService,
            AuditLog audit,
            PgCatalog catalog,
            String database,
            SecureRandom random,
            io.micrometer.core.instrument.MeterRegistry metrics,
            io.sextant.access.RequestLimits limits) {}

    private enum Phase {
        STARTUP,
        PASSWORD,
        READY
    }

    private final PgConnection connection;
    private final Services services;
    private final int processId;
    private final int secret;
    private final Map<String, Prepared> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private Phase phase = Phase.STARTUP;
    private volatile boolean authenticated;
    private boolean terminated;
    private boolean ignoreTillSync;
    private Messages out = new Messages();
    private Executor executor;
    private String user;
    private Map<String, String> startupParameters = Map.of();

    PgSession(PgConnection connection, Services services, int processId) {
        this.connection = connection;
        this.services = services;
        this.processId = processId;
        this.secret = services.random().nextInt();
    }

    boolean authenticated() {
        return authenticated;
    }

    boolean terminated() {
        return terminated;
    }

    int secret() {
        return secret;
    }

    void cancelRunning() {
        Executor e = executor;
        if (e != null) {
            e.cancelRunning();
        }
    }

    void release() {
        cancelRunning();
    }

    /** Handles one message from the client. */
    void handle(PgConnection.Frame frame) {
        try {
            switch (phase) {
                case STARTUP -> startup(frame);
                case PASSWORD -> password(frame);
                case READY -> ready(frame);
            }
        } catch (Failure f) {
            if (executor != null) {
                executor.failed();
            }
            error(f.error);
            if (frame.type() != 'Q') {
                ignoreTillSync = true;
            } else {
                readyForQuery();
            }
        } catch (Fatal f) {
            out.fatal(f.error);
            flush();
            terminated = true;
        } catch (RuntimeException e) {
            String reference = Long.toHexString(services.random().nextLong());
            LOG.errorf(e, "PostgreSQL protocol message %s failed (reference %s)", frame.type(), reference);
            error(new PgError(PgError.INTERNAL, "internal error in Sextant (reference " + reference + ")"));
            if (phase != Phase.READY) {
                flush();
                terminated = true;
            } else if (frame.type() == 'Q') {
                readyForQuery();
            } else {
                ignoreTillSync = true;
            }
        }
    }

    // ---- start-up and authentication -------------------------------------------------------

    private void startup(PgConnection.Frame frame) {
        Buffer body = frame.body();
        int version = body.getInt(0);
        if (version >> 16 != 3) {
            throw new Fatal(new PgError(
                    PgError.FEATURE_NOT_SUPPORTED,
                    "unsupported frontend protocol " + (version >> 16) + "." + (version & 0xFFFF)
                            + ": Sextant speaks protocol 3.0"));
        }
        Map<String, String> parameters = new HashMap<>();
        int at = 4;
        while (at < body.length()) {
            String name = cstring(body, at);
            at += utf8Length(name) + 1;
            if (name.isEmpty()) {
                break;
            }
            String value = cstring(body, at);
            at += utf8Length(value) + 1;
            parameters.put(name, value);
        }
        startupParameters = parameters;
        user = parameters.get("user");
        if (user == null || user.isBlank()) {
            throw new Fatal(new PgError(PgError.INVALID_AUTHORIZATION, "no user name in the startup packet"));
        }
        if (parameters.containsKey("replication") && !"false".equals(parameters.get("replication"))) {
            throw new Fatal(new PgError(PgError.FEATURE_NOT_SUPPORTED, "Sextant does not offer replication"));
        }
        String database = parameters.getOrDefault("database", user);
        if (!database.equalsIgnoreCase(services.database())) {
            throw new Fatal(new PgError(
                    PgError.UNKNOWN_DATABASE,
                    "database \"" + database + "\" does not exist",
                    null,
                    "Sextant serves the database \"" + services.database() + "\".",
                    0));
        }
        if (!connection.tls() && !connection.loopback() && services.config().tlsRequiredForRemote()) {
            throw new Fatal(new PgError(
                    PgError.INVALID_AUTHORIZATION,
                    "Sextant requires TLS for connections from other machines",
                    null,
                    "Connect with sslmode=require.",
                    0));
        }
        if (version != 196608) {
            out.negotiateProtocolVersion(
                    196608,
                    parameters.keySet().stream()
                            .filter(k -> k.startsWith("_pq_."))
                            .toList());
        }
        out.authenticationCleartextPassword();
        phase = Phase.PASSWORD;
        flush();
    }

    private void password(PgConnection.Frame frame) {
        if (frame.type() != 'p') {
            throw new Fatal(new PgError(PgError.PROTOCOL_VIOLATION, "expected a password message"));
        }
        String secretText = cstring(frame.body(), 0);
        Credentials.Authenticated who;
        try {
            who = services.credentials().password(user, secretText, connection.remoteAddress(), false);
        } catch (SextantException e) {
            throw new Fatal(
                    new PgError(PgError.INVALID_PASSWORD, "password authentication failed for user \"" + user + "\""));
        }
        services.audit()
                .record(
                        AuditLog.Entry.of(AuditLog.LOGIN, who.user().id(), "success", "pgwire"),
                        connection.remoteAddress());
        Principal principal = who.user().principal();
        Settings settings = new Settings(user, services.sql().schema().schema());
        executor = new Executor(services, principal, settings, processId, connection.remoteAddress());
        applyStartupSettings(settings);
        authenticated = true;
        phase = Phase.READY;
        out.authenticationOk();
        settings.reported().forEach(out::parameterStatus);
        out.backendKeyData(processId, secret);
        out.readyForQuery(Messages.Status.IDLE);
        flush();
    }

    private void applyStartupSettings(Settings settings) {
        for (Map.Entry<String, String> p : startupParameters.entrySet()) {
            String name = p.getKey();
            if (name.equals("user")
                    || name.equals("database")
                    || name.equals("replication")
                    || name.startsWith("_pq_.")) {
                continue;
            }
            try {
                if (name.equals("options")) {
                    for (String option : p.getValue().trim().split("\\s+")) {
                        String o = option.startsWith("-c") ? option.substring(2) : option.replaceFirst("^--", "");
                        int eq = o.indexOf('=');
                        if (eq > 0) {
                            settings.set(o.substring(0, eq).replace('-', '_'), o.substring(eq + 1));
                        }
                    }
                } else {
                    settings.set(name, p.getValue());
                }
            } catch (IllegalArgumentException e) {
                throw new Fatal(new PgError(PgError.INVALID_PARAMETER_VALUE, e.getMessage()));
            }
        }
    }

    // ---- after start-up -------------------------------------------------------------------------

    private void ready(PgConnection.Frame frame) {
        char type = frame.type();
        if (ignoreTillSync && type != 'S' && type != 'X') {
            return;
        }
        executor.refreshPrincipal();
        switch (type) {
            case 'Q' -> simpleQuery(cstring(frame.body(), 0));
            case 'P' -> parse(frame.body());
            case 'B' -> bind(frame.body());
            case 'D' -> describe(frame.body());
            case 'E' -> execute(frame.body());
            case 'C' -> close(frame.body());
            case 'S' -> sync();
            case 'H' -> flush();
            case 'X' -> terminated = true;
            case 'd', 'c', 'f' ->
                throw new Failure(new PgError(
                        PgError.FEATURE_NOT_SUPPORTED, "COPY is not supported: Sextant only reads, with SELECT"));
            case 'F' ->
                throw new Failure(new PgError(PgError.FEATURE_NOT_SUPPORTED, "function calls are not supported"));
            default ->
                throw new Fatal(new PgError(PgError.PROTOCOL_VIOLATION, "invalid frontend message type " + type));
        }
    }

    private void simpleQuery(String sql) {
        List<Statement> parts = Statement.split(sql);
        if (parts.isEmpty()) {
            out.emptyQueryResponse();
        }
        for (Statement statement : parts) {
            Executor.Result result = executor.run(statement);
            result.notices().forEach(out::notice);
            if (result.returnsRows()) {
                short[] text = new short[0];
                out.rowDescription(result.fields(text));
                sendRows(result, 0, result.rows().size(), text);
            }
            result.parameters().forEach(out::parameterStatus);
            out.commandComplete(result.tag(result.rows().size()));
            flushIfFull();
        }
        readyForQuery();
    }

    private void parse(Buffer body) {
        String name = cstring(body, 0);
        int at = utf8Length(name) + 1;
        String sql = cstring(body, at);
        at += utf8Length(sql) + 1;
        int count = body.getShort(at) & 0xFFFF;
        at += 2;
        int[] declared = new int[count];
        for (int i = 0; i < count; i++) {
            declared[i] = body.getInt(at);
            at += 4;
        }
        if (!name.isEmpty() && statements.containsKey(name)) {
            throw new Failure(new PgError(
                    PgError.DUPLICATE_PREPARED_STATEMENT, "prepared statement \"" + name + "\" already exists"));
        }
        if (statements.size() >= MAX_STATEMENTS && !statements.containsKey(name)) {
            throw new Failure(new PgError(
                    "53400", "too many prepared statements (" + MAX_STATEMENTS + "): close or deallocate some"));
        }
        List<Statement> parts = Statement.split(sql);
        if (parts.size() > 1) {
            throw new Failure(
                    new PgError(PgError.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement"));
        }
        Statement statement = parts.isEmpty() ? Statement.EMPTY : parts.getFirst();
        List<PgType> types = new ArrayList<>();
        int total = Math.max(count, statement.parameterCount());
        boolean[] unspecified = new boolean[total];
        for (int i = 0; i < total; i++) {
            int oid = i < count ? declared[i] : 0;
            unspecified[i] = oid == 0 || PgType.byOid(oid).isEmpty();
            types.add(unspecified[i] ? PgType.TEXT : PgType.byOid(oid).get());
        }
        statements.put(name, new Prepared(statement, types, unspecified));
        out.parseComplete();
    }

    private void bind(Buffer body) {
        String portalName = cstring(body, 0);
        int at = utf8Length(portalName) + 1;
        String statementName = cstring(body, at);
        at += utf8Length(statementName) + 1;
        Prepared prepared = statements.get(statementName);
        if (prepared == null) {
            throw new Failure(new PgError(
                    PgError.UNDEFINED_PREPARED_STATEMENT,
                    "prepared statement \"" + statementName + "\" does not exist"));
        }
        int formatCount = body.getShort(at) & 0xFFFF;
        at += 2;
        short[] formats = new short[formatCount];
        for (int i = 0; i < formatCount; i++) {
            formats[i] = body.getShort(at);
            at += 2;
        }
        int valueCount = body.getShort(at) & 0xFFFF;
        at += 2;
        if (valueCount != prepared.types().size()) {
            throw new Failure(new PgError(
                    PgError.PROTOCOL_VIOLATION,
                    "bind message supplies " + valueCount + " parameters, but prepared statement \"" + statementName
                            + "\" requires " + prepared.types().size()));
        }
        List<String> values = new ArrayList<>(valueCount);
        for (int i = 0; i < valueCount; i++) {
            int length = body.getInt(at);
            at += 4;
            if (length < 0) {
                values.add(null);
                continue;
            }
            byte[] bytes = body.getBytes(at, at + length);
            at += length;
            short format = formats.length == 0 ? 0 : formats.length == 1 ? formats[0] : formats[i];
            try {
                values.add(
                        format == 0
                                ? new String(bytes, StandardCharsets.UTF_8)
                                : prepared.types().get(i).fromBinary(bytes));
            } catch (IllegalArgumentException e) {
                throw new Failure(new PgError(
                        "22P03", "incorrect binary data format in bind parameter " + (i + 1) + ": " + e.getMessage()));
            }
        }
        int resultCount = body.getShort(at) & 0xFFFF;
        at += 2;
        short[] resultFormats = new short[resultCount];
        for (int i = 0; i < resultCount; i++) {
            resultFormats[i] = body.getShort(at);
            at += 2;
        }
        String bound = prepared.statement().bind(values, prepared.types());
        if (!portalName.isEmpty() && portals.containsKey(portalName)) {
            throw new Failure(new PgError(PgError.DUPLICATE_CURSOR, "portal \"" + portalName + "\" already exists"));
        }
        if (portals.size() >= MAX_PORTALS && !portals.containsKey(portalName)) {
            throw new Failure(new PgError("53400", "too many open portals (" + MAX_PORTALS + "): close some"));
        }
        portals.put(portalName, new Portal(prepared.statement().withSql(bound), resultFormats, prepared));
        out.bindComplete();
    }

    private void describe(Buffer body) {
        char kind = (char) body.getByte(0);
        String name = cstring(body, 1);
        if (kind == 'S') {
            Prepared prepared = statements.get(name);
            if (prepared == null) {
                throw new Failure(new PgError(
                        PgError.UNDEFINED_PREPARED_STATEMENT, "prepared statement \"" + name + "\" does not exist"));
            }
            out.parameterDescription(prepared.types());
            List<Messages.Field> fields =
                    executor.describe(prepared.statement(), prepared.types(), prepared.unspecified);
            prepared.described = fields.stream().map(Messages.Field::type).toList();
            if (fields.isEmpty()) {
                out.noData();
            } else {
                out.rowDescription(fields);
            }
        } else {
            Portal portal = portal(name);
            Executor.Result result = portal.result(executor);
            if (result.returnsRows()) {
                out.rowDescription(result.fields(portal.formats()));
            } else {
                out.noData();
            }
        }
    }

    private void execute(Buffer body) {
        String name = cstring(body, 0);
        int maxRows = body.getInt(utf8Length(name) + 1);
        Portal portal = portal(name);
        Executor.Result result = portal.result(executor);
        if (!portal.executed()) {
            result.notices().forEach(out::notice);
            result.parameters().forEach(out::parameterStatus);
            portal.markExecuted();
        }
        if (!result.returnsRows()) {
            out.commandComplete(result.tag(0));
            return;
        }
        int from = portal.position();
        int to = maxRows > 0
                ? (int) Math.min(result.rows().size(), (long) from + maxRows)
                : result.rows().size();
        sendRows(result, from, to, portal.formats());
        portal.moveTo(to);
        if (to < result.rows().size()) {
            out.portalSuspended();
        } else {
            out.commandComplete(result.tag(to - from));
        }
    }

    private void close(Buffer body) {
        char kind = (char) body.getByte(0);
        String name = cstring(body, 1);
        if (kind == 'S') {
            statements.remove(name);
        } else {
            portals.remove(name);
        }
        out.closeComplete();
    }

    private void sync() {
        ignoreTillSync = false;
        if (executor.status() == Messages.Status.IDLE) {
            portals.clear();
        }
        readyForQuery();
    }

    private Portal portal(String name) {
        Portal portal = portals.get(name);
        if (portal == null) {
            throw new Failure(new PgError(PgError.INVALID_CURSOR_NAME, "portal \"" + name + "\" does not exist"));
        }
        return portal;
    }

    private void sendRows(Executor.Result result, int from, int to, short[] formats) {
        List<PgType> types = result.types();
        for (int r = from; r < to; r++) {
            List<Object> row = result.rows().get(r);
            List<byte[]> values = new ArrayList<>(row.size());
            for (int c = 0; c < row.size(); c++) {
                PgType type = types.get(c);
                Object value = row.get(c);
                boolean binary = Executor.Result.format(formats, c) == 1 && type.binaryCapable();
                values.add(
                        binary
                                ? type.binary(value)
                                : value == null ? null : type.text(value).getBytes(StandardCharsets.UTF_8));
            }
            out.dataRow(values);
            flushIfFull();
        }
    }

    private void readyForQuery() {
        if (executor != null && executor.closedByDiscard()) {
            statements.clear();
            portals.clear();
        }
        out.readyForQuery(executor == null ? Messages.Status.IDLE : executor.status());
        flush();
    }

    private void error(PgError error) {
        out.error(error);
        flush();
    }

    private void flushIfFull() {
        if (out.length() >= FLUSH_AT) {
            flush();
        }
    }

    private void flush() {
        if (!out.isEmpty()) {
            connection.send(out.take());
            out = new Messages();
        }
    }

    static String cstring(Buffer body, int from) {
        int end = from;
        while (end < body.length() && body.getByte(end) != 0) {
            end++;
        }
        if (end >= body.length()) {
            throw new Fatal(new PgError(PgError.PROTOCOL_VIOLATION, "invalid string in message"));
        }
        return body.getString(from, end, "UTF-8");
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * A statement prepared by Parse: parameter types as declared (unspecified ones as text), and
     * the column types a Describe told the client, which every execution then keeps to.
     */
    static final class Prepared {

        private final Statement statement;
        private final List<PgType> types;
        private final boolean[] unspecified;
        private List<PgType> described;

        Prepared(Statement statement, List<PgType> types, boolean[] unspecified) {
            this.statement = statement;
            this.types = List.copyOf(types);
            this.unspecified = unspecified;
        }

        Statement statement() {
            return statement;
        }

        List<PgType> types() {
            return types;
        }
    }

    /** A bound statement; its result is computed once, by Describe or the first Execute. */
    static final class Portal {

        private final Statement statement;
        private final short[] formats;
        private final Prepared prepared;
        private Executor.Result result;
        private int position;
        private boolean executed;

        Portal(Statement statement, short[] formats, Prepared prepared) {
            this.statement = statement;
            this.formats = formats;
            this.prepared = prepared;
        }

        Executor.Result result(Executor executor) {
            if (result == null) {
                result = executor.run(statement).as(prepared.described);
            }
            return result;
        }

        short[] formats() {
            return formats;
        }

        int position() {
            return position;
        }

        void moveTo(int to) {
            position = to;
        }

        boolean executed() {
            return executed;
        }

        void markExecuted() {
            executed = true;
        }
    }

    /** An error that ends the statement (and, in the extended protocol, what follows until Sync). */
    static final class Failure extends RuntimeException {

        final PgError error;

        Failure(PgError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    /** An error that ends the connection. */
    static final class Fatal extends RuntimeException {

        final PgError error;

        Fatal(PgError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }
}
