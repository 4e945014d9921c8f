package io.sextant.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.sextant.SextantException;
import io.sextant.catalog.Warehouse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    /** Where statements run: a connection on each call, and the warehouse's kind. */
    interface Connections {
        Connection connect() throws SQLException;

        String kind();
    }

    private final Connections warehouse;
    private final SqlConfig config;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sextant-sql-timeout");
        t.setDaemon(true);
        return t;
    });

    /** Opens and closes statements; bounded in practice by the concurrency slots. */
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sextant-sql-worker");
        t.setDaemon(true);
        return t;
    });

    private final Slots slots;
    private final MemoryWatchdog watchdog;
    /** Statements running now, cancelled when the server stops. */
    private final java.util.Set<Cancellation> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private volatile boolean stopping;

    @Inject
    QueryRunner(Warehouse warehouse, SqlConfig config) {
        this(
                new Connections() {
                    @Override
                    public Connection connect() {
                        return warehouse.connect();
                    }

                    @Override
                    public String kind() {
                        return warehouse.kind();
                    }
                },
                config);
    }

    QueryRunner(Connections warehouse, SqlConfig config) {
        this.warehouse = warehouse;
        this.config = config;
        this.slots = new Slots(config.maxConcurrent(), config.maxConcurrentPerUser(), config.queueTimeout());
        this.watchdog = new MemoryWatchdog(
                config.memoryBudget()
                        .map(MemorySize::asLongValue)
                        .orElseGet(() -> Runtime.getRuntime().maxMemory() + (4L << 30)),
                config.memoryHeadroom().asLongValue());
    }

    /**
     * The packaged server stops on SIGTERM: the JVM's shutdown hooks run at once, while the HTTP
     * server still answers requests in flight. Statements get the shutdown grace to finish, then
     * are cancelled, so every caller gets an answer before the connections close.
     */
    void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.NORMAL) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopRunning, "sextant-sql-stop"));
        }
    }

    /** Waits up to the shutdown grace for running statements, then cancels those left. */
    void stopRunning() {
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopping = true;
        if (!running.isEmpty()) {
            LOG.infof("Stopping: cancelling %d running statement(s)", running.size());
            running.forEach(Cancellation::cancel);
        }
    }

    /** Statements waiting for a concurrency slot now. */
    public int waiting() {
        return slots.waiting();
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
        Execution execution = new Execution(slots.acquire(statement.principal()), cancellation);
        ScheduledFuture<?> timeout = timer.schedule(
                () -> {
                    timedOut.set(true);
                    cancellation.cancel();
                },
                config.statementTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        watchdog.watch(cancellation);
        running.add(cancellation);
        try {
            ResultSet rs = execution.open(statement, timedOut);
            read(
                    rs,
                    sink,
                    new ResultBudget(
                            config.maxResultBytes().asLongValue(),
                            config.maxCellBytes().asLongValue()));
        } catch (IOException e) {
            LOG.debugf("The client went away; statement cancelled: %s", e.getMessage());
            cancellation.cancel();
            throw new SextantException(SextantException.Kind.CONFLICT, "query-cancelled", "The client went away.", e);
        } catch (SQLException e) {
            overBudget.set(watchdog.release(cancellation));
            if (overBudget.get()) {
                throw new SextantException(
                        SextantException.Kind.UNPROCESSABLE,
                        "query-too-expensive",
                        "The query needed more memory than the server may use and was stopped; narrow it down.",
                        e);
            }
            if (timedOut.get()) {
                throw timeoutError(e);
            }
            if (cancellation.cancelled() && stopping) {
                throw new SextantException(
                        SextantException.Kind.UNAVAILABLE,
                        "server-stopping",
                        "Sextant is stopping and cancelled the query; run it again in a moment.",
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
        } finally {
            running.remove(cancellation);
            timeout.cancel(false);
            watchdog.release(cancellation);
            execution.close();
        }
    }

    private SextantException timeoutError(Exception cause) {
        return new SextantException(
                SextantException.Kind.UNAVAILABLE,
                "query-timeout",
                "The query ran longer than " + config.statementTimeout().toSeconds() + " s and was cancelled.",
                cause);
    }

    /**
     * One statement's connection and slot. Opening (connect, execute) and closing (cancel
     * unwinding, rollback) run on a worker thread the caller waits for only until the statement
     * timeout plus a grace period: a warehouse that is slow to honour a cancel keeps the worker,
     * the connection and the concurrency slot until it does, but never the caller.
     */
    private final class Execution {

        private final Slots.Slot slot;
        private final Cancellation cancellation;
        private final long deadline;
        private Connection connection;
        private Statement statement;
        private ResultSet results;

        Execution(Slots.Slot slot, Cancellation cancellation) {
            this.slot = slot;
            this.cancellation = cancellation;
            this.deadline = System.nanoTime()
                    + config.statementTimeout().toNanos()
                    + config.cancelGrace().toNanos();
        }

        private CompletableFuture<ResultSet> opening;

        /** Connects and executes; the rows are then read by the caller. */
        ResultSet open(CheckedSql checked, AtomicBoolean timedOut) throws SQLException {
            opening = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            connection = warehouse.connect();
                            connection.setReadOnly(true);
                            connection.setAutoCommit(false);
                            statement = connection.createStatement();
                            cancellation.attach(statement);
                            prepare(statement, checked);
                            limitSession(statement);
                            results = statement.executeQuery(checked.sql());
                            return results;
                        } catch (SQLException e) {
                            throw new CompletionException(e);
                        }
                    },
                    workers);
            try {
                return opening.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                cancellation.cancel();
                LOG.warnf(
                        "The warehouse has not stopped a cancelled statement %d ms after its timeout; the caller is"
                                + " answered, the statement keeps its slot until it ends: %s",
                        config.cancelGrace().toMillis(), checked.sql());
                timedOut.set(true);
                throw new SQLException("abandoned after the cancel grace period", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancellation.cancel();
                throw new SQLException("interrupted", e);
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case SQLException sql -> throw sql;
                    case RuntimeException runtime -> throw runtime;
                    default -> throw new SQLException(e.getCause());
                }
            }
        }

        /**
         * Closes once opening has ended, on a worker; waits for that only until the deadline (at
         * least a second), so a warehouse still unwinding a cancel does not hold the caller.
         */
        void close() {
            if (opening == null) {
                slot.close();
                return;
            }
            boolean abandoned = !opening.isDone();
            CompletableFuture<Void> closing = opening.handleAsync(
                    (rs, error) -> {
                        closeNow();
                        return null;
                    },
                    workers);
            try {
                if (!abandoned) {
                    closing.get(
                            Math.max(TimeUnit.SECONDS.toNanos(1), deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException e) {
                LOG.warn("A cancelled statement is still unwinding after its grace period; it closes when it ends");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.debugf("Closing a statement failed: %s", e.getCause());
            }
        }

        private void closeNow() {
            cancellation.detach();
            try {
                if (results != null) {
                    results.close();
                }
                if (statement != null) {
                    statement.close();
                }
                if (connection != null) {
                    connection.rollback();
                }
            } catch (SQLException e) {
                LOG.debugf("Closing a statement failed: %s", e.getMessage());
            } finally {
                try {
                    if (connection != null) {
                        connection.close();
                    }
                } catch (SQLException e) {
                    LOG.debugf("Closing a connection failed: %s", e.getMessage());
                }
                slot.close();
            }
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
        workers.shutdown();
    }
}
