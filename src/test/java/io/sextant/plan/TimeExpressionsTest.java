package io.sextant.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeExpressionsTest {

    /** A fixed clock: Tuesday 2026-05-12. */
    private static final LocalDate TODAY = LocalDate.of(2026, 5, 12);

    private static TimeReading read(String question) {
        List<String> words = Arrays.stream(question.toLowerCase().split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isEmpty())
                .toList();
        return TimeExpressions.read(words, TODAY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "net revenue in 2024                      | 2024-01-01 | 2025-01-01",
                "revenue by category in Q4 2025           | 2025-10-01 | 2026-01-01",
                "revenue for 2025 Q3                      | 2025-07-01 | 2025-10-01",
                "the third quarter of 2025                | 2025-07-01 | 2025-10-01",
                "orders in Q3                             | 2025-07-01 | 2025-10-01",
                "orders in Q1                             | 2026-01-01 | 2026-04-01",
                "the second half of 2025                  | 2025-07-01 | 2026-01-01",
                "H1 2025 revenue                          | 2025-01-01 | 2025-07-01",
                "sales in December 2025                   | 2025-12-01 | 2026-01-01",
                "sales in dec 2025                        | 2025-12-01 | 2026-01-01",
                "sales in December                        | 2025-12-01 | 2026-01-01",
                "sales in March                           | 2026-03-01 | 2026-04-01",
                "revenue last quarter                     | 2026-01-01 | 2026-04-01",
                "revenue this quarter                     | 2026-04-01 | 2026-07-01",
                "revenue last year                        | 2025-01-01 | 2026-01-01",
                "revenue this year                        | 2026-01-01 | 2027-01-01",
                "revenue last month                       | 2026-04-01 | 2026-05-01",
                "revenue over the last 3 months           | 2026-02-01 | 2026-05-01",
                "orders last week                         | 2026-05-04 | 2026-05-11",
                "revenue year to date                     | 2026-01-01 | 2026-05-13",
                "revenue ytd                              | 2026-01-01 | 2026-05-13",
                "orders since March                       | 2026-03-01 | 2026-05-13",
                "orders since March 2025                  | 2025-03-01 | 2026-05-13",
                "orders since 2024                        | 2024-01-01 | 2026-05-13",
                "revenue between 2023 and 2025            | 2023-01-01 | 2026-01-01",
            })
    void should_read_each_kind_of_period(String question, LocalDate start, LocalDate end) {
        TimeReading reading = read(question);
        assertThat(reading.periods()).as(question).hasSize(1);
        assertThat(reading.period().get().start()).as(question).isEqualTo(start);
        assertThat(reading.period().get().end()).as(question).isEqualTo(end);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "monthly net revenue for 2025 | MONTH",
                "revenue by quarter           | QUARTER",
                "orders per week              | WEEK",
                "share online each year       | YEAR",
                "annual revenue               | YEAR",
                "daily orders                 | DAY",
                "revenue month over month     | MONTH",
            })
    void should_read_the_grain(String question, Grain grain) {
        assertThat(read(question).grain()).as(question).contains(grain);
    }

    @Test
    void should_tell_periods_apart_and_equal_by_their_days() {
        assertThat(read("revenue in 2025").period())
                .isNotEqualTo(read("revenue in Q4 2025").period());
        assertThat(read("revenue in the fourth quarter of 2025").period())
                .isEqualTo(read("Q4 2025 revenue").period());
        assertThat(read("revenue last year").period())
                .isEqualTo(read("revenue in 2025").period());
    }

    @Test
    void should_read_two_periods_as_a_comparison_and_none_without_time_words() {
        assertThat(read("compare this year with last year").periods()).hasSize(2);
        assertThat(read("net revenue by region").periods()).isEmpty();
        assertThat(read("net revenue by region").grain()).isEmpty();
        // "may" is a month only next to a year
        assertThat(read("which customers may churn").periods()).isEmpty();
        assertThat(read("sales in may 2025").period().get().start()).isEqualTo(LocalDate.of(2025, 5, 1));
    }

    @Test
    void should_say_which_words_it_read() {
        TimeReading reading = read("net revenue by category in Q4 2025");
        assertThat(reading.consumed()).containsExactly(5, 6);
    }

    @Test
    void should_read_fiscal_years_from_the_fiscal_start_month() {
        List<String> words = List.of("revenue", "in", "fy2026");
        Period fiscal = TimeExpressions.read(words, TODAY, 7).period().orElseThrow();
        assertThat(fiscal.start()).isEqualTo(LocalDate.of(2025, 7, 1));
        assertThat(fiscal.end()).isEqualTo(LocalDate.of(2026, 7, 1));
    }
}
