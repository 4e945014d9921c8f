package io.sextant.eval;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Execution accuracy: whether two result sets are the same. Rows compare as multisets unless the
 * gold SQL orders them; numbers compare within a tolerance (relative, with an absolute floor for
 * values near zero); NULL equals only NULL; a number never equals text; everything else compares by its text.
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
        List<List<Object>> unmatched = new ArrayList<>(actual);
        for (List<Object> row : expected) {
            int match = -1;
            for (int i = 0; i < unmatched.size(); i++) {
                if (sameRow(row, unmatched.get(i))) {
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

    boolean sameRow(List<Object> a, List<Object> b) {
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

    boolean sameValue(Object a, Object b) {
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
        return Objects.equals(a.toString(), b.toString());
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
