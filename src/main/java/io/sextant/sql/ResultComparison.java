package io.sextant.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Execution accuracy: whether two result sets are the same ({@link #same}, strict: the same
 * columns in the same order) or whether an answer holds the gold result ({@link #covers}, as a
 * user judges it). Rows compare as multisets unless the gold SQL orders them; numbers compare
 * within a tolerance (relative, with an absolute floor for values near zero); NULL equals only
 * NULL; a number never equals text; time buckets compare by their first day; everything else
 * compares by its text.
 */
public final class ResultComparison {

    private final double tolerance;

    /** @param tolerance relative tolerance for numbers, e.g. 1e-6 */
    public ResultComparison(double tolerance) {
        this.tolerance = tolerance;
    }

    /** True when the rows are the same, in the same order if {@code ordered}. */
    public boolean same(List<List<Object>> expected, List<List<Object>> actual, boolean ordered) {
        if (expected.size() != actual.size()) {
            return false;
        }
        if (ordered) {
            for (int i = 0; i < expected.size(); i++) {
                if (!sameRow(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return sameMultiset(expected, actual, this::sameRow);
    }

    /** True when each expected element pairs with its own equal actual element. */
    private static <T> boolean sameMultiset(
            List<T> expected, List<T> actual, java.util.function.BiPredicate<T, T> equal) {
        List<T> unmatched = new ArrayList<>(actual);
        for (T element : expected) {
            int match = -1;
            for (int i = 0; i < unmatched.size(); i++) {
                if (equal.test(element, unmatched.get(i))) {
                    match = i;
                    break;
                }
            }
            if (match < 0) {
                return false;
            }
            unmatched.remove(match);
        }
        return true;
    }

    /**
     * True when the answer holds the gold result as a user would judge it (as Spider 2.0's
     * evaluation does): every gold column appears among the answer's columns, by its values (extra
     * columns are fine, names and column order do not matter); rows compare as multisets unless
     * the gold SQL orders them.
     */
    public boolean covers(List<List<Object>> expected, List<List<Object>> actual, boolean ordered) {
        if (expected.size() != actual.size()) {
            return false;
        }
        if (expected.isEmpty()) {
            return true;
        }
        int goldColumns = expected.get(0).size();
        int answerColumns = actual.get(0).size();
        if (goldColumns > answerColumns) {
            return false;
        }
        List<List<Integer>> candidates = new ArrayList<>();
        for (int g = 0; g < goldColumns; g++) {
            List<Integer> fits = new ArrayList<>();
            for (int a = 0; a < answerColumns; a++) {
                if (sameColumn(column(expected, g), column(actual, a))) {
                    fits.add(a);
                }
            }
            if (fits.isEmpty()) {
                return false;
            }
            candidates.add(fits);
        }
        return assign(candidates, 0, new int[goldColumns], new boolean[answerColumns], expected, actual, ordered);
    }

    private boolean assign(
            List<List<Integer>> candidates,
            int g,
            int[] mapping,
            boolean[] used,
            List<List<Object>> expected,
            List<List<Object>> actual,
            boolean ordered) {
        if (g == candidates.size()) {
            List<List<Object>> projected = new ArrayList<>();
            for (List<Object> row : actual) {
                List<Object> picked = new ArrayList<>();
                for (int m : mapping) {
                    picked.add(row.get(m));
                }
                projected.add(picked);
            }
            return same(expected, projected, ordered);
        }
        for (int a : candidates.get(g)) {
            if (!used[a]) {
                used[a] = true;
                mapping[g] = a;
                if (assign(candidates, g + 1, mapping, used, expected, actual, ordered)) {
                    return true;
                }
                used[a] = false;
            }
        }
        return false;
    }

    private static List<Object> column(List<List<Object>> rows, int i) {
        List<Object> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(r.get(i)));
        return out;
    }

    /** The same values as multisets. */
    private boolean sameColumn(List<Object> a, List<Object> b) {
        return sameMultiset(a, b, this::sameValue);
    }

    public boolean sameRow(List<Object> a, List<Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!sameValue(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    public boolean sameValue(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            double dx = x.doubleValue();
            double dy = y.doubleValue();
            double scale = Math.max(1.0, Math.max(Math.abs(dx), Math.abs(dy)));
            return Math.abs(dx - dy) <= tolerance * scale;
        }
        if ((x == null) != (y == null)) {
            return false; // a number never equals text, even "0"
        }
        return Objects.equals(period(a.toString()), period(b.toString()));
    }

    private static final java.util.regex.Pattern MIDNIGHT =
            java.util.regex.Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[T ]00:00(:00(\\.0+)?)?");
    private static final java.util.regex.Pattern MONTH = java.util.regex.Pattern.compile("\\d{4}-\\d{2}");

    /**
     * A time bucket written as its first day: a TIMESTAMP at midnight and {@code 2025-01} are the
     * day {@code 2025-01-01}, so a month bucket reads the same whatever its type.
     */
    private static String period(String text) {
        java.util.regex.Matcher m = MIDNIGHT.matcher(text);
        if (m.matches()) {
            return m.group(1);
        }
        return MONTH.matcher(text).matches() ? text + "-01" : text;
    }

    private static BigDecimal number(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? new BigDecimal(n.toString()) : null;
        }
        return null;
    }

    /** True when the top level of the SQL orders its rows (an ORDER BY outside any parentheses). */
    public static boolean orders(String sql) {
        int depth = 0;
        String upper = sql.toUpperCase(java.util.Locale.ROOT);
        for (int i = 0; i < upper.length(); i++) {
            char c = upper.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0
                    && upper.startsWith("ORDER", i)
                    && upper.substring(i).matches("(?s)ORDER\\s+BY\\b.*")) {
                return true;
            }
        }
        return false;
    }
}
