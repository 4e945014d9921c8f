package io.sextant.access;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which groups may see restricted warehouse tables and columns, and which rows of a table a
 * principal may read. Anything not listed is visible to every principal.
 *
 * <pre>
 * sextant.access.tables.employees=hr,admins
 * sextant.access.columns."customers.email"=admins
 * sextant.access.row-policies.orders.filter=region_cd = {region}
 * sextant.access.row-policies.orders.applies-to=sales
 * </pre>
 */
@ConfigMapping(prefix = "sextant.access")
public interface AccessConfig {

    /** Table name to the groups that may read it. */
    Map<String, List<String>> tables();

    /** {@code table.column} to the groups that may read it. */
    Map<String, List<String>> columns();

    /** Table name to the row filter its readers get. */
    Map<String, RowPolicyConfig> rowPolicies();

    /** One row policy: a SQL predicate over the table's columns. */
    interface RowPolicyConfig {

        /**
         * The predicate; {@code {name}} stands for the principal's attribute {@code name} (a
         * string literal; a principal without it reads no rows) and {@code {user}} for its user id.
         */
        String filter();

        /** Groups the policy applies to; unset means every principal. */
        Optional<List<String>> appliesTo();

        /** Groups that read the table unfiltered even when the policy applies to them. */
        Optional<List<String>> exempt();
    }
}
