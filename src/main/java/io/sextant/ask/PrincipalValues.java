package io.sextant.ask;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sextant.SextantException;
import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.catalog.SemanticModel;
import io.sextant.catalog.ValueIndex;
import io.sextant.sql.Cancellation;
import io.sextant.sql.QueryResult;
import io.sextant.sql.SqlCheck;
import io.sextant.sql.SqlService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The small vocabularies of tables under a row policy, read as the asking user: each value
 * query goes through the SQL guard for that principal, so it sees only the rows (and columns)
 * the user may see, and the values found are kept for that principal alone. "Acme Berlin" can
 * then be asked about by the user whose region it is in, and is unknown to everyone else — a
 * match would tell them such a store exists.
 */
@ApplicationScoped
public class PrincipalValues {

    private static final Logger LOG = Logger.getLogger(PrincipalValues.class);
    /** How long a principal's values are reused before they are read again. */
    static final Duration FRESH_FOR = Duration.ofMinutes(10);
    /** Principals whose values are kept at once (the least recently used go first). */
    static final int MAX_PRINCIPALS = 256;

    /**
     * Whose values, under which rules: the model and the row policies (both by identity: a reload
     * or an edit of the access rules reads again), the user, and the groups and attributes row
     * policies read.
     */
    private record Key(SemanticModel model, Object policies, String user, Object groups, Object attributes) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && k.model == model
                    && k.policies == policies
                    && k.user.equals(user)
                    && k.groups.equals(groups)
                    && k.attributes.equals(attributes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(
                    System.identityHashCode(model), System.identityHashCode(policies), user, groups, attributes);
        }
    }

    /**
     * A model as one principal reads it, and the values that were read for them (keys of {@link
     * #key}): the linker links those, and no other values of tables under a row policy.
     */
    record Visible(SemanticModel model, Set<String> values) {}

    /** The key of a value read for a principal. */
    static String key(String table, String field, String value) {
        return (table + "." + field + "=" + value).toLowerCase(Locale.ROOT);
    }

    private final SqlService sql;
    private final Permissions permissions;
    private final Cache<Key, Visible> cache = Caffeine.newBuilder()
            .maximumSize(MAX_PRINCIPALS)
            .expireAfterWrite(FRESH_FOR)
            .build();

    PrincipalValues(SqlService sql, Permissions permissions) {
        this.sql = sql;
        this.permissions = permissions;
    }

    /**
     * The model with the values this principal may see of the row-policy tables' text
     * dimensions; the model as it is when there are none or the warehouse cannot be read.
     */
    Visible forPrincipal(SemanticModel model, Principal principal) {
        Key key = new Key(
                model, permissions.rowPolicies(), principal.userId(), principal.groups(), principal.attributes());
        // read once for all of this principal's questions at the same moment; not kept when the
        // warehouse could not be read (a null is not cached), so tried again on the next question
        Visible known = cache.get(key, k -> read(model, principal).orElse(null));
        return known != null ? known : new Visible(model, Set.of());
    }

    private Optional<Visible> read(SemanticModel model, Principal principal) {
        Map<String, Map<String, List<String>>> found = new HashMap<>();
        for (SemanticModel.LogicalTable t : model.tables()) {
            String physical = t.baseTable() == null ? null : t.baseTable().table();
            if (physical == null
                    || !permissions.rowPolicies().containsKey(physical.toLowerCase(Locale.ROOT))
                    || !permissions.canRead(principal, physical)) {
                continue;
            }
            for (SemanticModel.Field f : ValueIndex.vocabularies(t)) {
                String column = f.expr().strip();
                SqlCheck check = sql.check(
                        "SELECT DISTINCT " + column + " FROM " + physical + " WHERE " + column + " IS NOT NULL LIMIT "
                                + (ValueIndex.MAX_VALUES + 1),
                        principal,
                        Optional.empty());
                if (!check.accepted()) {
                    continue; // a column this user may not read
                }
                try {
                    QueryResult result = sql.run(check.checked(), new Cancellation());
                    if (result.rows().size() <= ValueIndex.MAX_VALUES && !result.truncated()) {
                        found.computeIfAbsent(t.name(), k -> new HashMap<>())
                                .put(
                                        f.name(),
                                        result.rows().stream()
                                                .map(r -> String.valueOf(r.get(0)))
                                                .toList());
                    }
                } catch (SextantException e) {
                    LOG.debugf("values of %s.%s not read for %s: %s", t.name(), f.name(), principal.userId(), e.code());
                    return Optional.empty();
                }
            }
        }
        Set<String> keys = new HashSet<>();
        found.forEach((table, byField) ->
                byField.forEach((field, values) -> values.forEach(v -> keys.add(key(table, field, v)))));
        return Optional.of(new Visible(ValueIndex.withValues(model, found), Set.copyOf(keys)));
    }
}
