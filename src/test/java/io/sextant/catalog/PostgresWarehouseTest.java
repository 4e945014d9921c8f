package io.sextant.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A PostgreSQL warehouse: introspected, checked against a model and only ever read. */
class PostgresWarehouseTest {

    private static final String SCHEMA = "sextant_warehouse_test";

    @BeforeAll
    static void createWarehouse() throws SQLException {
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("CREATE TABLE " + SCHEMA + ".customers (cust_id INTEGER PRIMARY KEY, cust_nm TEXT NOT NULL)");
            s.execute("CREATE TABLE " + SCHEMA + ".orders (order_id BIGINT PRIMARY KEY, cust_id INTEGER NOT NULL,"
                    + " order_dt DATE NOT NULL, amt_rev2 NUMERIC(12,2))");
            s.execute("INSERT INTO " + SCHEMA + ".customers VALUES (1, 'Maple Hospitality Co')");
            s.execute("INSERT INTO " + SCHEMA
                    + ".orders VALUES (10, 1, DATE '2025-03-01', 99.50), (11, 1, DATE '2025-03-02', NULL)");
        }
    }

    @AfterAll
    static void dropWarehouse() throws SQLException {
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void should_introspect_tables_keys_and_row_counts() {
        Warehouse warehouse = WarehouseTest.warehouse(PostgresTestDatabase.url(), SCHEMA);

        WarehouseSchema schema = warehouse.introspect();

        assertThat(schema.tables()).extracting(WarehouseSchema.Table::name).containsExactly("customers", "orders");
        assertThat(schema.table("orders").orElseThrow().primaryKey()).containsExactly("order_id");
        assertThat(schema.table("orders")
                        .orElseThrow()
                        .column("amt_rev2")
                        .orElseThrow()
                        .nullable())
                .isTrue();
        assertThat(warehouse.rowCount(SCHEMA, "orders")).isEqualTo(2);
        assertThat(warehouse.ping()).isTrue();
    }

    @Test
    void should_check_a_semantic_model_against_postgresql() {
        String model = """
        name: pg
        tables:
          - name: orders
            base_table: {schema: %s, table: orders}
            time_dimensions:
              - {name: order_date, expr: order_dt, data_type: date}
            facts:
              - {name: net_revenue, expr: amt_rev2, data_type: number}
              - {name: gross_revenue, expr: amt_rev1, data_type: number}
          - name: customers
            base_table: {schema: %s, table: customers}
        relationships:
          - name: orders_to_customers
            left_table: orders
            right_table: customers
            relationship_columns: [{left_column: cust_id, right_column: cust_id}]
        """.formatted(SCHEMA, SCHEMA);
        SemanticModel parsed =
                SemanticModelParser.parse(Path.of("pg.yaml"), model).model().orElseThrow();

        List<ModelIssue> issues = SemanticModelValidator.validate(
                parsed,
                WarehouseTest.warehouse(PostgresTestDatabase.url(), SCHEMA).introspect());

        // only the fact over a column that does not exist; the key comes from PostgreSQL's metadata
        assertThat(issues)
                .extracting(ModelIssue::code, ModelIssue::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("unknown-column", 9));
    }

    @Test
    void should_hand_out_read_only_connections() throws SQLException {
        Warehouse warehouse = WarehouseTest.warehouse(PostgresTestDatabase.url(), SCHEMA);

        try (Connection c = warehouse.connect();
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM " + SCHEMA + ".orders"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("read-only");
        }
        assertThat(warehouse.rowCount(SCHEMA, "orders")).isEqualTo(2);
    }

    @Test
    void should_have_pgvector_available() throws SQLException {
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT '[1,2,3]'::vector <-> '[1,2,5]'::vector")) {
            rs.next();
            assertThat(rs.getDouble(1)).isEqualTo(2.0);
        }
    }
}
