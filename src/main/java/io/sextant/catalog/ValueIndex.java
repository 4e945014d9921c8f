package io.sextant.catalog;

import io.sextant.SextantException;
import io.sextant.access.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The values of the warehouse's small vocabularies — text dimensions with at most {@value
 * #MAX_VALUES} distinct values (brands, cities, channels, tiers) — read once per semantic model
 * and added to the model's sample values, so a question can name any of them ("Voltra", "Lyon"),
 * not only the few the model's author listed. Tables under a row policy are left out: their
 * values come from rows some users may not see, and a match would tell that such a row exists.
 */
@ApplicationScoped
public class ValueIndex {

    private static final Logger LOG = Logger.getLogger(ValueIndex.class);
    public static final int MAX_VALUES = 60;
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> TEXT_TYPES = Set.of("varchar", "text", "string", "char");

    /** A model with its vocabularies read, for one model snapshot and one set of row-policy tables. */
    private record Enriched(Object model, Set<String> policyTables, SemanticModel enriched) {}

    private final Warehouse warehouse;
    private final Permissions permissions;
    /** The last two models read (the served one, and one a change gate tries). */
    private volatile List<Enriched> recent = List.of();

    ValueIndex(Warehouse warehouse, Permissions permissions) {
        this.warehouse = warehouse;
        this.permissions = permissions;
    }

    /**
     * The model with the warehouse's small vocabularies among its sample values; the model as it
     * is when the warehouse cannot be read (tried again on the next call).
     */
    public SemanticModel enriched(SemanticModel model) {
        Set<String> policyTables = new TreeSet<>(permissions.rowPolicies().keySet());
        Optional<SemanticModel> known = known(model, policyTables);
        if (known.isPresent()) {
            return known.get();
        }
        synchronized (this) {
            known = known(model, policyTables);
            if (known.isPresent()) {
                return known.get();
            }
            try {
                SemanticModel enriched = read(model, policyTables);
                List<Enriched> next = new ArrayList<>();
                next.add(new Enriched(model, policyTables, enriched));
                if (!recent.isEmpty()) {
                    next.add(recent.get(0));
                }
                recent = List.copyOf(next);
                return enriched;
            } catch (SextantException ex) {
                LOG.warnf(
                        "The warehouse's values could not be read (%s); questions link to sample values only",
                        ex.code());
                return model;
            }
        }
    }

    private Optional<SemanticModel> known(SemanticModel model, Set<String> policyTables) {
        return recent.stream()
                .filter(e -> e.model() == model && e.policyTables().equals(policyTables))
                .map(Enriched::enriched)
                .findFirst();
    }

    private SemanticModel read(SemanticModel model, Set<String> policyTables) {
        WarehouseSchema schema = warehouse.introspect();
        Map<String, Map<String, List<String>>> found = new HashMap<>();
        int read = 0;
        for (SemanticModel.LogicalTable t : model.tables()) {
            String physical = t.baseTable() == null ? null : t.baseTable().table();
            Optional<WarehouseSchema.Table> table = physical == null ? Optional.empty() : schema.table(physical);
            if (table.isEmpty() || policyTables.contains(physical.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (SemanticModel.Field f : vocabularies(t)) {
                Optional<WarehouseSchema.Column> column =
                        table.get().column(f.expr().strip());
                if (column.isEmpty()) {
                    continue;
                }
                Optional<List<String>> values = warehouse.distinctValues(
                        schema.schema(), table.get().name(), column.get().name(), MAX_VALUES);
                read++;
                values.ifPresent(v ->
                        found.computeIfAbsent(t.name(), k -> new HashMap<>()).put(f.name(), v));
            }
        }
        LOG.debugf("Value index: %d columns read", read);
        return withValues(model, found);
    }

    /** The text dimensions of a table that are plain columns: those whose values can be read. */
    public static List<SemanticModel.Field> vocabularies(SemanticModel.LogicalTable table) {
        return table.dimensions().stream()
                .filter(f -> f.expr() != null
                        && COLUMN.matcher(f.expr().strip()).matches()
                        && f.dataType() != null
                        && TEXT_TYPES.contains(
                                f.dataType().toLowerCase(Locale.ROOT).replaceAll("\\(.*", "")))
                .toList();
    }

    /**
     * The model with values added to its fields' sample values (by table and field name; values
     * that are not name-like are left out).
     */
    public static SemanticModel withValues(SemanticModel model, Map<String, Map<String, List<String>>> values) {
        if (values.isEmpty()) {
            return model;
        }
        List<SemanticModel.LogicalTable> tables = new ArrayList<>();
        for (SemanticModel.LogicalTable t : model.tables()) {
            Map<String, List<String>> byField = values.getOrDefault(t.name(), Map.of());
            if (byField.isEmpty()) {
                tables.add(t);
                continue;
            }
            List<SemanticModel.Field> dimensions = new ArrayList<>();
            for (SemanticModel.Field f : t.dimensions()) {
                List<String> read = byField.get(f.name());
                if (read == null) {
                    dimensions.add(f);
                    continue;
                }
                Set<String> merged = new LinkedHashSet<>(f.sampleValues());
                read.stream().filter(ValueIndex::nameLike).forEach(merged::add);
                dimensions.add(new SemanticModel.Field(
                        f.kind(),
                        f.name(),
                        f.expr(),
                        f.dataType(),
                        f.description(),
                        f.synonyms(),
                        List.copyOf(merged),
                        f.isEnum(),
                        f.defaultAggregation(),
                        f.parent(),
                        f.line()));
            }
            tables.add(new SemanticModel.LogicalTable(
                    t.name(),
                    t.description(),
                    t.baseTable(),
                    t.primaryKey(),
                    t.synonyms(),
                    dimensions,
                    t.timeDimensions(),
                    t.facts(),
                    t.metrics(),
                    t.filters(),
                    t.defaultFilters(),
                    t.defaultTimeDimension(),
                    t.line()));
        }
        return new SemanticModel(
                model.file(),
                model.name(),
                model.description(),
                tables,
                model.relationships(),
                model.verifiedQueries());
    }

    /** A value a question could name: three characters or more, not a bare number or code letter. */
    static boolean nameLike(String value) {
        String v = value.strip();
        return v.length() >= 3 && !v.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.' || ch == '-');
    }
}
