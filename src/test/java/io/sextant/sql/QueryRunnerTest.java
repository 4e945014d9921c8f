package io.sextant.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.MemorySize;
import io.sextant.RateLimited;
import io.sextant.SextantException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runner against a warehouse that ignores cancels: the caller is answered within the timeout
 * plus the grace period, while the statement keeps its concurrency slot until it really ends.
 */
class QueryRunnerTest {

    private static final long TIMEOUT_MS = 500;
    private static final long GRACE_MS = 500;
    private static final long STUBBORN_MS = 3_000;

    private final AtomicInteger running = new AtomicInteger();
    private QueryRunner runner;

    @BeforeEach
    void start() {
        runner = new QueryRunner(new StubbornWarehouse(), new Limits());
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    private static CheckedSql statement(String sql, String user) {
        return new CheckedSql(sql, SqlTarget.H2, Set.of(), Set.of(), 0, List.of(), user);
    }

    @Test
    void should_answer_a_statement_the_warehouse_does_not_stop_within_timeout_plus_grace() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> runner.run(statement("SELECT 'stubborn' AS x", "ada"), new Cancellation()))
                .isInstanceOfSatisfying(
                        SextantException.class, e -> assertThat(e.code()).isEqualTo("query-timeout"));
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(ms).isLessThan(STUBBORN_MS).isGreaterThanOrEqualTo(TIMEOUT_MS);
        assertThat(running.get()).as("still running on the warehouse").isEqualTo(1);
    }

    @Test
    void should_keep_the_slot_of_an_abandoned_statement_until_it_ends() throws Exception {
        assertThatThrownBy(() -> runner.run(statement("SELECT 'stubborn' AS x", "ada"), new Cancellation()))
                .isInstanceOf(SextantException.class);

        // ada's only slot is still taken by the statement the warehouse is still running
        assertThatThrownBy(() -> runner.run(statement("SELECT 1 AS x", "ada"), new Cancellation()))
                .isInstanceOfSatisfying(
                        RateLimited.class, e -> assertThat(e.code()).isEqualTo("too-many-queries"));
        // others are not held up
        assertThat(runner.run(statement("SELECT 1 AS x", "elena"), new Cancellation())
                        .rows())
                .containsExactly(List.of(1));

        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> {
            while (running.get() > 0) {
                Thread.onSpinWait();
            }
        });
        ended.get(STUBBORN_MS * 2, TimeUnit.MILLISECONDS);
        assertThat(runner.run(statement("SELECT 2 AS x", "ada"), new Cancellation())
                        .rows())
                .containsExactly(List.of(2));
    }

    @Test
    void should_run_ordinary_statements_and_map_warehouse_errors() {
        QueryResult result = runner.run(statement("SELECT 1 AS x UNION ALL SELECT 2", "ada"), new Cancellation());
        assertThat(result.rows()).containsExactly(List.of(1), List.of(2));

        assertThatThrownBy(() -> runner.run(statement("SELECT CAST('x' AS INT) AS x", "ada"), new Cancellation()))
                .isInstanceOfSatisfying(
                        WarehouseError.class, e -> assertThat(e.getMessage()).doesNotContain("'x'"));
    }

    /** An in-memory H2 database whose statements ignore cancels while they "run" a stubborn query. */
    private final class StubbornWarehouse implements QueryRunner.Connections {

        @Override
        public Connection connect() throws SQLException {
            Connection real = DriverManager.getConnection("jdbc:h2:mem:");
            return proxy(Connection.class, (p, method, args) -> {
                Object value = invoke(real, method, args);
                if (value instanceof Statement st) {
                    return stubborn(st);
                }
                return value;
            });
        }

        private Statement stubborn(Statement real) {
            return proxy(Statement.class, (p, method, args) -> {
                if (method.getName().equals("executeQuery")
                        && args[0].toString().contains("stubborn")) {
                    running.incrementAndGet();
                    try {
                        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STUBBORN_MS);
                        while (System.nanoTime() < end) {
                            try {
                                Thread.sleep(10);
                            } catch (InterruptedException ignored) {
                                // a warehouse that does not listen
                            }
                        }
                        return invoke(real, method, args);
                    } finally {
                        running.decrementAndGet();
                    }
                }
                return invoke(real, method, args);
            });
        }

        @Override
        public String kind() {
            return "h2";
        }
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(QueryRunnerTest.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static final class Limits implements SqlConfig {
        @Override
        public long maxRows() {
            return 1000;
        }

        @Override
        public int maxLength() {
            return 100_000;
        }

        @Override
        public Duration statementTimeout() {
            return Duration.ofMillis(TIMEOUT_MS);
        }

        @Override
        public Duration cancelGrace() {
            return Duration.ofMillis(GRACE_MS);
        }

        @Override
        public Duration shutdownGrace() {
            return Duration.ofMillis(GRACE_MS);
        }

        @Override
        public boolean explain() {
            return false;
        }

        @Override
        public MemorySize maxResultBytes() {
            return new MemorySize(BigInteger.valueOf(1 << 20));
        }

        @Override
        public MemorySize maxCellBytes() {
            return new MemorySize(BigInteger.valueOf(1 << 16));
        }

        @Override
        public int maxConcurrent() {
            return 4;
        }

        @Override
        public int maxConcurrentPerUser() {
            return 1;
        }

        @Override
        public Duration queueTimeout() {
            return Duration.ofMillis(100);
        }

        @Override
        public Optional<MemorySize> memoryBudget() {
            return Optional.of(new MemorySize(BigInteger.ZERO));
        }

        @Override
        public MemorySize memoryHeadroom() {
            return new MemorySize(BigInteger.ZERO);
        }

        @Override
        public long costWarningRows() {
            return Long.MAX_VALUE;
        }
    }
}
