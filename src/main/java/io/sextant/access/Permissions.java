package io.sextant.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Decides who may see a warehouse table or column; the one place other packages ask. */
@ApplicationScoped
public class Permissions {

    private final Map<String, Acl> tables = new HashMap<>();
    private final Map<String, Acl> columns = new HashMap<>();

    @Inject
    Permissions(AccessConfig config) {
        this(config.tables(), config.columns());
    }

    /** Builds permissions from group lists, as in {@link AccessConfig}. */
    public Permissions(Map<String, List<String>> tables, Map<String, List<String>> columns) {
        tables.forEach((t, groups) -> this.tables.put(key(t), new Acl(java.util.Set.of(), new HashSet<>(groups))));
        columns.forEach((c, groups) -> this.columns.put(key(c), new Acl(java.util.Set.of(), new HashSet<>(groups))));
    }

    /** Who may read the table. */
    public Acl table(String table) {
        return tables.getOrDefault(key(table), Acl.everyone());
    }

    /** Who may read the column: its own restriction, else the table's. */
    public Acl column(String table, String column) {
        return Optional.ofNullable(columns.get(key(table + "." + column))).orElseGet(() -> table(table));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
