package io.sextant.sql;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.access.RowPolicy;
import io.sextant.catalog.CatalogService;
import io.sextant.catalog.SemanticModel;
import io.sextant.catalog.Warehouse;
import io.sextant.catalog.WarehouseSchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Governed SQL: checks statements with the {@link SqlGuard} against the warehouse's catalog and
 * runs accepted ones with the {@link QueryRunner}, always as a principal.
 */
@ApplicationScoped
public class SqlService {

    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Warehouse warehouse;
    private final Permissions permissions;
    private final CatalogService catalogService;
    private final QueryRunner runner;
    private final SqlGuard guard;
    private final int maxLength;
    private volatile Catalogs catalogs;

    /** The guard catalog and the model snapshot it was built from. */
    private record Catalogs(Object modelSnapshot, WarehouseSchema schema, GuardCatalog catalog) {}

    private final io.micrometer.core.instrument.MeterRegistry metrics;

    SqlService(
            Warehouse warehouse,
            CatalogService catalogService,
            Permissions permissions,
            QueryRunner runner,
            SqlConfig config,
            io.micrometer.core.instrument.MeterRegistry metrics) {
        this.metrics = metrics;
        this.permissions = permissions;
        this.warehouse = warehouse;
        this.catalogService = catalogService;
        this.runner = runner;
        this.guard = new SqlGuard(permissions, config.maxRows(), config.maxLength());
        metrics.gauge("sextant.sql.queue", runner, QueryRunner::waiting);
        this.maxLength = config.maxLength();
    }

    /** A verdict of the guard and what it depended on. */
    private record CheckKey(String sql, Principal principal, GuardCatalog catalog, Object permissions) {}

    private final com.github.benmanes.caffeine.cache.Cache<CheckKey, SqlCheck> trustedChecks =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .maximumSize(10_000)
                    .expireAfterWrite(java.time.Duration.ofMinutes(10))
                    .build();

    /**
     * Checks a statement Sextant keeps itself (a verified query), reusing the guard's verdict for
     * the same principal (user, groups, attributes) while the catalog and the permissions are the
     * same: the verdict depends on nothing else.
     */
    public SqlCheck checkTrusted(String sql, Principal principal) {
        CheckKey key = new CheckKey(sql, principal, catalog(), permissions.snapshot());
        SqlCheck known = trustedChecks.getIfPresent(key);
        if (known != null) {
            return known;
        }
        SqlCheck check = check(sql, principal, Optional.empty());
        trustedChecks.put(key, check);
        return check;
    }

    /** Checks a statement for the warehouse, or renders it for an export dialect. */
    public SqlCheck check(String sql, Principal principal, Optional<SqlTarget> exportTo) {
        GuardCatalog catalog = catalog();
        if (exportTo.isPresent() && exportTo.get() != catalog.target()) {
            catalog = catalog.forTarget(exportTo.get());
        }
        long start = System.nanoTime();
        SqlCheck check = guard.check(sql, principal, catalog);
        metrics.timer("sextant.guard.checks", "accepted", Boolean.toString(check.accepted()))
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (!check.accepted()) {
            metrics.counter(
                            "sextant.guard.refusals",
                            "code",
                            check.errors().get(0).code())
                    .increment();
        }
        return check;
    }

    /**
     * Checks and runs a statement, collecting its rows.
     *
     * @throws SqlRefused when the guard refuses the statement
     */
    public Execution execute(String sql, Principal principal, Cancellation cancellation) {
        return execute(accepted(sql, principal), cancellation);
    }

    /** Runs a statement the guard accepted, collecting its rows (with a warning for huge plans). */
    public Execution execute(CheckedSql checked, Cancellation cancellation) {
        Optional<String> warning = runner.costWarning(checked);
        if (warning.isPresent()) {
            checked = checked.withWarning(warning.get());
        }
        return new Execution(checked, run(checked, cancellation));
    }

    /** Streams the rows of an accepted statement to the sink. */
    public void stream(CheckedSql checked, Cancellation cancellation, QueryRunner.RowSink sink) {
        runner.stream(checked, cancellation, sink);
    }

    /** The statement as the guard accepted it; throws {@link SqlRefused} otherwise. */
    public CheckedSql accepted(String sql, Principal principal) {
        SqlCheck check = check(sql, principal, Optional.empty());
        if (!check.accepted()) {
            throw new SqlRefused(check.errors());
        }
        return check.checked();
    }

    /**
     * What is wrong with a predicate as the row policy of a table; empty when the guard can apply
     * it. The predicate is tried exactly as the guard will use it, with each placeholder standing
     * for a string literal.
     */
    public List<GuardError> rowFilterErrors(String table, String filter) {
        GuardCatalog catalog = catalog();
        if (table == null
                || !COLUMN.matcher(table).matches()
                || catalog.schema().table(table).isEmpty()) {
            return List.of(GuardError.of(GuardError.UNKNOWN_TABLE, "The warehouse has no table '" + table + "'."));
        }
        RowPolicy policy = new RowPolicy(table, filter, Set.of(), Set.of());
        Map<String, String> attributes = new HashMap<>();
        policy.attributes().forEach(a -> attributes.put(a, "x"));
        Principal probe = new Principal("row-policy-check", Set.of(), attributes);
        SqlGuard probeGuard = new SqlGuard(new Permissions(Map.of(), Map.of(), List.of(policy)), 1, maxLength);
        SqlCheck check = probeGuard.check("SELECT * FROM " + table, probe, catalog);
        return check.accepted() ? List.of() : check.errors();
    }

    /** The warehouse's tables and columns as the guard knows them (before any permission). */
    public WarehouseSchema schema() {
        return catalog().schema();
    }

    /** The dialect of the warehouse's SQL. */
    public SqlTarget target() {
        return catalog().target();
    }

    /** Runs an accepted statement and collects its rows. */
    public QueryResult run(CheckedSql checked, Cancellation cancellation) {
        long start = System.nanoTime();
        try {
            QueryResult result = runner.run(checked, cancellation);
            metrics.timer("sextant.warehouse.statements", "outcome", "ok")
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            metrics.summary("sextant.warehouse.rows").record(result.rows().size());
            return result;
        } catch (io.sextant.SextantException e) {
            metrics.timer("sextant.warehouse.statements", "outcome", e.code())
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            throw e;
        }
    }

    /** A statement and its rows. */
    public record Execution(CheckedSql statement, QueryResult result) {}

    /**
     * The guard catalog of the warehouse, rebuilt when the semantic model is reloaded or {@link
     * #refreshSchema()} finds the schema changed.
     */
    GuardCatalog catalog() {
        CatalogService.Snapshot snapshot = catalogService.current();
        Catalogs current = catalogs;
        if (current == null || current.modelSnapshot() != snapshot) {
            current = build(snapshot, warehouse.introspect());
        }
        return current.catalog();
    }

    /**
     * Reads the warehouse's schema again and, when it changed (a table or column added, dropped
     * or retyped), rebuilds the guard catalog from it; returns whether it changed.
     */
    public synchronized boolean refreshSchema() {
        WarehouseSchema schema = warehouse.introspect();
        Catalogs current = catalogs;
        if (current != null && current.schema().equals(schema)) {
            return false;
        }
        build(catalogService.current(), schema);
        return current != null;
    }

    private Catalogs build(CatalogService.Snapshot snapshot, WarehouseSchema schema) {
        SqlTarget target = SqlTarget.forWarehouseKind(warehouse.kind()).orElse(SqlTarget.POSTGRESQL);
        GuardCatalog catalog =
                GuardCatalog.of(schema, target).withSynonyms(snapshot == null ? Map.of() : synonyms(snapshot.model()));
        Catalogs built = new Catalogs(snapshot, schema, catalog);
        catalogs = built;
        return built;
    }

    /**
     * Words of the semantic model (logical table and field names, their synonyms) to the physical
     * tables and columns they stand for, for "did you mean" suggestions.
     */
    static Map<String, List<String>> synonyms(Optional<SemanticModel> model) {
        Map<String, List<String>> synonyms = new HashMap<>();
        if (model.isEmpty()) {
            return synonyms;
        }
        for (SemanticModel.LogicalTable table : model.get().tables()) {
            String physical = table.baseTable().table();
            List<String> words = new ArrayList<>(table.synonyms());
            words.add(table.name());
            words.forEach(
                    w -> synonyms.computeIfAbsent(w, k -> new ArrayList<>()).add(physical));
            table.fields().forEach(field -> {
                if (field.expr() != null && COLUMN.matcher(field.expr().strip()).matches()) {
                    List<String> fieldWords = new ArrayList<>(field.synonyms());
                    fieldWords.add(field.name());
                    String target = physical + "." + field.expr().strip();
                    fieldWords.forEach(w ->
                            synonyms.computeIfAbsent(w, k -> new ArrayList<>()).add(target));
                }
            });
        }
        return synonyms;
    }
}
