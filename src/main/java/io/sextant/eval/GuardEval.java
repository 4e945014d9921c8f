package io.sextant.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.catalog.WarehouseIntrospector;
import io.sextant.sql.GuardCatalog;
import io.sextant.sql.SqlCheck;
import io.sextant.sql.SqlGuard;
import io.sextant.sql.SqlTarget;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.sqlite.JDBC;

/**
 * Measures the SQL guard on public text-to-SQL data: how much real, correct SQL it accepts, and
 * whether what it renders returns the same rows. Spider dev: every gold query is checked against
 * its SQLite database's introspected schema by an unrestricted principal, and both the gold and
 * the guard's SQL run on that database. BIRD Mini-Dev: the SQLite and PostgreSQL versions of
 * every gold query are checked against catalogs built from {@code dev_tables.json}.
 *
 * <pre>./mvnw -q compile exec:java@guard-eval -Dexec.args="--suite all"</pre>
 *
 * Options: {@code --suite spider|bird|all}, {@code --data ../shared/data}, {@code --out
 * eval/reports}.
 */
public final class GuardEval {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Principal UNRESTRICTED = new Principal("eval", Set.of(), Map.of());

    /** A gold query the guard refused, or whose rendering ran differently. */
    public record Failure(String db, String question, String sql, String category, String detail) {}

    /** What a suite measured. */
    public record Report(
            String suite,
            int total,
            int accepted,
            int compared,
            int equal,
            Map<String, Integer> byCategory,
            List<Failure> failures) {

        public double acceptedShare() {
            return total == 0 ? 0 : (double) accepted / total;
        }

        public double equalShare() {
            return total == 0 ? 0 : (double) equal / total;
        }
    }

    private GuardEval() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String suite = options.getOrDefault("suite", "all");
        Path data = Path.of(options.getOrDefault("data", "../shared/data"));
        Path out = Path.of(options.getOrDefault("out", "eval/reports"));
        List<Report> reports = new ArrayList<>();
        if (suite.equals("spider") || suite.equals("all")) {
            reports.add(spider(data.resolve("spider")));
        }
        if (suite.equals("bird") || suite.equals("all")) {
            reports.add(bird(data.resolve("bird-minidev"), SqlTarget.SQLITE));
            reports.add(bird(data.resolve("bird-minidev"), SqlTarget.POSTGRESQL));
        }
        for (Report r : reports) {
            System.out.printf(
                    Locale.ROOT,
                    "%-18s total %4d  accepted %4d (%.1f%%)  compared %4d  equal %4d (%.1f%%)  failures %s%n",
                    r.suite(),
                    r.total(),
                    r.accepted(),
                    100 * r.acceptedShare(),
                    r.compared(),
                    r.equal(),
                    100 * r.equalShare(),
                    r.byCategory());
            r.failures()
                    .forEach(f ->
                            System.out.printf("  [%s] %s: %s%n      %s%n", f.category(), f.db(), f.sql(), f.detail()));
        }
        Files.createDirectories(out);
        Path file = out.resolve(
                "guard-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        JSON.writeValue(file.toFile(), reports);
        System.out.println("Report: " + file);
    }

    /** Runs the Spider dev gold queries of every database present through the guard and both SQLs. */
    public static Report spider(Path spider) throws IOException, SQLException {
        JsonNode questions = JSON.readTree(spider.resolve("dev.json").toFile());
        SqlGuard guard = new SqlGuard(Permissions.unrestricted(), 0, SqlGuard.DEFAULT_MAX_LENGTH);
        Map<String, Connection> connections = new HashMap<>();
        Map<String, GuardCatalog> catalogs = new HashMap<>();
        Tally tally = new Tally("spider-dev");
        try {
            for (JsonNode q : questions) {
                String db = q.get("db_id").asText();
                Path file = spider.resolve("database").resolve(db).resolve(db + ".sqlite");
                if (!Files.exists(file)) {
                    continue;
                }
                Connection connection = connections.computeIfAbsent(db, d -> open(file));
                GuardCatalog catalog = catalogs.computeIfAbsent(db, d -> catalog(connection));
                String gold = q.get("query").asText();
                SqlCheck check = guard.check(gold, UNRESTRICTED, catalog);
                tally.total++;
                if (!check.accepted()) {
                    tally.fail(
                            db,
                            q.get("question").asText(),
                            gold,
                            check.errors().get(0).code(),
                            check.errors().get(0).describe());
                    continue;
                }
                tally.accepted++;
                String guarded = check.checked().sql();
                List<List<Object>> expected;
                try {
                    expected = rows(connection, gold);
                } catch (SQLException e) {
                    continue; // the gold query itself does not run; not the guard's failure
                }
                tally.compared++;
                try {
                    List<List<Object>> actual = rows(connection, guarded);
                    if (same(expected, actual, ordered(gold))) {
                        tally.equal++;
                    } else {
                        tally.fail(db, q.get("question").asText(), gold, "different-rows", guarded);
                    }
                } catch (SQLException e) {
                    tally.fail(
                            db,
                            q.get("question").asText(),
                            gold,
                            "rendered-sql-fails",
                            guarded + " -- " + e.getMessage());
                }
            }
        } finally {
            for (Connection c : connections.values()) {
                c.close();
            }
        }
        return tally.report();
    }

    /** Checks BIRD Mini-Dev gold queries of one dialect against catalogs from dev_tables.json. */
    public static Report bird(Path bird, SqlTarget target) throws IOException {
        String file = target == SqlTarget.SQLITE ? "mini_dev_sqlite.json" : "mini_dev_postgresql.json";
        Map<String, GuardCatalog> catalogs = TablesJson.catalogs(bird.resolve("dev_tables.json"), target);
        SqlGuard guard = new SqlGuard(Permissions.unrestricted(), 0, SqlGuard.DEFAULT_MAX_LENGTH);
        Tally tally = new Tally("bird-" + target.name().toLowerCase(Locale.ROOT));
        for (JsonNode q : JSON.readTree(bird.resolve(file).toFile())) {
            String db = q.get("db_id").asText();
            String gold = q.get("SQL").asText();
            SqlCheck check = guard.check(gold, UNRESTRICTED, catalogs.get(db));
            tally.total++;
            if (check.accepted()) {
                tally.accepted++;
            } else {
                tally.fail(
                        db,
                        q.get("question").asText(),
                        gold,
                        check.errors().get(0).code(),
                        check.errors().get(0).describe());
            }
        }
        return tally.report();
    }

    static Connection open(Path file) {
        try {
            Properties properties = new Properties();
            properties.setProperty("open_mode", "1"); // read-only
            return new JDBC().connect("jdbc:sqlite:" + file.toAbsolutePath(), properties);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + file, e);
        }
    }

    static GuardCatalog catalog(Connection connection) {
        try {
            return GuardCatalog.of(WarehouseIntrospector.introspect(connection, null), SqlTarget.SQLITE);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<List<Object>> rows(Connection connection, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(normalize(rs.getObject(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Object normalize(Object value) {
        if (value instanceof Number number && !(value instanceof BigDecimal)) {
            value = new BigDecimal(number.toString());
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.setScale(6, RoundingMode.HALF_UP)
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return value == null ? null : value.toString();
    }

    /** True when the top level of the query orders its rows (then row order must match). */
    private static boolean ordered(String sql) {
        return sql.toLowerCase(Locale.ROOT).matches("(?s).*\\border\\s+by\\b.*");
    }

    static boolean same(List<List<Object>> expected, List<List<Object>> actual, boolean ordered) {
        if (ordered) {
            return expected.equals(actual);
        }
        Map<List<Object>, Integer> counts = new HashMap<>();
        expected.forEach(r -> counts.merge(r, 1, Integer::sum));
        actual.forEach(r -> counts.merge(r, -1, Integer::sum));
        return counts.values().stream().allMatch(c -> c == 0);
    }

    private static final class Tally {
        final String suite;
        int total;
        int accepted;
        int compared;
        int equal;
        final Map<String, Integer> byCategory = new LinkedHashMap<>();
        final List<Failure> failures = new ArrayList<>();

        Tally(String suite) {
            this.suite = suite;
        }

        void fail(String db, String question, String sql, String category, String detail) {
            byCategory.merge(category, 1, Integer::sum);
            failures.add(new Failure(db, question, sql, category, detail));
        }

        Report report() {
            return new Report(suite, total, accepted, compared, equal, byCategory, failures);
        }
    }
}
