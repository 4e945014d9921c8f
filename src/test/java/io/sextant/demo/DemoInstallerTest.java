package io.sextant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.catalog.CatalogService;
import io.sextant.catalog.ModelIssue;
import io.sextant.catalog.SemanticModel;
import io.sextant.catalog.SemanticModelParser;
import io.sextant.catalog.SemanticModelValidator;
import io.sextant.catalog.Warehouse;
import io.sextant.catalog.WarehouseIntrospector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class DemoInstallerTest {

    private static final int ORDERS = 3_000;

    @TempDir
    static Path dataDir;

    static DemoInstaller.Result first;

    @BeforeAll
    static void install() {
        first = new DemoInstaller(dataDir).ensure(11, ORDERS, false);
    }

    @Test
    void should_generate_on_first_start_and_keep_the_demo_afterwards() throws IOException {
        assertThat(first.outcome()).isEqualTo(DemoInstaller.Outcome.GENERATED);
        Path warehouse = dataDir.resolve(Warehouse.EMBEDDED_FILE);
        FileTime before = Files.getLastModifiedTime(warehouse);

        DemoInstaller.Result again = new DemoInstaller(dataDir).ensure(11, ORDERS, false);

        assertThat(again.outcome()).isEqualTo(DemoInstaller.Outcome.PRESENT);
        assertThat(again.manifest()).isEqualTo(first.manifest());
        assertThat(Files.getLastModifiedTime(warehouse)).isEqualTo(before);
    }

    @Test
    void should_regenerate_only_when_asked_and_after_an_interrupted_run(@TempDir Path other) throws IOException {
        DemoInstaller installer = new DemoInstaller(other);
        installer.ensure(5, 500, false);
        Files.writeString(other.resolve(CatalogService.DEMO_MODEL_FILE), "edited by an admin");

        assertThat(installer.ensure(5, 500, false).outcome()).isEqualTo(DemoInstaller.Outcome.PRESENT);
        assertThat(Files.readString(other.resolve(CatalogService.DEMO_MODEL_FILE)))
                .isEqualTo("edited by an admin");

        assertThat(installer.ensure(5, 500, true).outcome()).isEqualTo(DemoInstaller.Outcome.GENERATED);
        assertThat(Files.readString(other.resolve(CatalogService.DEMO_MODEL_FILE)))
                .startsWith("# Semantic model of the Acme");

        // a run that died before writing the manifest leaves a demo that is built again
        Files.delete(other.resolve(DemoInstaller.MANIFEST));
        assertThat(installer.ensure(5, 500, false).outcome()).isEqualTo(DemoInstaller.Outcome.GENERATED);
        assertThat(other.resolve(".demo-build")).doesNotExist();
    }

    @Test
    void should_load_the_demo_semantic_model_without_any_issue() throws SQLException {
        SemanticModelParser.Result parsed = SemanticModelParser.parse(dataDir.resolve(CatalogService.DEMO_MODEL_FILE));
        assertThat(parsed.issues()).isEmpty();
        SemanticModel model = parsed.model().orElseThrow();

        List<ModelIssue> issues;
        try (Connection c = connect()) {
            issues = SemanticModelValidator.validate(model, WarehouseIntrospector.introspect(c, "main"));
        }

        assertThat(issues).isEmpty();
        assertThat(model.tables()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(model.verifiedQueries()).hasSizeGreaterThanOrEqualTo(15);
        assertThat(model.tables()).allSatisfy(t -> assertThat(t.description()).isNotBlank());
        assertThat(model.tables().stream()
                        .flatMap(t -> t.fields())
                        .filter(f -> !f.sampleValues().isEmpty()))
                .isNotEmpty();
        assertThat(model.tables().stream().flatMap(t -> t.metrics().stream())).isNotEmpty();
        assertThat(model.tables().stream().flatMap(t -> t.filters().stream())).isNotEmpty();
        assertThat(model.relationships()).isNotEmpty();
    }

    @Test
    void should_answer_every_verified_query_on_the_generated_warehouse() throws SQLException {
        SemanticModel model = SemanticModelParser.parse(dataDir.resolve(CatalogService.DEMO_MODEL_FILE))
                .model()
                .orElseThrow();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (SemanticModel.VerifiedQuery q : model.verifiedQueries()) {
                try (ResultSet rs = s.executeQuery(q.sql())) {
                    assertThat(rs.next()).as("rows of %s", q.name()).isTrue();
                }
                assertThat(q.verifiedBy()).isNotBlank();
                assertThat(q.verifiedAt()).isNotNull();
            }
        }
    }

    @Test
    void should_write_documents_with_access_control_lists() throws IOException {
        Path documents = dataDir.resolve(DemoInstaller.DOCUMENTS_DIR);
        Map<String, List<String>> groupsByDocument = new HashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(documents)) {
            files = list.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        for (Path file : files) {
            String text = Files.readString(file);
            assertThat(text).as(file.toString()).startsWith("---\n");
            Map<String, Object> front = new Yaml().load(text.substring(4, text.indexOf("\n---", 4)));
            assertThat(front.get("title")).as(file.toString()).isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, List<String>> acl = (Map<String, List<String>>) front.get("acl");
            assertThat(acl.get("groups")).as(file.toString()).isNotEmpty();
            groupsByDocument.put(file.getFileName().toString(), new ArrayList<>(acl.get("groups")));
        }

        assertThat(files)
                .hasSizeGreaterThanOrEqualTo(25)
                .hasSize(first.manifest().documents());
        assertThat(groupsByDocument).containsEntry("compensation-bands-2026.md", List.of("hr"));
        assertThat(groupsByDocument).containsEntry("revenue-recognition-policy.md", List.of("finance"));
        assertThat(groupsByDocument).containsEntry("emea-customer-data-handling.md", List.of("emea", "admins"));
        assertThat(groupsByDocument).containsEntry("travel-and-expense-policy.md", List.of("everyone"));
        assertThat(groupsByDocument).containsKey("regional-review-emea-2025-q4.md");
    }

    @Test
    void should_put_warehouse_numbers_into_the_regional_reviews() throws IOException, SQLException {
        String review = Files.readString(
                dataDir.resolve(DemoInstaller.DOCUMENTS_DIR).resolve("regional-review-emea-2025-q4.md"));
        double net;
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
            SELECT sum(i.amt_rev2) FROM orders o JOIN order_items i ON i.order_id = o.order_id
            WHERE o.region_cd = 'EMEA' AND NOT o.is_del AND o.status_cd <> 'X'
              AND o.order_dt BETWEEN DATE '2025-10-01' AND DATE '2025-12-31'""")) {
            rs.next();
            net = rs.getDouble(1);
        }

        assertThat(review).contains(String.format(java.util.Locale.ROOT, "- Net revenue: $%,.0f", net));
    }

    private static Connection connect() throws SQLException {
        return io.sextant.DuckDbFiles.openReadOnly(dataDir.resolve(Warehouse.EMBEDDED_FILE));
    }

    @Test
    void should_bring_an_unedited_earlier_demo_model_up_to_date_and_keep_an_edited_one(@TempDir Path dir)
            throws IOException {
        Path model = dir.resolve(CatalogService.DEMO_MODEL_FILE);
        Files.createDirectories(model.getParent());
        byte[] shipped;
        try (var in = DemoInstaller.resource("demo/acme/semantic-model.yaml")) {
            shipped = in.readAllBytes();
        }
        Files.copy(Path.of("src/test/resources/demo-model-earlier.yaml"), model);
        new DemoInstaller(dir).upgradeModel();
        assertThat(Files.readAllBytes(model))
                .as("an earlier version's model, unedited")
                .isEqualTo(shipped);

        String edited = Files.readString(Path.of("src/test/resources/demo-model-earlier.yaml")) + "\n# mine\n";
        Files.writeString(model, edited);
        new DemoInstaller(dir).upgradeModel();
        assertThat(Files.readString(model)).as("an edited model is the admin's").isEqualTo(edited);
    }
}
