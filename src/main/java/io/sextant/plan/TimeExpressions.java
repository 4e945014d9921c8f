package io.sextant.plan;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the time in a question: absolute periods ("in 2024", "Q3 2025", "the second half of
 * 2025", "December 2025"), relative ones against a clock ("last quarter", "this year", "year to
 * date", "since March", "the last 3 months"), ranges ("between 2023 and 2025") and the grain of a
 * grouping ("monthly", "by quarter", "each year"). Works on lower-case words, numbers as digits.
 * Relative periods are whole calendar units: "last quarter" on 2026-05-10 is 2026-Q1.
 */
public final class TimeExpressions {

    private static final Pattern YEAR = Pattern.compile("(19|20)\\d\\d");
    private static final Pattern QUARTER = Pattern.compile("q([1-4])");
    private static final Pattern HALF = Pattern.compile("h([12])");
    private static final Pattern FISCAL_YEAR = Pattern.compile("fy((?:19|20)?\\d\\d)");
    private static final Map<String, Integer> ORDINALS =
            Map.of("first", 1, "1st", 1, "second", 2, "2nd", 2, "third", 3, "3rd", 3, "fourth", 4, "4th", 4);
    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("january", 1),
            Map.entry("jan", 1),
            Map.entry("february", 2),
            Map.entry("feb", 2),
            Map.entry("march", 3),
            Map.entry("mar", 3),
            Map.entry("april", 4),
            Map.entry("apr", 4),
            Map.entry("may", 5),
            Map.entry("june", 6),
            Map.entry("jun", 6),
            Map.entry("july", 7),
            Map.entry("jul", 7),
            Map.entry("august", 8),
            Map.entry("aug", 8),
            Map.entry("september", 9),
            Map.entry("sep", 9),
            Map.entry("sept", 9),
            Map.entry("october", 10),
            Map.entry("oct", 10),
            Map.entry("november", 11),
            Map.entry("nov", 11),
            Map.entry("december", 12),
            Map.entry("dec", 12));
    private static final Map<String, Grain> UNITS = Map.ofEntries(
            Map.entry("day", Grain.DAY),
            Map.entry("days", Grain.DAY),
            Map.entry("week", Grain.WEEK),
            Map.entry("weeks", Grain.WEEK),
            Map.entry("month", Grain.MONTH),
            Map.entry("months", Grain.MONTH),
            Map.entry("quarter", Grain.QUARTER),
            Map.entry("quarters", Grain.QUARTER),
            Map.entry("year", Grain.YEAR),
            Map.entry("years", Grain.YEAR));
    private static final Map<String, Grain> ADVERBS = Map.of(
            "daily", Grain.DAY,
            "weekly", Grain.WEEK,
            "monthly", Grain.MONTH,
            "quarterly", Grain.QUARTER,
            "yearly", Grain.YEAR,
            "annual", Grain.YEAR,
            "annually", Grain.YEAR);

    private TimeExpressions() {}

    /** Reads the words of a question against today's date (the first month of the fiscal year: 1). */
    public static TimeReading read(List<String> words, LocalDate today) {
        return read(words, today, 1);
    }

    /**
     * Reads the words of a question against today's date.
     *
     * @param fiscalStartMonth the month a fiscal year starts in (1 for calendar years); fiscal
     *     years are named after the calendar year they end in ("FY2026" from 2025-07-01 when it
     *     starts in July)
     */
    public static TimeReading read(List<String> words, LocalDate today, int fiscalStartMonth) {
        List<Period> periods = new ArrayList<>();
        Grain grain = null;
        TreeSet<Integer> consumed = new TreeSet<>();
        for (int i = 0; i < words.size(); i++) {
            if (consumed.contains(i)) {
                continue;
            }
            Match m = match(words, i, today, fiscalStartMonth);
            if (m == null) {
                continue;
            }
            for (int k = m.from; k < m.to; k++) {
                consumed.add(k);
            }
            if (m.period != null) {
                periods.add(m.period);
            }
            if (m.grain != null) {
                grain = m.grain;
            }
            i = m.to - 1;
        }
        return new TimeReading(periods, Optional.ofNullable(grain), List.copyOf(consumed));
    }

    private record Match(int from, int to, Period period, Grain grain) {}

    private static Match match(List<String> w, int i, LocalDate today, int fiscalStart) {
        String word = w.get(i);
        String next = at(w, i + 1);
        String after = at(w, i + 2);

        // "between 2023 and 2025", "from 2023 to 2025"
        if ((word.equals("between") || word.equals("from"))
                && isYear(next)
                && (after.equals("and") || after.equals("to"))
                && isYear(at(w, i + 3))) {
            int a = Integer.parseInt(next);
            int b = Integer.parseInt(at(w, i + 3));
            if (b >= a) {
                return new Match(
                        i, i + 4, new Period(LocalDate.of(a, 1, 1), LocalDate.of(b + 1, 1, 1), a + "–" + b), null);
            }
        }
        // "year to date", "quarter to date", "month to date", "ytd"
        if (word.equals("ytd")) {
            return new Match(i, i + 1, new Period(today.withDayOfYear(1), today.plusDays(1), "year to date"), null);
        }
        if (UNITS.containsKey(word) && next.equals("to") && after.equals("date")) {
            Grain unit = UNITS.get(word);
            return new Match(i, i + 3, new Period(startOf(today, unit), today.plusDays(1), word + " to date"), null);
        }
        // "since March", "since 2024", "since March 2025"
        if (word.equals("since")) {
            if (isYear(next)) {
                return new Match(
                        i,
                        i + 2,
                        new Period(LocalDate.of(Integer.parseInt(next), 1, 1), today.plusDays(1), "since " + next),
                        null);
            }
            if (MONTHS.containsKey(next)) {
                int month = MONTHS.get(next);
                boolean withYear = isYear(after);
                LocalDate start =
                        withYear ? LocalDate.of(Integer.parseInt(after), month, 1) : mostRecentMonth(today, month);
                return new Match(
                        i,
                        withYear ? i + 3 : i + 2,
                        new Period(start, today.plusDays(1), "since " + start.getMonth() + " " + start.getYear()),
                        null);
            }
        }
        // "last quarter", "previous year", "past month", "last 3 months", "this year", "current quarter"
        if (word.equals("last") || word.equals("previous") || word.equals("past") || word.equals("prior")) {
            if (UNITS.containsKey(next)) {
                Grain unit = UNITS.get(next);
                LocalDate end = startOf(today, unit);
                return new Match(i, i + 2, new Period(minus(end, unit, 1), end, word + " " + next), null);
            }
            if (next.matches("\\d{1,3}") && UNITS.containsKey(after)) {
                Grain unit = UNITS.get(after);
                int n = Integer.parseInt(next);
                LocalDate end = startOf(today, unit);
                if (n > 0) {
                    return new Match(
                            i, i + 3, new Period(minus(end, unit, n), end, word + " " + n + " " + after), null);
                }
            }
        }
        if ((word.equals("this") || word.equals("current")) && UNITS.containsKey(next)) {
            Grain unit = UNITS.get(next);
            LocalDate start = startOf(today, unit);
            return new Match(i, i + 2, new Period(start, minus(start, unit, -1), word + " " + next), null);
        }
        // "Q3 2025", "2025 Q3", "Q3" (the latest)
        Matcher q = QUARTER.matcher(word);
        if (q.matches()) {
            int quarter = Integer.parseInt(q.group(1));
            return quarter(i, i + 1, quarter, w, today);
        }
        // "third quarter of 2025", "the 3rd quarter"
        if (ORDINALS.containsKey(word) && (next.equals("quarter") || next.equals("half"))) {
            int n = ORDINALS.get(word);
            if (next.equals("quarter")) {
                return quarter(i, i + 2, n, w, today);
            }
            if (n <= 2) {
                return half(i, i + 2, n, w, today);
            }
        }
        Matcher h = HALF.matcher(word);
        if (h.matches()) {
            return half(i, i + 1, Integer.parseInt(h.group(1)), w, today);
        }
        // "FY2026", "fiscal year 2026", "fiscal 2026"
        Matcher fy = FISCAL_YEAR.matcher(word);
        if (fy.matches() || (word.equals("fiscal") && (isYear(next) || (next.equals("year") && isYear(after))))) {
            int year;
            int to;
            if (fy.matches()) {
                year = Integer.parseInt(fy.group(1).length() == 2 ? "20" + fy.group(1) : fy.group(1));
                to = i + 1;
            } else if (isYear(next)) {
                year = Integer.parseInt(next);
                to = i + 2;
            } else {
                year = Integer.parseInt(after);
                to = i + 3;
            }
            LocalDate start = fiscalStart == 1 ? LocalDate.of(year, 1, 1) : LocalDate.of(year - 1, fiscalStart, 1);
            return new Match(i, to, new Period(start, start.plusYears(1), "FY" + year), null);
        }
        // "December 2025", "dec 2025", "December" (the latest); "may" only next to a year
        if (MONTHS.containsKey(word)) {
            int month = MONTHS.get(word);
            if (isYear(next)) {
                LocalDate start = LocalDate.of(Integer.parseInt(next), month, 1);
                return new Match(
                        i,
                        i + 2,
                        new Period(start, start.plusMonths(1), start.getMonth() + " " + start.getYear()),
                        null);
            }
            if (word.length() > 3 && !word.equals("may")) { // "mar", "may", "dec" alone are other words
                LocalDate start = mostRecentMonth(today, month);
                return new Match(
                        i,
                        i + 1,
                        new Period(start, start.plusMonths(1), start.getMonth() + " " + start.getYear()),
                        null);
            }
        }
        if (isYear(word)
                && (QUARTER.matcher(next).matches() || HALF.matcher(next).matches())) {
            Match part = match(w, i + 1, today, fiscalStart); // reads the year before it
            return new Match(i, part.to, part.period, null);
        }
        if (isYear(word)) {
            int year = Integer.parseInt(word);
            return new Match(i, i + 1, new Period(LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1), word), null);
        }
        // grain: "monthly", "by month", "per quarter", "each year", "month over month"
        if (ADVERBS.containsKey(word)) {
            return new Match(i, i + 1, null, ADVERBS.get(word));
        }
        if ((word.equals("by") || word.equals("per") || word.equals("each") || word.equals("every"))
                && UNITS.containsKey(next)) {
            return new Match(i, i + 2, null, UNITS.get(next));
        }
        if (UNITS.containsKey(word) && next.equals("over") && after.equals(word)) {
            return new Match(i, i + 3, null, UNITS.get(word));
        }
        return null;
    }

    private static Match quarter(int from, int to, int quarter, List<String> w, LocalDate today) {
        return part(from, to, (quarter - 1) * 3 + 1, 3, "Q" + quarter, w, today);
    }

    private static Match half(int from, int to, int half, List<String> w, LocalDate today) {
        return part(from, to, half == 1 ? 1 : 7, 6, "H" + half, w, today);
    }

    /**
     * A part of a year (a quarter, a half) of the year written next to it ("Q3 2025", "the third
     * quarter of 2025", "2025 Q3"), or else the latest such part that has begun.
     */
    private static Match part(
            int from, int to, int firstMonth, int months, String name, List<String> w, LocalDate today) {
        int year;
        if (at(w, to).equals("of") && isYear(at(w, to + 1))) {
            year = Integer.parseInt(at(w, to + 1));
            to += 2;
        } else if (isYear(at(w, to))) {
            year = Integer.parseInt(at(w, to));
            to += 1;
        } else if (from > 0 && isYear(at(w, from - 1))) {
            year = Integer.parseInt(at(w, from - 1));
            from -= 1;
        } else {
            LocalDate candidate = LocalDate.of(today.getYear(), firstMonth, 1);
            year = candidate.isAfter(today) ? today.getYear() - 1 : today.getYear();
        }
        LocalDate start = LocalDate.of(year, firstMonth, 1);
        return new Match(from, to, new Period(start, start.plusMonths(months), year + "-" + name), null);
    }

    /** The start of the calendar unit that holds the day (weeks start on Monday). */
    static LocalDate startOf(LocalDate day, Grain unit) {
        return switch (unit) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> LocalDate.of(day.getYear(), ((day.getMonthValue() - 1) / 3) * 3 + 1, 1);
            case YEAR -> day.withDayOfYear(1);
        };
    }

    private static LocalDate minus(LocalDate start, Grain unit, int n) {
        return switch (unit) {
            case DAY -> start.minusDays(n);
            case WEEK -> start.minusWeeks(n);
            case MONTH -> start.minusMonths(n);
            case QUARTER -> start.minusMonths(3L * n);
            case YEAR -> start.minusYears(n);
        };
    }

    private static LocalDate mostRecentMonth(LocalDate today, int month) {
        LocalDate start = LocalDate.of(today.getYear(), month, 1);
        return start.isAfter(today) ? start.minusYears(1) : start;
    }

    private static boolean isYear(String word) {
        return YEAR.matcher(word).matches();
    }

    private static String at(List<String> words, int i) {
        return i >= 0 && i < words.size() ? words.get(i) : "";
    }
}
