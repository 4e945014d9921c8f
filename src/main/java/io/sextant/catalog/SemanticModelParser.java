package io.sextant.catalog;

import io.sextant.catalog.SemanticModel.BaseTable;
import io.sextant.catalog.SemanticModel.ColumnPair;
import io.sextant.catalog.SemanticModel.Field;
import io.sextant.catalog.SemanticModel.FieldKind;
import io.sextant.catalog.SemanticModel.LogicalTable;
import io.sextant.catalog.SemanticModel.Metric;
import io.sextant.catalog.SemanticModel.NamedFilter;
import io.sextant.catalog.SemanticModel.Relationship;
import io.sextant.catalog.SemanticModel.VerifiedQuery;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a semantic model YAML file into a {@link SemanticModel}, collecting every structural
 * problem (syntax, unknown or missing keys, wrong shapes, bad values) as a {@link ModelIssue} with
 * its line instead of stopping at the first. Checks against the warehouse are the {@link
 * SemanticModelValidator}'s job.
 */
public final class SemanticModelParser {

    /** The data types a field may declare (parameters such as {@code (38,2)} are ignored). */
    static final Set<String> DATA_TYPES = Set.of(
            "text",
            "varchar",
            "string",
            "char",
            "number",
            "numeric",
            "decimal",
            "integer",
            "int",
            "bigint",
            "smallint",
            "float",
            "double",
            "real",
            "date",
            "timestamp",
            "timestamp_ntz",
            "timestamp_ltz",
            "timestamp_tz",
            "datetime",
            "boolean");

    private static final Set<String> ROOT_KEYS =
            Set.of("name", "description", "tables", "relationships", "verified_queries");
    private static final Set<String> TABLE_KEYS = Set.of(
            "name",
            "description",
            "base_table",
            "primary_key",
            "synonyms",
            "dimensions",
            "time_dimensions",
            "facts",
            "measures",
            "metrics",
            "filters",
            "default_filters",
            "default_time_dimension");
    private static final Set<String> BASE_TABLE_KEYS = Set.of("database", "schema", "table");
    private static final Set<String> PRIMARY_KEY_KEYS = Set.of("columns");
    private static final Set<String> FIELD_KEYS = Set.of(
            "name",
            "expr",
            "data_type",
            "description",
            "synonyms",
            "sample_values",
            "is_enum",
            "unique",
            "default_aggregation",
            "parent");
    private static final Set<String> NAMED_EXPRESSION_KEYS = Set.of("name", "expr", "description", "synonyms");
    private static final Set<String> RELATIONSHIP_KEYS =
            Set.of("name", "left_table", "right_table", "relationship_columns", "join_type", "relationship_type");
    private static final Set<String> COLUMN_PAIR_KEYS = Set.of("left_column", "right_column");
    private static final Set<String> VERIFIED_QUERY_KEYS =
            Set.of("name", "question", "sql", "verified_by", "verified_at", "use_as_onboarding_question");
    private static final Set<String> AGGREGATIONS =
            Set.of("sum", "avg", "min", "max", "count", "count_distinct", "median");
    private static final Set<String> JOIN_TYPES = Set.of("left_outer", "inner");
    private static final Set<String> RELATIONSHIP_TYPES = Set.of("many_to_one", "one_to_one");

    /** The outcome of parsing: a model (possibly partial) and what was wrong. */
    public record Result(Optional<SemanticModel> model, List<ModelIssue> issues) {}

    /** Verified queries read from a file of their own, and what was wrong. */
    public record QueriesResult(List<VerifiedQuery> queries, List<ModelIssue> issues) {}

    private final Path file;
    private final List<ModelIssue> issues = new ArrayList<>();
    /** In a model file a verified query names who verified it and when; in an import file the importer does. */
    private boolean stampsRequired = true;

    private SemanticModelParser(Path file) {
        this.file = file;
    }

    /** Parses the file at {@code file}; a missing or unreadable file is reported as an issue. */
    public static Result parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return new Result(
                    Optional.empty(),
                    List.of(ModelIssue.error(file, 1, "unreadable-file", "cannot read the semantic model: " + e)));
        }
        return parse(file, text);
    }

    /** Parses {@code text}, reporting issues against {@code file}. */
    public static Result parse(Path file, String text) {
        SemanticModelParser parser = new SemanticModelParser(file);
        Optional<SemanticModel> model = parser.read(new StringReader(text));
        return new Result(model, List.copyOf(parser.issues));
    }

    /**
     * Reads the {@code verified_queries} of a file in the model's format — the curation export, or
     * a whole model (its other keys are not read) — where {@code verified_by} and {@code
     * verified_at} may be left out.
     */
    public static QueriesResult parseVerifiedQueries(Path file, String text) {
        SemanticModelParser parser = new SemanticModelParser(file);
        parser.stampsRequired = false;
        List<VerifiedQuery> queries = new ArrayList<>();
        parser.compose(new StringReader(text)).ifPresent(mapping -> {
            Map<String, NodeTuple> keys = parser.keys(mapping, ROOT_KEYS, "verified-query file");
            if (!keys.containsKey("verified_queries")) {
                parser.error(parser.line(mapping), "missing-key", "the file has no 'verified_queries'");
            }
            for (MappingNode node : parser.mappings(keys, "verified_queries", "verified query")) {
                parser.verifiedQuery(node).ifPresent(queries::add);
            }
        });
        return new QueriesResult(List.copyOf(queries), List.copyOf(parser.issues));
    }

    private Optional<MappingNode> compose(Reader reader) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // detected below, with the line
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
            error(line, "yaml-syntax", "YAML syntax error: " + e.getProblem());
            return Optional.empty();
        } catch (YAMLException e) {
            error(1, "yaml-syntax", "YAML syntax error: " + e.getMessage());
            return Optional.empty();
        }
        if (!(root instanceof MappingNode mapping)) {
            error(
                    root == null ? 1 : line(root),
                    "wrong-shape",
                    "the semantic model must be a mapping with name and tables");
            return Optional.empty();
        }
        return Optional.of(mapping);
    }

    private Optional<SemanticModel> read(Reader reader) {
        Optional<MappingNode> root = compose(reader);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        MappingNode mapping = root.get();
        Map<String, NodeTuple> keys = keys(mapping, ROOT_KEYS, "semantic model");
        String name = requiredString(keys, "name", mapping, "semantic model");
        List<LogicalTable> tables = new ArrayList<>();
        for (MappingNode node : mappings(keys, "tables", "table")) {
            tables.add(table(node));
        }
        if (!keys.containsKey("tables")) {
            error(line(mapping), "missing-key", "the semantic model has no 'tables'");
        }
        List<Relationship> relationships = new ArrayList<>();
        for (MappingNode node : mappings(keys, "relationships", "relationship")) {
            relationships.add(relationship(node));
        }
        List<VerifiedQuery> verified = new ArrayList<>();
        for (MappingNode node : mappings(keys, "verified_queries", "verified query")) {
            verifiedQuery(node).ifPresent(verified::add);
        }
        return Optional.of(
                new SemanticModel(file, name, optionalString(keys, "description"), tables, relationships, verified));
    }

    private LogicalTable table(MappingNode node) {
        Map<String, NodeTuple> keys = keys(node, TABLE_KEYS, "table");
        String name = requiredString(keys, "name", node, "table");
        String what = "table " + name;
        BaseTable base = null;
        NodeTuple baseTuple = keys.get("base_table");
        if (baseTuple == null) {
            error(line(node), "missing-key", what + " has no 'base_table'");
        } else if (baseTuple.getValueNode() instanceof MappingNode baseNode) {
            Map<String, NodeTuple> baseKeys = keys(baseNode, BASE_TABLE_KEYS, what + " base_table");
            base = new BaseTable(
                    optionalString(baseKeys, "database"),
                    optionalString(baseKeys, "schema"),
                    requiredString(baseKeys, "table", baseNode, what + " base_table"),
                    line(baseNode));
        } else {
            error(
                    line(baseTuple.getValueNode()),
                    "wrong-shape",
                    what + ": 'base_table' must be a mapping with database, schema, table");
        }
        List<String> primaryKey = List.of();
        NodeTuple pkTuple = keys.get("primary_key");
        if (pkTuple != null) {
            if (pkTuple.getValueNode() instanceof MappingNode pkNode) {
                primaryKey = strings(keys(pkNode, PRIMARY_KEY_KEYS, what + " primary_key"), "columns");
            } else {
                error(
                        line(pkTuple.getValueNode()),
                        "wrong-shape",
                        what + ": 'primary_key' must be a mapping with 'columns'");
            }
        }
        List<Field> facts = fields(keys, FieldKind.FACT, "facts", what);
        facts.addAll(fields(keys, FieldKind.FACT, "measures", what));
        List<Metric> metrics = namedExpressions(keys, "metrics", what + " metric", Metric::new);
        List<NamedFilter> filters = namedExpressions(keys, "filters", what + " filter", NamedFilter::new);
        return new LogicalTable(
                name,
                optionalString(keys, "description"),
                base,
                primaryKey,
                strings(keys, "synonyms"),
                fields(keys, FieldKind.DIMENSION, "dimensions", what),
                fields(keys, FieldKind.TIME_DIMENSION, "time_dimensions", what),
                facts,
                metrics,
                filters,
                strings(keys, "default_filters"),
                optionalString(keys, "default_time_dimension"),
                line(node));
    }

    /** Builds a metric or a named filter: both are a name, an expression and their description. */
    private interface NamedExpressionFactory<T> {
        T create(String name, String expr, String description, List<String> synonyms, int line);
    }

    private <T> List<T> namedExpressions(
            Map<String, NodeTuple> keys, String key, String what, NamedExpressionFactory<T> factory) {
        List<T> result = new ArrayList<>();
        for (MappingNode node : mappings(keys, key, what)) {
            Map<String, NodeTuple> nk = keys(node, NAMED_EXPRESSION_KEYS, what);
            String name = requiredString(nk, "name", node, what);
            result.add(factory.create(
                    name,
                    requiredString(nk, "expr", node, what + " " + name),
                    optionalString(nk, "description"),
                    strings(nk, "synonyms"),
                    line(node)));
        }
        return result;
    }

    private List<Field> fields(Map<String, NodeTuple> keys, FieldKind kind, String key, String table) {
        List<Field> fields = new ArrayList<>();
        for (MappingNode node : mappings(keys, key, key)) {
            Map<String, NodeTuple> fk = keys(node, FIELD_KEYS, table + " " + key);
            String name = requiredString(fk, "name", node, table + " " + key);
            String what = table + " " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + name;
            String dataType = requiredString(fk, "data_type", node, what);
            if (dataType != null && !DATA_TYPES.contains(baseType(dataType))) {
                error(
                        line(fk.get("data_type").getValueNode()),
                        "unknown-data-type",
                        what + ": unknown data_type '" + dataType
                                + "' (expected one of text, number, date, timestamp, boolean, ...)");
            }
            String aggregation = optionalString(fk, "default_aggregation");
            if (aggregation != null && !AGGREGATIONS.contains(aggregation.toLowerCase(Locale.ROOT))) {
                error(
                        line(fk.get("default_aggregation").getValueNode()),
                        "bad-value",
                        what + ": unknown default_aggregation '" + aggregation + "' (expected one of "
                                + String.join(
                                        ", ", AGGREGATIONS.stream().sorted().toList()) + ")");
            }
            fields.add(new Field(
                    kind,
                    name,
                    requiredString(fk, "expr", node, what),
                    dataType,
                    optionalString(fk, "description"),
                    strings(fk, "synonyms"),
                    strings(fk, "sample_values"),
                    bool(fk, "is_enum"),
                    aggregation,
                    optionalString(fk, "parent"),
                    line(node)));
        }
        return fields;
    }

    private Relationship relationship(MappingNode node) {
        Map<String, NodeTuple> keys = keys(node, RELATIONSHIP_KEYS, "relationship");
        String name = requiredString(keys, "name", node, "relationship");
        String what = "relationship " + name;
        List<ColumnPair> pairs = new ArrayList<>();
        for (MappingNode pair : mappings(keys, "relationship_columns", what + " relationship_columns")) {
            Map<String, NodeTuple> pk = keys(pair, COLUMN_PAIR_KEYS, what + " relationship_columns");
            pairs.add(new ColumnPair(
                    requiredString(pk, "left_column", pair, what),
                    requiredString(pk, "right_column", pair, what),
                    line(pair)));
        }
        if (pairs.isEmpty()) {
            error(line(node), "missing-key", what + " has no 'relationship_columns'");
        }
        String joinType = oneOf(keys, "join_type", JOIN_TYPES, "left_outer", what);
        String relationshipType = oneOf(keys, "relationship_type", RELATIONSHIP_TYPES, "many_to_one", what);
        return new Relationship(
                name,
                requiredString(keys, "left_table", node, what),
                requiredString(keys, "right_table", node, what),
                pairs,
                joinType,
                relationshipType,
                line(node));
    }

    private Optional<VerifiedQuery> verifiedQuery(MappingNode node) {
        Map<String, NodeTuple> keys = keys(node, VERIFIED_QUERY_KEYS, "verified query");
        String name = requiredString(keys, "name", node, "verified query");
        String what = "verified query " + name;
        String question = requiredString(keys, "question", node, what);
        String sql = requiredString(keys, "sql", node, what);
        String verifiedBy =
                stampsRequired ? requiredString(keys, "verified_by", node, what) : optionalString(keys, "verified_by");
        String verifiedAtText =
                stampsRequired ? requiredString(keys, "verified_at", node, what) : optionalString(keys, "verified_at");
        Instant verifiedAt = null;
        if (verifiedAtText != null) {
            verifiedAt = instant(verifiedAtText);
            if (verifiedAt == null) {
                error(
                        line(keys.get("verified_at").getValueNode()),
                        "bad-value",
                        what + ": verified_at '" + verifiedAtText
                                + "' is neither a date (2025-03-31), an ISO instant nor epoch seconds");
            }
        }
        if (name == null || question == null || sql == null) {
            return Optional.empty();
        }
        return Optional.of(new VerifiedQuery(
                name, question, sql, verifiedBy, verifiedAt, bool(keys, "use_as_onboarding_question"), line(node)));
    }

    // ---- node helpers -------------------------------------------------------------------------

    /** Indexes a mapping's keys, reporting unknown keys (with a suggestion) and duplicates. */
    private Map<String, NodeTuple> keys(MappingNode node, Set<String> allowed, String what) {
        Map<String, NodeTuple> keys = new HashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                error(line(tuple.getKeyNode()), "wrong-shape", what + ": keys must be plain names");
                continue;
            }
            String key = keyNode.getValue();
            if (!allowed.contains(key)) {
                String hint = Names.closest(key, allowed)
                        .map(s -> "; did you mean '" + s + "'?")
                        .orElse("");
                error(line(keyNode), "unknown-key", what + ": unknown key '" + key + "'" + hint);
                continue;
            }
            if (keys.putIfAbsent(key, tuple) != null) {
                error(line(keyNode), "duplicate-key", what + ": key '" + key + "' appears twice");
            }
        }
        return keys;
    }

    private List<MappingNode> mappings(Map<String, NodeTuple> keys, String key, String what) {
        return items(keys, key, MappingNode.class, "a mapping (a " + what + ")");
    }

    private List<String> strings(Map<String, NodeTuple> keys, String key) {
        return items(keys, key, ScalarNode.class, "a single value").stream()
                .map(ScalarNode::getValue)
                .toList();
    }

    /** The entries of a list-valued key that have the expected node type; others are reported. */
    private <T extends Node> List<T> items(Map<String, NodeTuple> keys, String key, Class<T> type, String expected) {
        NodeTuple tuple = keys.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return List.of();
        }
        if (!(tuple.getValueNode() instanceof SequenceNode sequence)) {
            error(line(tuple.getValueNode()), "wrong-shape", "'" + key + "' must be a list");
            return List.of();
        }
        List<T> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (type.isInstance(item)) {
                items.add(type.cast(item));
            } else {
                error(line(item), "wrong-shape", "each entry of '" + key + "' must be " + expected);
            }
        }
        return items;
    }

    private String requiredString(Map<String, NodeTuple> keys, String key, Node owner, String what) {
        NodeTuple tuple = keys.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            error(line(owner), "missing-key", what + " has no '" + key + "'");
            return null;
        }
        String value = scalar(tuple, key, what);
        if (value != null && value.isBlank()) {
            error(line(tuple.getValueNode()), "missing-key", what + ": '" + key + "' is empty");
            return null;
        }
        return value;
    }

    private String optionalString(Map<String, NodeTuple> keys, String key) {
        NodeTuple tuple = keys.get(key);
        return tuple == null || isNull(tuple.getValueNode()) ? null : scalar(tuple, key, key);
    }

    private String scalar(NodeTuple tuple, String key, String what) {
        if (tuple.getValueNode() instanceof ScalarNode scalar) {
            return scalar.getValue().strip();
        }
        error(line(tuple.getValueNode()), "wrong-shape", what + ": '" + key + "' must be a single value");
        return null;
    }

    private boolean bool(Map<String, NodeTuple> keys, String key) {
        String value = optionalString(keys, key);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> {
                error(
                        line(keys.get(key).getValueNode()),
                        "bad-value",
                        "'" + key + "' must be true or false, not '" + value + "'");
                yield false;
            }
        };
    }

    private String oneOf(Map<String, NodeTuple> keys, String key, Set<String> allowed, String fallback, String what) {
        String value = optionalString(keys, key);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value.toLowerCase(Locale.ROOT))) {
            error(
                    line(keys.get(key).getValueNode()),
                    "bad-value",
                    what + ": " + key + " '" + value + "' is not one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
            return fallback;
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static Instant instant(String text) {
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    static String baseType(String dataType) {
        String lower = dataType.toLowerCase(Locale.ROOT).strip();
        int paren = lower.indexOf('(');
        return (paren < 0 ? lower : lower.substring(0, paren)).strip();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar
                && "tag:yaml.org,2002:null".equals(scalar.getTag().getValue());
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private void error(int line, String code, String message) {
        issues.add(ModelIssue.error(file, line, code, message));
    }
}
