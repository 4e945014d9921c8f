package io.sextant.access;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sextant.SextantException;
import io.sextant.audit.AuditLog;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Table and column grants and row policies, stored in the app database. The {@code
 * sextant.access.*} properties are imported once, on the first start; afterwards the database is
 * the source and admin changes apply to {@link Permissions} at once (the guard, the semantic index
 * and the prompt schema all read it), with no restart; other instances on the same app database
 * follow within about five seconds.
 */
@ApplicationScoped
public class AccessRules {

    private static final Logger LOG = Logger.getLogger(AccessRules.class);
    private static final String IMPORTED = "access.imported";
    private static final String VERSION = "access.version";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    /** A row policy as stored and shown. */
    public record Policy(String filter, List<String> appliesTo, List<String> exempt) {}

    /** Every rule: restricted tables and columns with their groups, row policies by table. */
    public record Rules(
            Map<String, List<String>> tables, Map<String, List<String>> columns, Map<String, Policy> rowPolicies) {}

    /** Fired after the rules changed, so derived state (the semantic index's ACLs) follows. */
    public record Changed() {}

    private final EntityManager em;
    private final AccessConfig config;
    private final Permissions permissions;
    private final AuditLog audit;
    private final Event<Changed> changed;
    private final ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sextant-access-rules");
        t.setDaemon(true);
        return t;
    });
    private volatile String loadedVersion = "";

    AccessRules(
            EntityManager em, AccessConfig config, Permissions permissions, AuditLog audit, Event<Changed> changed) {
        this.em = em;
        this.config = config;
        this.permissions = permissions;
        this.audit = audit;
        this.changed = changed;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION - 100) StartupEvent event) {
        QuarkusTransaction.requiringNew().run(this::importOnce);
        load();
        // Other instances sharing the app database (server mode) change rules too: follow them.
        follower.scheduleWithFixedDelay(this::followOtherInstances, 1, 1, TimeUnit.SECONDS);
    }

    /** Stops following before the app database closes (the shutdown event comes first). */
    void onStop(@Observes ShutdownEvent event) {
        follower.shutdownNow();
    }

    @PreDestroy
    void stop() {
        follower.shutdownNow();
    }

    /** Reloads when another instance changed the rules since this one last read them. */
    void followOtherInstances() {
        try {
            String version = QuarkusTransaction.requiringNew().call(this::version);
            if (!version.equals(loadedVersion)) {
                LOG.infof("Access rules changed elsewhere; reloading");
                load();
            }
        } catch (RuntimeException e) {
            LOG.debugf("Checking the access rules' version failed: %s", e.getMessage());
        }
    }

    /** The rules in force. */
    public Rules current() {
        return QuarkusTransaction.requiringNew().call(this::read);
    }

    /**
     * Restricts a table (or a {@code table.column}) to groups; an empty list lifts the restriction.
     *
     * @param kind {@code table} or {@code column}
     */
    public void setGrant(String kind, String name, List<String> groups, String actor) {
        String key = grantName(kind, name);
        List<String> clean = groups(groups);
        QuarkusTransaction.requiringNew().run(() -> {
            Rules before = read();
            em.createNativeQuery("DELETE FROM access_grant WHERE kind = ?1 AND name = ?2")
                    .setParameter(1, kind)
                    .setParameter(2, key)
                    .executeUpdate();
            for (String group : clean) {
                em.createNativeQuery("INSERT INTO access_grant (kind, name, group_name) VALUES (?1, ?2, ?3)")
                        .setParameter(1, kind)
                        .setParameter(2, key)
                        .setParameter(3, group)
                        .executeUpdate();
            }
            Map<String, List<String>> old = kind.equals("table") ? before.tables() : before.columns();
            audit.record(AuditLog.Entry.of(AuditLog.ADMIN + kind + "-grant", actor, "success", key)
                    .withDetail(AuditLog.change(old.get(key), clean.isEmpty() ? null : clean)));
            bumpVersion();
        });
        load();
    }

    /** Creates or replaces the row policy of a table (its filter already checked by the caller). */
    public void setRowPolicy(String table, Policy policy, String actor) {
        String key = tableName(table);
        if (policy == null
                || policy.filter() == null
                || policy.filter().isBlank()
                || policy.filter().length() > 4000) {
            throw invalid("invalid-row-policy", "filter is required (a SQL predicate of at most 4000 characters)");
        }
        Policy clean = new Policy(policy.filter().strip(), groups(policy.appliesTo()), groups(policy.exempt()));
        QuarkusTransaction.requiringNew().run(() -> {
            Policy old = read().rowPolicies().get(key);
            deletePolicy(key);
            em.createNativeQuery(
                            "INSERT INTO access_row_policy (table_name, filter, applies_to, exempt) VALUES (?1, ?2, ?3, ?4)")
                    .setParameter(1, key)
                    .setParameter(2, clean.filter())
                    .setParameter(3, String.join(",", clean.appliesTo()))
                    .setParameter(4, String.join(",", clean.exempt()))
                    .executeUpdate();
            audit.record(AuditLog.Entry.of(AuditLog.ADMIN + "row-policy", actor, "success", key)
                    .withDetail(AuditLog.change(old, clean)));
            bumpVersion();
        });
        load();
    }

    /** Removes the row policy of a table; false when it has none. */
    public boolean deleteRowPolicy(String table, String actor) {
        String key = tableName(table);
        boolean removed = QuarkusTransaction.requiringNew().call(() -> {
            Policy old = read().rowPolicies().get(key);
            if (old == null) {
                return false;
            }
            deletePolicy(key);
            audit.record(AuditLog.Entry.of(AuditLog.ADMIN + "row-policy", actor, "success", key)
                    .withDetail(AuditLog.change(old, null)));
            bumpVersion();
            return true;
        });
        load();
        return removed;
    }

    /** Reads the rules from the database into {@link Permissions} and tells observers. */
    public synchronized void load() {
        String version = QuarkusTransaction.requiringNew().call(this::version);
        Rules rules = current();
        loadedVersion = version;
        List<RowPolicy> policies = new ArrayList<>();
        rules.rowPolicies()
                .forEach((table, p) -> policies.add(
                        new RowPolicy(table, p.filter(), new TreeSet<>(p.appliesTo()), new TreeSet<>(p.exempt()))));
        permissions.replace(rules.tables(), rules.columns(), policies);
        changed.fire(new Changed());
    }

    /** The version of the rules: changed by every change, on any instance. */
    private String version() {
        return io.sextant.AppSettings.read(em, VERSION);
    }

    private void bumpVersion() {
        io.sextant.AppSettings.write(em, VERSION, java.util.UUID.randomUUID().toString());
    }

    private void importOnce() {
        Number done = (Number) em.createNativeQuery("SELECT COUNT(*) FROM app_setting WHERE name = ?1")
                .setParameter(1, IMPORTED)
                .getSingleResult();
        if (done.longValue() > 0) {
            return;
        }
        config.tables().forEach((t, groups) -> insertGrants("table", Permissions.key(t), groups));
        config.columns().forEach((c, groups) -> insertGrants("column", Permissions.key(c), groups));
        for (RowPolicy p : Permissions.policies(config)) {
            em.createNativeQuery(
                            "INSERT INTO access_row_policy (table_name, filter, applies_to, exempt) VALUES (?1, ?2, ?3, ?4)")
                    .setParameter(1, Permissions.key(p.table()))
                    .setParameter(2, p.filter())
                    .setParameter(3, String.join(",", new TreeSet<>(p.appliesTo())))
                    .setParameter(4, String.join(",", new TreeSet<>(p.exempt())))
                    .executeUpdate();
        }
        em.createNativeQuery("INSERT INTO app_setting (name, setting_value) VALUES (?1, 'true')")
                .setParameter(1, IMPORTED)
                .executeUpdate();
        LOG.infof(
                "Imported the access rules of the configuration into the app database: %d tables, %d columns, %d row"
                        + " policies; from now on they are changed through the admin API",
                config.tables().size(),
                config.columns().size(),
                config.rowPolicies().size());
    }

    private void insertGrants(String kind, String name, List<String> groups) {
        for (String group : new TreeSet<>(groups)) {
            em.createNativeQuery("INSERT INTO access_grant (kind, name, group_name) VALUES (?1, ?2, ?3)")
                    .setParameter(1, kind)
                    .setParameter(2, name)
                    .setParameter(3, group.strip())
                    .executeUpdate();
        }
    }

    private Rules read() {
        Map<String, List<String>> tables = new TreeMap<>();
        Map<String, List<String>> columns = new TreeMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> grants = em.createNativeQuery(
                        "SELECT kind, name, group_name FROM access_grant ORDER BY kind, name, group_name")
                .getResultList();
        for (Object[] g : grants) {
            (g[0].equals("table") ? tables : columns)
                    .computeIfAbsent((String) g[1], k -> new ArrayList<>())
                    .add((String) g[2]);
        }
        Map<String, Policy> policies = new TreeMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT table_name, filter, applies_to, exempt FROM access_row_policy ORDER BY table_name")
                .getResultList();
        for (Object[] r : rows) {
            policies.put((String) r[0], new Policy((String) r[1], split((String) r[2]), split((String) r[3])));
        }
        return new Rules(tables, columns, policies);
    }

    private void deletePolicy(String table) {
        em.createNativeQuery("DELETE FROM access_row_policy WHERE table_name = ?1")
                .setParameter(1, table)
                .executeUpdate();
    }

    private static List<String> split(String list) {
        return list == null || list.isBlank() ? List.of() : Arrays.asList(list.split(","));
    }

    private static List<String> groups(List<String> groups) {
        if (groups == null) {
            return List.of();
        }
        TreeSet<String> clean = new TreeSet<>();
        for (String g : groups) {
            if (g == null || !GROUP.matcher(g.strip()).matches()) {
                throw invalid("invalid-group", "group names are 1-100 letters, digits, '_', '.' or '-'");
            }
            clean.add(g.strip());
        }
        return List.copyOf(clean);
    }

    private static String grantName(String kind, String name) {
        if (kind.equals("table")) {
            return tableName(name);
        }
        if (kind.equals("column")) {
            int dot = name == null ? -1 : name.indexOf('.');
            if (dot < 0) {
                throw invalid("invalid-column", "name a column as table.column");
            }
            return tableName(name.substring(0, dot)) + "." + tableName(name.substring(dot + 1));
        }
        throw new IllegalArgumentException("kind " + kind);
    }

    private static String tableName(String name) {
        if (name == null || name.length() > 100 || !NAME.matcher(name).matches()) {
            throw invalid("invalid-name", "table and column names are SQL identifiers");
        }
        return Permissions.key(name);
    }

    private static SextantException invalid(String code, String message) {
        return new SextantException(SextantException.Kind.INVALID_INPUT, code, message);
    }
}
