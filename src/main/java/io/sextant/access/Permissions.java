package io.sextant.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides who may see a warehouse table, a column and which rows; the one place other packages
 * ask.
 */
@ApplicationScoped
public class Permissions {

    /** One consistent set of rules; replaced whole, so a check never sees half an update. */
    private record Rules(Map<String, Acl> tables, Map<String, Acl> columns, Map<String, RowPolicy> rowPolicies) {}

    private volatile Rules rules;

    @Inject
    Permissions(AccessConfig config) {
        this(config.tables(), config.columns(), policies(config));
    }

    /** Builds permissions from group lists, as in {@link AccessConfig}, without row policies. */
    public Permissions(Map<String, List<String>> tables, Map<String, List<String>> columns) {
        this(tables, columns, List.of());
    }

    /** Builds permissions from group lists and row policies. */
    public Permissions(
            Map<String, List<String>> tables, Map<String, List<String>> columns, List<RowPolicy> rowPolicies) {
        replace(tables, columns, rowPolicies);
    }

    /** Replaces every rule at once; checks that start afterwards see only the new rules. */
    public void replace(
            Map<String, List<String>> tables, Map<String, List<String>> columns, List<RowPolicy> rowPolicies) {
        Map<String, Acl> t = new HashMap<>();
        Map<String, Acl> c = new HashMap<>();
        Map<String, RowPolicy> r = new HashMap<>();
        tables.forEach((name, groups) -> t.put(key(name), new Acl(Set.of(), new HashSet<>(groups))));
        columns.forEach((name, groups) -> c.put(key(name), new Acl(Set.of(), new HashSet<>(groups))));
        rowPolicies.forEach(p -> r.put(key(p.table()), p));
        this.rules = new Rules(Map.copyOf(t), Map.copyOf(c), Map.copyOf(r));
    }

    /** Restricted tables with the groups that may read them. */
    public Map<String, Acl> tableRules() {
        return rules.tables();
    }

    /** Restricted columns ({@code table.column}) with the groups that may read them. */
    public Map<String, Acl> columnRules() {
        return rules.columns();
    }

    /**
     * The current rules as one value: equal while nothing changed, different after any {@link
     * #replace} (for caches of decisions made under them).
     */
    public Object snapshot() {
        return rules;
    }

    /** Row policies by table. */
    public Map<String, RowPolicy> rowPolicies() {
        return rules.rowPolicies();
    }

    /** Permissions that restrict nothing. */
    public static Permissions unrestricted() {
        return new Permissions(Map.of(), Map.of());
    }

    /** Who may read the table. */
    public Acl table(String table) {
        return rules.tables().getOrDefault(key(table), Acl.everyone());
    }

    /** Who may read the column: its own restriction, else the table's. */
    public Acl column(String table, String column) {
        Rules current = rules;
        return Optional.ofNullable(current.columns().get(key(table + "." + column)))
                .orElseGet(() -> current.tables().getOrDefault(key(table), Acl.everyone()));
    }

    /** True when the principal may read the table. */
    public boolean canRead(Principal principal, String table) {
        return table(table).permits(principal);
    }

    /** True when the principal may read the column (and so its table). */
    public boolean canRead(Principal principal, String table, String column) {
        return canRead(principal, table) && column(table, column).permits(principal);
    }

    /**
     * The predicate that limits the principal's rows of the table, with the principal's attribute
     * values filled in; empty when the principal reads the table unfiltered.
     */
    public Optional<String> rowFilter(Principal principal, String table) {
        RowPolicy policy = rules.rowPolicies().get(key(table));
        return policy == null || !policy.appliesTo(principal)
                ? Optional.empty()
                : Optional.of(policy.predicateFor(principal));
    }

    static List<RowPolicy> policies(AccessConfig config) {
        return config.rowPolicies().entrySet().stream()
                .map(e -> new RowPolicy(
                        e.getKey(),
                        e.getValue().filter(),
                        new HashSet<>(e.getValue().appliesTo().orElse(List.of())),
                        new HashSet<>(e.getValue().exempt().orElse(List.of()))))
                .toList();
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
