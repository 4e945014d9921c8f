package io.sextant.plan;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A range filter on a numeric field: "list price over 20" is {@code fact:products.list_price>20}.
 * In a {@link Plan} a range is a filter string of the element id, the operator and the bound.
 *
 * @param element the id of the fact or numeric dimension compared
 * @param operator {@code >}, {@code >=}, {@code <} or {@code <=}
 * @param bound the number it is compared with
 */
public record Range(String element, String operator, BigDecimal bound) {

    private static final Pattern FORM = Pattern.compile("([^=<>!]+)(>=|<=|>|<)(-?\\d+(?:\\.\\d+)?)");

    public Range {
        if (!operator.equals(">") && !operator.equals(">=") && !operator.equals("<") && !operator.equals("<=")) {
            throw new IllegalArgumentException("not a comparison: " + operator);
        }
    }

    /** The range a filter string denotes, if it is one. */
    public static Optional<Range> parse(String filter) {
        Matcher m = FORM.matcher(filter);
        return m.matches()
                ? Optional.of(new Range(m.group(1), m.group(2), new BigDecimal(m.group(3))))
                : Optional.empty();
    }

    /** True when the filter string is a range. */
    public static boolean is(String filter) {
        return FORM.matcher(filter).matches();
    }

    /** The filter string, as plans hold it. */
    @Override
    public String toString() {
        return element + operator + bound.toPlainString();
    }

    /** For people: "over 20", "at least 5". */
    public String describe() {
        String words = switch (operator) {
            case ">" -> "over ";
            case ">=" -> "at least ";
            case "<" -> "under ";
            default -> "at most ";
        };
        return words + bound.toPlainString();
    }
}
