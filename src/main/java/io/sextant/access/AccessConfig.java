package io.sextant.access;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;

/**
 * Which groups may see restricted warehouse tables and columns. Anything not listed is visible to
 * every principal.
 *
 * <pre>
 * sextant.access.tables.employees=hr,admins
 * sextant.access.columns."customers.email"=admins
 * </pre>
 */
@ConfigMapping(prefix = "sextant.access")
public interface AccessConfig {

    /** Table name to the groups that may read it. */
    Map<String, List<String>> tables();

    /** {@code table.column} to the groups that may read it. */
    Map<String, List<String>> columns();
}
