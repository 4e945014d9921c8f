package io.sextant.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.sextant.SextantException;
import io.sextant.catalog.Warehouse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Runs statements the guard accepted on the warehouse: on a read-only connection inside a
 * read-only transaction that is rolled back, with a statement timeout, the row cap, rows streamed
 * as they arrive and cancellation on request.
 */
@ApplicationScoped
public class QueryRunner {

    /** Receives a result as it streams: the columns once, then each row. */
    public interface RowSink {

        void columns(List<QueryResult.Column> columns) throws IOException;

        void row(List<Object> row) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(QueryRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DUCKDB_ROWS = Pattern.compile("~\\s*([0-9,]+)\\s+[Rr]ows|EC:\\s*([0-9]+)");

    private final Warehouse warehouse;
    private final SqlConfig config;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sextant-sql-timeout");
        t.setDaemon(true);
        return t;
    });

    private final Slots slots;
    private final MemoryWatchdog watchdog;

    QueryRunner(Warehouse warehouse, SqlConfig config) {
        this.warehouse = warehouse;
        this.config = config;
        this.slots = new Slots(config.maxConcurrent(), config.maxConcurrentPerUser(), config.queueTimeout());
        this.watchdog = new MemoryWatchdog(config.memoryBudget()
                .map(MemorySize::asLongValue)
                .orElseGet(() -> Runtime.getRuntime().maxMemory() + (3L << 30)));
    }

    /** Runs the statement and collects its rows. */
    public QueryResult run(CheckedSql statement, Cancellation cancellation) {
        List<QueryResult.Column> columns = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        long start = System.nanoTime();
        stream(statement, cancellation, new RowSink() {
            @Override
            public void columns(List<QueryResult.Column> c) {
                columns.addAll(c);
            }

            @Override
            public void row(List<Object> row) {
                rows.add(row);
            }
        });
        boolean truncated = statement.rowCap() > 0 && rows.size() >= statement.rowCap();
        return new QueryResult(columns, rows, truncated, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Runs the statement and hands each row to the sink as it arrives. An IOException from the
     * sink (the client went away) cancels the statement.
     *
     * @throws SextantException {@code sql-not-executable} for export-only dialects, {@code
     *     query-timeout}, {@code query-cancelled}, {@code query-failed} or {@code
     *     warehouse-unavailable}
     */
    public void stream(CheckedSql statement, Cancellation cancellation, RowSink sink) {
        if (!statement.target().executable()) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT,
                    "sql-not-executable",
                    "SQL rendered for " + statement.target() + " is for export; Sextant cannot run it.");
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        AtomicBoolean overBudget = new AtomicBoolean();
        try (Slots.Slot slot = slots.acquire(statement.principal());
                Connection connection = warehouse.connect()) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                cancellation.attach(st);
                watchdog.watch(cancellation);
                ScheduledFuture<?> timeout = timer.schedule(
                        () -> {
                            timedOut.set(true);
                            cancellation.cancel();
                        },
                        config.statementTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
                try {
                    prepare(st, statement);
                    limitSession(st);
                    try (ResultSet rs = st.executeQuery(statement.sql())) {
                        read(
                                rs,
                                sink,
                                new ResultBudget(
                                        config.maxResultBytes().asLongValue(),
                                        config.maxCellBytes().asLongValue()));
                    }
                } finally {
                    timeout.cancel(false);
                    overBudget.set(watchdog.release(cancellation));
                    cancellation.detach();
                    connection.rollback();
                }
            }
        } catch (IOException e) {
            LOG.debugf("The client went away; statement cancelled: %s", e.getMessage());
            throw new SextantException(SextantException.Kind.CONFLICT, "query-cancelled", "The client went away.", e);
        } catch (SQLException e) {
            if (overBudget.get()) {
                throw new SextantException(
                        SextantException.Kind.UNPROCESSABLE,
                        "query-too-expensive",
                        "The query needed more memory than the server may use and was stopped; narrow it down.",
                        e);
            }
            if (timedOut.get()) {
                throw new SextantException(
                        SextantException.Kind.UNAVAILABLE,
                        "query-timeout",
                        "The query ran longer than " + config.statementTimeout().toSeconds() + " s and was cancelled.",
                        e);
            }
            if (cancellation.cancelled()) {
                throw new SextantException(
                        SextantException.Kind.CONFLICT, "query-cancelled", "The query was cancelled.", e);
            }
            WarehouseError error = WarehouseError.of(e);
            LOG.warnf(
                    "Warehouse error %s (%s) for: %s%n  %s",
                    error.reference(), error.code(), e.getMessage(), statement.sql());
            throw error;
        }
    }

    /**
     * Asks the warehouse for its plan and returns a warning when some step is expected to
     * produce more rows than {@code sextant.sql.cost-warning-rows}; empty when it is not, when
     * EXPLAIN is off, or when the warehouse's plan cannot be read.
     */
    public Optional<String> costWarning(CheckedSql statement) {
        if (!config.explain() || !statement.target().executable()) {
            return Optional.empty();
        }
        try (Connection connection = warehouse.connect();
                Statement st = connection.createStatement()) {
            st.setQueryTimeout(5);
            long rows = switch (statement.target()) {
                case POSTGRESQL -> postgresRows(st, statement.sql());
                case DUCKDB -> duckDbRows(st, statement.sql());
                default -> -1;
            };
            return rows > config.costWarningRows()
                    ? Optional.of("The warehouse expects a step of this query to produce about " + rows
                            + " rows; it may be slow or costly.")
                    : Optional.empty();
        } catch (SQLException | SextantException | IOException e) {
            LOG.debugf("EXPLAIN failed, no cost estimate: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Per-transaction limits where the warehouse has them, so the database itself ends a runaway
     * statement even if the cancel from here does not get through.
     */
    private void limitSession(Statement st) throws SQLException {
        long ms = config.statementTimeout().toMillis();
        switch (warehouse.kind()) {
            case "postgresql" -> {
                st.execute("SET LOCAL statement_timeout = " + ms);
                st.execute("SET LOCAL work_mem = '64MB'");
            }
            case "mysql", "mariadb" -> {
                try {
                    st.execute("SET SESSION max_statement_time = " + Math.max(1, ms / 1000)); // MariaDB
                } catch (SQLException e) {
                    st.execute("SET SESSION max_execution_time = " + ms); // MySQL
                }
            }
            default -> {
                // DuckDB is bounded when it is opened (Warehouse); H2 and SQLite have the timeout
            }
        }
    }

    private void prepare(Statement st, CheckedSql statement) throws SQLException {
        if (statement.rowCap() > 0) {
            st.setMaxRows((int) Math.min(Integer.MAX_VALUE, statement.rowCap()));
        }
        st.setFetchSize(500);
        try {
            st.setQueryTimeout((int) Math.max(1, config.statementTimeout().toSeconds()));
        } catch (SQLFeatureNotSupportedException e) {
            // The scheduled cancel still stops it.
        }
    }

    private static void read(ResultSet rs, RowSink sink, ResultBudget budget) throws SQLException, IOException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<QueryResult.Column> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            columns.add(new QueryResult.Column(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
        }
        sink.columns(columns);
        while (rs.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                Object value = value(rs.getObject(i));
                budget.add(value);
                row.add(value);
            }
            sink.row(row);
        }
    }

    /** A JDBC value as a JSON-friendly object. */
    static Object value(Object value) throws SQLException {
        return switch (value) {
            case null -> null;
            case Number n -> n;
            case Boolean b -> b;
            case String s -> s;
            case java.sql.Date d -> d.toLocalDate().toString();
            case Timestamp t -> t.toLocalDateTime().toString();
            case Time t -> t.toLocalTime().toString();
            case Clob c -> c.getSubString(1, (int) Math.min(Integer.MAX_VALUE, c.length()));
            case Blob b -> "<" + b.length() + " bytes>";
            case byte[] bytes -> "<" + bytes.length + " bytes>";
            case Array a -> a.toString();
            default -> value.toString();
        };
    }

    private static long postgresRows(Statement st, String sql) throws SQLException, IOException {
        try (ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON) " + sql)) {
            rs.next();
            return maxPlanRows(JSON.readTree(rs.getString(1)));
        }
    }

    private static long maxPlanRows(JsonNode node) {
        long max = node.has("Plan Rows") ? node.get("Plan Rows").asLong() : -1;
        for (JsonNode child : node) {
            max = Math.max(max, maxPlanRows(child));
        }
        return max;
    }

    private static long duckDbRows(Statement st, String sql) throws SQLException {
        long max = -1;
        try (ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String plan = rs.getString(i);
                    if (plan == null) {
                        continue;
                    }
                    Matcher m = DUCKDB_ROWS.matcher(plan);
                    while (m.find()) {
                        String digits = m.group(1) != null ? m.group(1) : m.group(2);
                        max = Math.max(max, Long.parseLong(digits.replace(",", "")));
                    }
                }
            }
        }
        return max;
    }

    @PreDestroy
    void close() {
        watchdog.close();
        timer.shutdownNow();
    }
}
