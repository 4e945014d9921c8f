package io.sextant.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Spells every identifier of a statement the way the catalog does (tables, columns, schema) and
 * every other name (aliases, CTEs) the way it first appears, so that the output can quote all
 * identifiers — needed for names with spaces or capitals — without changing what they refer to
 * in case-sensitive databases.
 */
final class Canonicalizer extends SqlBasicVisitor<Void> {

    private final GuardCatalog catalog;
    private final Map<String, String> firstSpelling = new HashMap<>();

    Canonicalizer(GuardCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Void visit(SqlIdentifier id) {
        List<String> names = new ArrayList<>(id.names.size());
        for (String name : id.names) {
            if (name.isEmpty()) {
                names.add(name);
                continue;
            }
            String canonical = catalog.canonical(name);
            if (canonical == null) {
                canonical = firstSpelling.computeIfAbsent(GuardCatalog.key(name), k -> name);
            }
            names.add(canonical);
        }
        if (!names.equals(id.names)) {
            id.setNames(names, null);
        }
        return null;
    }
}
