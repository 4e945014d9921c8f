package io.sextant.access;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rows of one table a principal may read: a SQL predicate over the table's columns with
 * placeholders for the principal's attributes, for the principals it applies to.
 *
 * @param table the table the policy protects
 * @param filter the predicate, e.g. {@code region_cd = {region}}
 * @param appliesTo groups the policy applies to; empty means every principal
 * @param exempt groups that read the table unfiltered
 */
public record RowPolicy(String table, String filter, Set<String> appliesTo, Set<String> exempt) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.-]*)}");

    /** Predicate that admits no row, for principals lacking an attribute the filter needs. */
    public static final String NO_ROWS = "1 = 0";

    public RowPolicy {
        requireNonNull(table, "table");
        requireNonNull(filter, "filter");
        appliesTo = Set.copyOf(appliesTo);
        exempt = Set.copyOf(exempt);
    }

    /** True when the principal's reads of the table are filtered by this policy. */
    public boolean appliesTo(Principal principal) {
        boolean member = appliesTo.isEmpty() || appliesTo.stream().anyMatch(principal::inGroup);
        return member && exempt.stream().noneMatch(principal::inGroup);
    }

    /**
     * The predicate for this principal, its placeholders replaced by SQL string literals; {@link
     * #NO_ROWS} when the principal lacks an attribute the predicate names.
     */
    public String predicateFor(Principal principal) {
        Matcher m = PLACEHOLDER.matcher(filter);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = "user".equals(name)
                    ? principal.userId()
                    : principal.attributes().get(name);
            if (value == null) {
                return NO_ROWS;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(literal(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Attribute names the filter refers to. */
    public List<String> attributes() {
        return PLACEHOLDER.matcher(filter).results().map(r -> r.group(1)).toList();
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
