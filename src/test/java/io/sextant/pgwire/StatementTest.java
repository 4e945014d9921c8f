package io.sextant.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementTest {

    @Test
    void should_route_session_catalog_and_warehouse_statements() {
        assertThat(Statement.of("SET search_path TO main").kind()).isEqualTo(Statement.Kind.SESSION);
        assertThat(Statement.of("begin").kind()).isEqualTo(Statement.Kind.SESSION);
        assertThat(Statement.of("SELECT * FROM pg_catalog.pg_type").kind()).isEqualTo(Statement.Kind.CATALOG);
        assertThat(Statement.of("SELECT * FROM orders").kind()).isEqualTo(Statement.Kind.QUERY);
        assertThat(Statement.of("-- ping").kind()).isEqualTo(Statement.Kind.EMPTY);
        assertThat(Statement.split("SET a = 1; SELECT 1; ")).hasSize(2);
    }

    @Test
    void should_bind_parameters_as_checked_literals() {
        Statement s = Statement.of("SELECT * FROM t WHERE a = $1 AND b > $2 AND c = $3 AND d = $4 AND e = '$1'");
        assertThat(s.parameterCount()).isEqualTo(4);
        String bound = s.bind(
                Arrays.asList("x' OR '1'='1", "-5", "2024-02-29", null),
                List.of(PgType.TEXT, PgType.INT4, PgType.DATE, PgType.BOOL));
        assertThat(bound)
                .isEqualTo("SELECT * FROM t WHERE a =  'x'' OR ''1''=''1'  AND b >  CAST(-5 AS INTEGER)  AND c =  DATE"
                        + " '2024-02-29'  AND d =  NULL  AND e = '$1'");
    }

    @Test
    void should_refuse_a_value_that_is_not_of_its_type() {
        Statement s = Statement.of("SELECT * FROM t WHERE a = $1");
        for (PgType type : List.of(PgType.INT4, PgType.INT8, PgType.FLOAT8, PgType.NUMERIC)) {
            assertThatThrownBy(() -> s.bind(List.of("1 OR 1=1"), List.of(type))).isInstanceOf(PgSession.Failure.class);
            assertThatThrownBy(() -> s.bind(List.of("1--"), List.of(type))).isInstanceOf(PgSession.Failure.class);
        }
        assertThatThrownBy(() -> s.bind(List.of("2024-13-01"), List.of(PgType.DATE)))
                .isInstanceOf(PgSession.Failure.class);
        assertThatThrownBy(() -> s.bind(List.of("yes please"), List.of(PgType.BOOL)))
                .isInstanceOf(PgSession.Failure.class);
        assertThatThrownBy(() -> s.bind(List.of("a\0b"), List.of(PgType.TEXT))).isInstanceOf(PgSession.Failure.class);
    }

    @Test
    void should_name_unnamed_result_columns_as_postgresql_does() {
        assertThat(Executor.label("count_star()")).isEqualTo("count");
        assertThat(Executor.label("sum(amount)")).isEqualTo("sum");
        assertThat(Executor.label("(a + b)")).isEqualTo("?column?");
        assertThat(Executor.label("region_cd")).isEqualTo("region_cd");
    }

    @Test
    void should_write_and_read_numeric_in_binary() {
        for (String v :
                List.of("0", "1", "-1", "12345.678", "0.0001", "99999999.5", "-100000000", "3.14159265358979")) {
            BigDecimal value = new BigDecimal(v);
            String back = PgType.NUMERIC.fromBinary(PgType.numericBinary(value));
            assertThat(new BigDecimal(back)).as(v).isEqualByComparingTo(value);
        }
    }
}
