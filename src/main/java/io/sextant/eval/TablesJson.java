package io.sextant.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.catalog.SemanticModel;
import io.sextant.catalog.WarehouseSchema;
import io.sextant.sql.GuardCatalog;
import io.sextant.sql.SqlTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Schemas of Spider-style {@code tables.json} files (Spider, BIRD, EHRSQL) as the guard's
 * catalogs and as semantic models for the linker.
 */
final class TablesJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TablesJson() {}

    /** Catalogs of the databases of a Spider/BIRD tables file, typed as it declares. */
    static Map<String, GuardCatalog> catalogs(Path tablesJson, SqlTarget target) throws IOException {
        Map<String, GuardCatalog> catalogs = new HashMap<>();
        for (JsonNode db : JSON.readTree(tablesJson.toFile())) {
            List<String> tableNames = new ArrayList<>();
            db.get("table_names_original").forEach(t -> tableNames.add(t.asText()));
            Map<Integer, List<WarehouseSchema.Column>> columns = new TreeMap<>();
            JsonNode names = db.get("column_names_original");
            JsonNode types = db.get("column_types");
            for (int i = 0; i < names.size(); i++) {
                int table = names.get(i).get(0).asInt();
                if (table < 0) {
                    continue;
                }
                String type = types.get(i).asText();
                columns.computeIfAbsent(table, t -> new ArrayList<>())
                        .add(new WarehouseSchema.Column(names.get(i).get(1).asText(), type, jdbcType(type), true));
            }
            List<WarehouseSchema.Table> tables = new ArrayList<>();
            for (int t = 0; t < tableNames.size(); t++) {
                tables.add(new WarehouseSchema.Table(tableNames.get(t), columns.getOrDefault(t, List.of()), List.of()));
            }
            String schema = target == SqlTarget.SQLITE ? "main" : "public";
            catalogs.put(db.get("db_id").asText(), GuardCatalog.of(WarehouseSchema.of(schema, tables), target));
        }
        return catalogs;
    }

    private static int jdbcType(String declared) {
        return switch (declared) {
            case "integer" -> Types.INTEGER;
            case "real", "number" -> Types.DOUBLE;
            case "boolean" -> Types.BOOLEAN;
            case "date" -> Types.DATE;
            case "datetime" -> Types.TIMESTAMP;
            default -> Types.VARCHAR;
        };
    }

    /** A semantic model of a Spider-style schema: tables and columns with their natural names. */
    static SemanticModel semanticModel(Path tablesJson) throws IOException {
        return semanticModel(tablesJson, JSON.readTree(tablesJson.toFile()).get(0));
    }

    /** The semantic model of one database of a Spider-style tables file: every column a dimension. */
    static SemanticModel semanticModel(Path tablesJson, JsonNode db) {
        return model(tablesJson, db, false);
    }

    /**
     * The semantic model the planner reads of one database: as {@link #semanticModel(Path,
     * JsonNode)}, with numeric columns that are no key as facts (aggregated only as a question
     * says: average, maximum, ...), primary keys, and each foreign key as a many-to-one
     * relationship. Nothing else is declared: no metrics, default filters or sample values.
     */
    static SemanticModel plannerModel(Path tablesJson, JsonNode db) {
        return model(tablesJson, db, true);
    }

    private static SemanticModel model(Path tablesJson, JsonNode db, boolean forPlanner) {
        JsonNode tables = db.get("table_names_original");
        JsonNode columns = db.get("column_names_original");
        JsonNode columnNames = db.get("column_names");
        JsonNode types = db.get("column_types");
        java.util.Set<Integer> keys = new java.util.HashSet<>();
        db.get("primary_keys").forEach(k -> {
            if (k.isArray()) {
                k.forEach(x -> keys.add(x.asInt()));
            } else {
                keys.add(k.asInt());
            }
        });
        db.get("foreign_keys").forEach(fk -> {
            keys.add(fk.get(0).asInt());
            keys.add(fk.get(1).asInt());
        });
        List<SemanticModel.LogicalTable> logical = new ArrayList<>();
        for (int t = 0; t < tables.size(); t++) {
            List<SemanticModel.Field> dimensions = new ArrayList<>();
            List<SemanticModel.Field> facts = new ArrayList<>();
            List<String> primaryKey = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).get(0).asInt() != t) {
                    continue;
                }
                String name = columns.get(c).get(1).asText();
                boolean fact = forPlanner && types.get(c).asText().equals("number") && !keys.contains(c);
                if (forPlanner && db.get("primary_keys").toString().matches(".*\\b" + c + "\\b.*")) {
                    primaryKey.add(name);
                }
                (fact ? facts : dimensions)
                        .add(new SemanticModel.Field(
                                fact ? SemanticModel.FieldKind.FACT : SemanticModel.FieldKind.DIMENSION,
                                name.toLowerCase(Locale.ROOT),
                                name,
                                forPlanner ? types.get(c).asText() : null,
                                null,
                                List.of(columnNames.get(c).get(1).asText()),
                                List.of(),
                                false,
                                null,
                                null,
                                0));
            }
            String table = tables.get(t).asText();
            logical.add(new SemanticModel.LogicalTable(
                    table.toLowerCase(Locale.ROOT),
                    null,
                    new SemanticModel.BaseTable(null, null, table, 0),
                    primaryKey,
                    List.of(db.get("table_names").get(t).asText()),
                    dimensions,
                    List.of(),
                    facts,
                    List.of(),
                    List.of(),
                    List.of(),
                    null,
                    0));
        }
        List<SemanticModel.Relationship> relationships = new ArrayList<>();
        for (JsonNode fk : forPlanner ? db.get("foreign_keys") : JSON.createArrayNode()) {
            JsonNode from = columns.get(fk.get(0).asInt());
            JsonNode to = columns.get(fk.get(1).asInt());
            String left = tables.get(from.get(0).asInt()).asText().toLowerCase(Locale.ROOT);
            String right = tables.get(to.get(0).asInt()).asText().toLowerCase(Locale.ROOT);
            if (left.equals(right)) {
                continue;
            }
            relationships.add(new SemanticModel.Relationship(
                    left + "_to_" + right + "_" + relationships.size(),
                    left,
                    right,
                    List.of(new SemanticModel.ColumnPair(
                            from.get(1).asText(), to.get(1).asText(), 0)),
                    "inner",
                    "many_to_one",
                    0));
        }
        return new SemanticModel(tablesJson, db.get("db_id").asText(), null, logical, relationships, List.of());
    }
}
