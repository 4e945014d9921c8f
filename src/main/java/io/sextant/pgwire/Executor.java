package io.sextant.pgwire;

import io.sextant.SextantException;
import io.sextant.access.Principal;
import io.sextant.audit.AuditLog;
import io.sextant.catalog.SemanticModel;
import io.sextant.catalog.WarehouseSchema;
import io.sextant.sql.Cancellation;
import io.sextant.sql.CheckedSql;
import io.sextant.sql.GuardError;
import io.sextant.sql.QueryResult;
import io.sextant.sql.SqlCheck;
import io.sextant.sql.SqlTokens.Token;
import io.sextant.sql.SqlTokens.Type;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Runs the statements of one signed-in session: session commands (SET, SHOW, BEGIN, cursors...)
 * locally, catalog queries in the caller's emulated catalog, and everything else through the SQL
 * guard as the caller, audited, on the warehouse. Holds the transaction status and the cursors.
 */
final class Executor {

    private static final Logger LOG = Logger.getLogger(Executor.class);

    private static final Pattern TYPE_MODIFIER = Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

    /** How long a principal read at sign-in (groups, attributes) is used before it is read again. */
    private static final long PRINCIPAL_TTL_NANOS = 5_000_000_000L;

    /** What a statement produced: rows with their columns, or only a command tag. */
    record Result(
            List<Messages.Field> columns,
            List<List<Object>> rows,
            String command,
            List<String> notices,
            Map<String, String> parameters) {

        Result(List<Messages.Field> columns, List<List<Object>> rows, String command, List<String> notices) {
            this(columns, rows, command, notices, Map.of());
        }

        static Result command(String tag) {
            return new Result(List.of(), List.of(), tag, List.of());
        }

        static Result rows(List<Messages.Field> columns, List<List<Object>> rows, List<String> notices) {
            return new Result(columns, rows, null, notices);
        }

        /** The same result, telling the client of changed parameters (ParameterStatus). */
        Result withStatus(Map<String, String> changed) {
            return new Result(columns, rows, command, notices, changed);
        }

        boolean returnsRows() {
            return command == null || !columns.isEmpty();
        }

        /** The CommandComplete tag for a number of rows sent. */
        String tag(int sent) {
            return command != null ? command.replace("{n}", Integer.toString(sent)) : "SELECT " + sent;
        }

        List<PgType> types() {
            return columns.stream().map(Messages.Field::type).toList();
        }

        /**
         * The same rows announced as the given column types (those a Describe of the prepared
         * statement told the client), when there are as many.
         */
        Result as(List<PgType> types) {
            if (types == null || types.size() != columns.size()) {
                return this;
            }
            List<Messages.Field> retyped = new ArrayList<>(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                Messages.Field f = columns.get(i);
                retyped.add(new Messages.Field(f.name(), f.tableOid(), f.attribute(), types.get(i), f.format()));
            }
            return new Result(retyped, rows, command, notices, parameters);
        }

        /** The columns with the result formats a Bind asked for (none: text; one: for all). */
        List<Messages.Field> fields(short[] formats) {
            List<Messages.Field> fields = new ArrayList<>(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                Messages.Field f = columns.get(i);
                short format = format(formats, i) == 1 && f.type().binaryCapable() ? (short) 1 : 0;
                fields.add(new Messages.Field(f.name(), f.tableOid(), f.attribute(), f.type(), format));
            }
            return fields;
        }

        static short format(short[] formats, int column) {
            return formats.length == 0
                    ? 0
                    : formats.length == 1 ? formats[0] : column < formats.length ? formats[column] : 0;
        }
    }

    /** A cursor of DECLARE: its rows, computed when declared, and how far FETCH has read. */
    private static final class Cursor {
        final Result result;
        final boolean hold;
        int position;

        Cursor(Result result, boolean hold) {
            this.result = result;
            this.hold = hold;
        }
    }

    private final PgSession.Services services;
    private final Settings settings;
    private final int processId;
    private final String address;
    private final Map<String, Cursor> cursors = new HashMap<>();
    private Principal principal;
    private long principalReadAt = System.nanoTime();
    private Messages.Status status = Messages.Status.IDLE;
    private volatile Cancellation running;
    private boolean discarded;

    Executor(PgSession.Services services, Principal principal, Settings settings, int processId, String address) {
        this.services = services;
        this.principal = principal;
        this.settings = settings;
        this.processId = processId;
        this.address = address;
    }

    Messages.Status status() {
        return status;
    }

    /** An error happened: an open transaction block is now failed until it ends. */
    void failed() {
        if (status == Messages.Status.IN_TRANSACTION) {
            status = Messages.Status.FAILED;
        }
    }

    void cancelRunning() {
        Cancellation c = running;
        if (c != null) {
            c.cancel();
        }
    }

    /** True once after DISCARD ALL, when the session's prepared statements and portals go too. */
    boolean closedByDiscard() {
        boolean d = discarded;
        discarded = false;
        return d;
    }

    /** Reads the user's groups and attributes again now and then; a disabled user is signed out. */
    void refreshPrincipal() {
        if (System.nanoTime() - principalReadAt < PRINCIPAL_TTL_NANOS) {
            return;
        }
        Optional<Principal> now = services.directory().principal(principal.userId());
        if (now.isEmpty()) {
            throw new PgSession.Fatal(new PgError(
                    PgError.INVALID_AUTHORIZATION, "user \"" + principal.userId() + "\" is disabled or gone"));
        }
        principal = now.get();
        principalReadAt = System.nanoTime();
    }

    /** Runs a statement whose parameters are bound. */
    Result run(Statement statement) {
        if (status == Messages.Status.FAILED && statement.kind() != Statement.Kind.SESSION) {
            throw inFailedTransaction();
        }
        services.metrics()
                .counter(
                        "sextant.pgwire.statements",
                        "kind",
                        statement.kind().name().toLowerCase(Locale.ROOT))
                .increment();
        return switch (statement.kind()) {
            case EMPTY -> Result.command("");
            case SESSION -> session(statement);
            case CATALOG -> catalog(statement.sql());
            case QUERY -> query(statement.sql());
        };
    }

    /** The columns a prepared statement would return, without running it on real values. */
    List<Messages.Field> describe(Statement statement, List<PgType> types, boolean[] unspecified) {
        String bound = statement.bindNulls(types, unspecified);
        return switch (statement.kind()) {
            case EMPTY -> List.of();
            case SESSION ->
                switch (statement.command()) {
                    case "show" -> session(statement).columns();
                    case "fetch" ->
                        Optional.ofNullable(cursors.get(cursorName(statement.tokens())))
                                .map(c -> c.result.columns())
                                .orElse(List.of());
                    default -> List.of();
                };
            case CATALOG -> catalog(bound).columns();
            case QUERY ->
                query("SELECT * FROM (" + bound + ") AS sextant_describe WHERE 1 = 0")
                        .columns();
        };
    }

    // ---- warehouse queries ----------------------------------------------------------------------

    private Result query(String sql) {
        try {
            services.limits().take(io.sextant.access.RequestLimits.Kind.SQL, principal.userId());
        } catch (SextantException e) {
            throw new PgSession.Failure(PgError.of(e));
        }
        SqlCheck check = services.sql().check(sql, principal, Optional.empty());
        audit(sql, check);
        if (!check.accepted()) {
            throw new PgSession.Failure(PgError.of(check.errors(), sql));
        }
        CheckedSql checked = check.checked();
        Cancellation cancellation = new Cancellation();
        running = cancellation;
        QueryResult result;
        try {
            result = services.sql().execute(checked, cancellation).result();
        } catch (SextantException e) {
            services.audit()
                    .record(
                            AuditLog.Entry.of(AuditLog.SQL_EXECUTE, principal.userId(), "failed", e.code())
                                    .withSql(checked.sql())
                                    .withDetail(Map.of("via", "pgwire")),
                            address);
            throw new PgSession.Failure(PgError.of(e));
        } finally {
            running = null;
        }
        List<Messages.Field> fields = new ArrayList<>();
        for (QueryResult.Column c : result.columns()) {
            fields.add(new Messages.Field(label(c.name()), 0, (short) 0, PgType.ofDatabaseType(c.type()), (short) 0));
        }
        List<String> notices = new ArrayList<>(checked.warnings());
        if (result.truncated()) {
            notices.add("Sextant returned the first " + result.rows().size()
                    + " rows: its row limit (sextant.sql.max-rows) cut the result.");
        }
        return Result.rows(fields, result.rows(), notices);
    }

    private static final Pattern CALL_LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*\\(.*\\)", Pattern.DOTALL);

    /**
     * The name PostgreSQL gives an unnamed result column, from the name the warehouse gave it: a
     * function call is named after its function ({@code count_star()} and {@code count(*)} are
     * {@code count}), another expression {@code ?column?}; names the query gave stay as they are.
     */
    static String label(String warehouseLabel) {
        Matcher call = CALL_LABEL.matcher(warehouseLabel);
        if (call.matches()) {
            String function = call.group(1).toLowerCase(Locale.ROOT);
            return function.equals("count_star") ? "count" : function;
        }
        boolean expression = warehouseLabel.chars().anyMatch(ch -> "()+-*/ '|".indexOf(ch) >= 0);
        return expression ? "?column?" : warehouseLabel;
    }

    private void audit(String sql, SqlCheck check) {
        AuditLog.Entry entry = AuditLog.Entry.of(
                AuditLog.SQL_EXECUTE, principal.userId(), check.accepted() ? "accepted" : "refused", "pgwire");
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("via", "pgwire");
        detail.put("submitted", sql);
        if (check.accepted()) {
            detail.put("tables", check.checked().tables());
            entry = entry.withSql(check.checked().sql());
        } else {
            detail.put("errors", check.errors().stream().map(GuardError::code).toList());
            entry = entry.withSql(sql);
        }
        services.audit().record(entry.withDetail(detail), address);
    }

    // ---- the catalog ----------------------------------------------------------------------------

    private Result catalog(String sql) {
        String rewritten = CatalogSql.rewrite(sql, this::sessionValue);
        try {
            PgCatalog.Rows rows = services.catalog().query(shape(), rewritten);
            List<Messages.Field> fields = new ArrayList<>();
            for (int i = 0; i < rows.names().size(); i++) {
                fields.add(new Messages.Field(
                        rows.names().get(i), 0, (short) 0, rows.types().get(i), (short) 0));
            }
            return Result.rows(fields, rows.rows(), List.of());
        } catch (SQLException e) {
            LOG.debugf("Catalog query failed: %s%n  as run: %s", e.getMessage(), rewritten);
            throw new PgSession.Failure(catalogError(e));
        }
    }

    private static PgError catalogError(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int cut = message.indexOf("; SQL statement:");
        String text = (cut > 0 ? message.substring(0, cut) : message).replace('"', '\'');
        String state = switch (e.getErrorCode()) {
            case 42102, 42104 -> "42P01";
            case 42122 -> "42703";
            case 90022 -> "42883";
            case 42000, 42001 -> PgError.SYNTAX_ERROR;
            case 90096, 90040 -> "42501";
            case 57014 -> PgError.QUERY_CANCELED;
            default -> "42000";
        };
        String hint = state.equals("42P01")
                ? "Catalog queries (pg_catalog, information_schema) cannot read the warehouse's tables; query those on their own."
                : null;
        return new PgError(state, "catalog query: " + text, null, hint, 0);
    }

    /** The objects this principal may see, described by the semantic model where it can. */
    PgCatalog.Shape shape() {
        WarehouseSchema schema = services.sql().schema();
        Optional<SemanticModel> model = services.catalogService().current().model();
        List<PgCatalog.Table> tables = new ArrayList<>();
        List<WarehouseSchema.Table> sorted = new ArrayList<>(schema.tables());
        sorted.sort(Comparator.comparing(t -> t.name().toLowerCase(Locale.ROOT)));
        for (WarehouseSchema.Table table : sorted) {
            if (!services.permissions().canRead(principal, table.name())) {
                continue;
            }
            Optional<SemanticModel.LogicalTable> logical = model.flatMap(m -> m.tables().stream()
                    .filter(t -> t.baseTable() != null && t.baseTable().table().equalsIgnoreCase(table.name()))
                    .findFirst());
            List<PgCatalog.Column> columns = new ArrayList<>();
            for (WarehouseSchema.Column c : table.columns()) {
                if (!services.permissions().canRead(principal, table.name(), c.name())) {
                    continue;
                }
                PgType type = PgType.ofDatabaseType(c.typeName());
                if (type == PgType.TEXT) {
                    PgType byJdbc = PgType.ofJdbcType(c.jdbcType(), c.typeName());
                    type = byJdbc == PgType.VARCHAR
                                    && !c.typeName().toLowerCase(Locale.ROOT).contains("char")
                            ? PgType.TEXT
                            : byJdbc;
                }
                String description = logical.flatMap(t -> t.fields()
                                .filter(f -> f.expr() != null && f.expr().trim().equalsIgnoreCase(c.name()))
                                .map(f -> f.description() == null
                                                || f.description().isBlank()
                                        ? f.name()
                                        : f.name() + ": " + f.description().trim())
                                .findFirst())
                        .orElse(null);
                columns.add(
                        new PgCatalog.Column(c.name(), type, typmod(type, c.typeName()), !c.nullable(), description));
            }
            String description = logical.map(
                            t -> t.description() == null || t.description().isBlank()
                                    ? t.name()
                                    : t.name() + ": " + t.description().trim())
                    .orElse(null);
            List<String> key = table.primaryKey().stream()
                    .filter(k -> columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(k)))
                    .toList();
            tables.add(new PgCatalog.Table(table.name(), columns, key, description));
        }
        return new PgCatalog.Shape(services.database(), schema.schema(), principal.userId(), tables);
    }

    private static int typmod(PgType type, String databaseType) {
        Matcher m = TYPE_MODIFIER.matcher(databaseType == null ? "" : databaseType);
        if (!m.find()) {
            return -1;
        }
        int first = Integer.parseInt(m.group(1));
        return switch (type) {
            case VARCHAR, BPCHAR -> first + 4;
            case NUMERIC -> ((first << 16) | (m.group(2) == null ? 0 : Integer.parseInt(m.group(2)))) + 4;
            default -> -1;
        };
    }

    /** Values the catalog rewrite puts in as literals. */
    private String sessionValue(String name) {
        return switch (name) {
            case "current_user" -> principal.userId();
            case "current_schema" -> services.sql().schema().schema();
            case "current_database" -> services.database();
            case "version" -> "PostgreSQL " + Settings.SERVER_VERSION + " (Sextant), compiled by Java, 64-bit";
            case "pg_backend_pid" -> Integer.toString(processId);
            default ->
                name.startsWith("setting:")
                        ? settings.get(name.substring("setting:".length())).orElse(null)
                        : null;
        };
    }

    // ---- session commands -----------------------------------------------------------------------

    private Result session(Statement statement) {
        List<Token> t = statement.tokens();
        String command = statement.command();
        if (status == Messages.Status.FAILED
                && !command.equals("rollback")
                && !command.equals("abort")
                && !command.equals("commit")
                && !command.equals("end")) {
            throw inFailedTransaction();
        }
        return switch (command) {
            case "begin", "start" -> {
                List<String> notices = status == Messages.Status.IDLE
                        ? List.of()
                        : List.of("there is already a transaction in progress");
                status = Messages.Status.IN_TRANSACTION;
                yield new Result(
                        List.of(), List.of(), command.equals("begin") ? "BEGIN" : "START TRANSACTION", notices);
            }
            case "commit", "end" -> {
                boolean failed = status == Messages.Status.FAILED;
                endTransaction();
                yield Result.command(failed ? "ROLLBACK" : "COMMIT");
            }
            case "rollback", "abort" -> {
                if (t.size() > 1 && t.stream().anyMatch(x -> x.isWord("to"))) {
                    if (status == Messages.Status.FAILED) {
                        status = Messages.Status.IN_TRANSACTION;
                    }
                    yield Result.command("ROLLBACK");
                }
                endTransaction();
                yield Result.command("ROLLBACK");
            }
            case "savepoint" -> Result.command("SAVEPOINT");
            case "release" -> Result.command("RELEASE");
            case "set" -> set(t);
            case "reset" -> {
                if (t.size() >= 2 && t.get(1).isWord("all")) {
                    Settings.DEFAULTS.keySet().forEach(k -> settings.set(k, null));
                } else if (t.size() >= 2) {
                    settings.set(words(t, 1, t.size()), null);
                }
                yield Result.command("RESET");
            }
            case "show" -> show(t);
            case "discard" -> {
                cursors.clear();
                if (t.size() >= 2 && t.get(1).isWord("all")) {
                    discarded = true;
                    yield Result.command("DISCARD ALL");
                }
                yield Result.command("DISCARD " + (t.size() >= 2 ? t.get(1).upper() : ""));
            }
            case "deallocate" ->
                Result.command(t.stream().anyMatch(x -> x.isWord("all")) ? "DEALLOCATE ALL" : "DEALLOCATE");
            case "declare" -> declare(statement);
            case "fetch", "move" -> fetch(t, command.equals("move"));
            case "close" -> {
                if (t.size() >= 2 && t.get(1).isWord("all")) {
                    cursors.clear();
                } else if (cursors.remove(cursorName(t)) == null) {
                    throw new PgSession.Failure(new PgError(
                            PgError.INVALID_CURSOR_NAME, "cursor \"" + cursorName(t) + "\" does not exist"));
                }
                yield Result.command("CLOSE CURSOR");
            }
            case "listen" -> Result.command("LISTEN");
            case "unlisten" -> Result.command("UNLISTEN");
            default ->
                throw new PgSession.Failure(new PgError(
                        PgError.FEATURE_NOT_SUPPORTED, command.toUpperCase(Locale.ROOT) + " is not supported"));
        };
    }

    private void endTransaction() {
        status = Messages.Status.IDLE;
        cursors.values().removeIf(c -> !c.hold);
    }

    private Result set(List<Token> t) {
        int at = 1;
        if (at < t.size() && (t.get(at).isWord("session") || t.get(at).isWord("local"))) {
            if (at + 1 < t.size() && t.get(at + 1).isWord("characteristics")) {
                return Result.command("SET");
            }
            if (at + 1 < t.size() && t.get(at + 1).isWord("authorization")) {
                return setRole(t, at + 2);
            }
            at++;
        }
        if (at >= t.size()) {
            throw new PgSession.Failure(new PgError(PgError.SYNTAX_ERROR, "syntax error at end of input"));
        }
        if (t.get(at).isWord("transaction")) {
            return Result.command("SET");
        }
        if (t.get(at).isWord("role")) {
            return setRole(t, at + 1);
        }
        String name;
        int valueAt;
        if (t.get(at).isWord("time") && at + 1 < t.size() && t.get(at + 1).isWord("zone")) {
            name = "timezone";
            valueAt = at + 2;
        } else if (t.get(at).isWord("names")) {
            name = "client_encoding";
            valueAt = at + 1;
        } else {
            int to = at + 1;
            while (to < t.size() && t.get(to).isSymbol(".")) {
                to += 2;
            }
            name = words(t, at, Math.min(to, t.size()));
            valueAt = to;
            if (valueAt < t.size()
                    && (t.get(valueAt).isWord("to") || t.get(valueAt).isSymbol("="))) {
                valueAt++;
            }
        }
        String value = valueAt < t.size() && !t.get(valueAt).isWord("default") ? values(t, valueAt) : null;
        boolean report;
        try {
            report = settings.set(name, value);
        } catch (IllegalArgumentException e) {
            throw new PgSession.Failure(new PgError(PgError.INVALID_PARAMETER_VALUE, e.getMessage()));
        }
        Map<String, String> changed = report
                ? Map.of(
                        Settings.spelling(Settings.key(name)),
                        settings.get(name).orElse(""))
                : Map.of();
        return new Result(List.of(), List.of(), "SET", List.of()).withStatus(changed);
    }

    private Result setRole(List<Token> t, int at) {
        String role = at < t.size() ? CatalogSql.unquote(t.get(at)) : "";
        if (role.equalsIgnoreCase("none") || role.equalsIgnoreCase("default") || role.equals(principal.userId())) {
            return Result.command("SET");
        }
        throw new PgSession.Failure(new PgError("42501", "permission denied to set role \"" + role + "\""));
    }

    private Result show(List<Token> t) {
        if (t.size() >= 2 && t.get(1).isWord("all")) {
            List<List<Object>> rows = new ArrayList<>();
            settings.all().forEach((k, v) -> rows.add(List.of(Settings.spelling(k), v, "")));
            return new Result(List.of(text("name"), text("setting"), text("description")), rows, "SHOW", List.of());
        }
        String name = t.size() >= 3 && t.get(1).isWord("transaction")
                ? "transaction_isolation"
                : t.size() >= 3 && t.get(1).isWord("time") ? "timezone" : words(t, 1, t.size());
        String value = settings.get(name)
                .orElseThrow(() -> new PgSession.Failure(new PgError(
                        PgError.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"")));
        List<Object> row = new ArrayList<>();
        row.add(value);
        return new Result(List.of(text(Settings.spelling(Settings.key(name)))), List.of(row), "SHOW", List.of());
    }

    private Result declare(Statement statement) {
        List<Token> t = statement.tokens();
        if (t.size() < 2) {
            throw new PgSession.Failure(new PgError(PgError.SYNTAX_ERROR, "syntax error at end of input"));
        }
        String name = CatalogSql.unquote(t.get(1));
        int forAt = -1;
        boolean hold = false;
        for (int i = 2; i < t.size(); i++) {
            if (t.get(i).isWord("with") && i + 1 < t.size() && t.get(i + 1).isWord("hold")) {
                hold = true;
            }
            if (t.get(i).isWord("for")) {
                forAt = i;
                break;
            }
        }
        if (forAt < 0 || forAt + 1 >= t.size()) {
            throw new PgSession.Failure(new PgError(PgError.SYNTAX_ERROR, "DECLARE needs CURSOR FOR a query"));
        }
        if (!hold && status == Messages.Status.IDLE) {
            throw new PgSession.Failure(new PgError("25P01", "DECLARE CURSOR can only be used in transaction blocks"));
        }
        if (cursors.size() >= PgSession.MAX_PORTALS) {
            throw new PgSession.Failure(
                    new PgError("53400", "too many open cursors (" + PgSession.MAX_PORTALS + "): close some"));
        }
        if (cursors.containsKey(name)) {
            throw new PgSession.Failure(
                    new PgError(PgError.DUPLICATE_CURSOR, "cursor \"" + name + "\" already exists"));
        }
        Statement query =
                Statement.of(statement.sql().substring(t.get(forAt + 1).start()));
        if (query.kind() != Statement.Kind.QUERY && query.kind() != Statement.Kind.CATALOG) {
            throw new PgSession.Failure(new PgError(PgError.SYNTAX_ERROR, "a cursor needs a SELECT"));
        }
        cursors.put(name, new Cursor(run(query), hold));
        return Result.command("DECLARE CURSOR");
    }

    private Result fetch(List<Token> t, boolean move) {
        String name = cursorName(t);
        Cursor cursor = cursors.get(name);
        if (cursor == null) {
            throw new PgSession.Failure(
                    new PgError(PgError.INVALID_CURSOR_NAME, "cursor \"" + name + "\" does not exist"));
        }
        long count = 1;
        for (int i = 1; i < t.size() - 1; i++) {
            Token x = t.get(i);
            if (x.isWord("all")) {
                count = Long.MAX_VALUE;
            } else if (x.type() == Type.NUMBER) {
                count = Long.parseLong(x.text());
            } else if (x.isWord("from") || x.isWord("in") || x.isWord("next") || x.isWord("forward")) {
                continue;
            } else if (x.type() == Type.WORD) {
                throw new PgSession.Failure(new PgError(
                        PgError.FEATURE_NOT_SUPPORTED,
                        "FETCH " + x.upper() + " is not supported: cursors read forward only"));
            }
        }
        int from = cursor.position;
        int size = cursor.result.rows().size();
        int to = count >= size - from ? size : (int) (from + count);
        cursor.position = to;
        if (move) {
            return Result.command("MOVE " + (to - from));
        }
        return new Result(cursor.result.columns(), cursor.result.rows().subList(from, to), "FETCH {n}", List.of());
    }

    private static String cursorName(List<Token> t) {
        return t.isEmpty() ? "" : CatalogSql.unquote(t.getLast());
    }

    private static Messages.Field text(String name) {
        return new Messages.Field(name, 0, (short) 0, PgType.TEXT, (short) 0);
    }

    private static String words(List<Token> t, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            out.append(CatalogSql.unquote(t.get(i)));
        }
        return out.toString();
    }

    private static String values(List<Token> t, int from) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = from; i < t.size(); i++) {
            Token x = t.get(i);
            if (x.isSymbol(",")) {
                parts.add(current.toString());
                current = new StringBuilder();
            } else {
                if (!current.isEmpty()
                        && x.type() != Type.SYMBOL
                        && !(i > from && t.get(i - 1).type() == Type.SYMBOL)) {
                    current.append(' ');
                }
                current.append(CatalogSql.unquote(x));
            }
        }
        parts.add(current.toString());
        return String.join(", ", parts);
    }

    private static PgSession.Failure inFailedTransaction() {
        return new PgSession.Failure(new PgError(
                PgError.IN_FAILED_TRANSACTION,
                "current transaction is aborted, commands ignored until end of transaction block"));
    }
}
