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

    private final Map<String, Acl> tables = new HashMap<>();
    private final Map<String, Acl> columns = new HashMap<>();
    private final Map<String, RowPolicy> rowPolicies = new HashMap<>();

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
        tables.forEach((t, groups) -> this.tables.put(key(t), new Acl(Set.of(), new HashSet<>(groups))));
        columns.forEach((c, groups) -> this.columns.put(key(c), new Acl(Set.of(), new HashSet<>(groups))));
        rowPolicies.forEach(p -> this.rowPolicies.put(key(p.table()), p));
    }

    /** Permissions that restrict nothing. */
    public static Permissions unrestricted() {
        return new Permissions(Map.of(), Map.of());
    }

    /** Who may read the table. */
    public Acl table(String table) {
        return tables.getOrDefault(key(table), Acl.everyone());
    }

    /** Who may read the column: its own restriction, else the table's. */
    public Acl column(String table, String column) {
        return Optional.ofNullable(columns.get(key(table + "." + column))).orElseGet(() -> table(table));
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
        RowPolicy policy = rowPolicies.get(key(table));
        return policy == null || !policy.appliesTo(principal)
                ? Optional.empty()
                : Optional.of(policy.predicateFor(principal));
    }

    private static List<RowPolicy> policies(AccessConfig config) {
        return config.rowPolicies().entrySet().stream()
                .map(e -> new RowPolicy(
                        e.getKey(),
                        e.getValue().filter(),
                        new HashSet<>(e.getValue().appliesTo().orElse(List.of())),
                        new HashSet<>(e.getValue().exempt().orElse(List.of()))))
                .toList();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
