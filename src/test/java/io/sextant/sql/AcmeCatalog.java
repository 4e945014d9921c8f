package io.sextant.sql;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.access.RowPolicy;
import io.sextant.catalog.WarehouseIntrospector;
import io.sextant.catalog.WarehouseSchema;
import io.sextant.demo.AcmeDemo;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.duckdb.DuckDBDriver;

/** The Acme demo's tables (no data), principals and permissions like the demo's, for guard tests. */
final class AcmeCatalog {

    static final Principal ADA = new Principal("ada", Set.of("admins"), Map.of());
    static final Principal NOAH = new Principal("noah", Set.of("analysts", "na"), Map.of("region", "NA"));
    static final Principal ELENA = new Principal("elena", Set.of("sales", "emea"), Map.of("region", "EMEA"));
    static final Principal HANA = new Principal("hana", Set.of("hr"), Map.of("region", "APAC"));
    static final Principal FARID = new Principal("farid", Set.of("finance"), Map.of("region", "EMEA"));
    static final Principal NOBODY = new Principal("nobody", Set.of("sales"), Map.of());

    static final Map<String, Principal> USERS =
            Map.of("ada", ADA, "noah", NOAH, "elena", ELENA, "hana", HANA, "farid", FARID, "nobody", NOBODY);

    /** sales_targets for finance; salaries for HR; e-mail for admins; sales see their region's orders. */
    static final Permissions PERMISSIONS = new Permissions(
            Map.of("sales_targets", List.of("finance", "admins")),
            Map.of("employees.annual_salary", List.of("hr", "admins"), "customers.email", List.of("admins")),
            List.of(
                    new RowPolicy("orders", "region_cd = {region}", Set.of("sales"), Set.of()),
                    new RowPolicy(
                            "customers",
                            "region_id IN (SELECT region_id FROM regions WHERE region_cd = {region})",
                            Set.of("sales"),
                            Set.of("admins"))));

    private AcmeCatalog() {}

    static WarehouseSchema schema() {
        Properties properties = new Properties();
        try (Connection connection = new DuckDBDriver().connect("jdbc:duckdb:", properties);
                Statement statement = connection.createStatement()) {
            statement.execute(AcmeDemo.warehouseDdl());
            return WarehouseIntrospector.introspect(connection, "main");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static GuardCatalog catalog(SqlTarget target) {
        return GuardCatalog.of(schema(), target)
                .withSynonyms(Map.of(
                        "revenue", List.of("order_items.amt_rev2"),
                        "net revenue", List.of("order_items.amt_rev2"),
                        "salary", List.of("employees.annual_salary")));
    }
}
