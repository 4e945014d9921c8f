package io.sextant.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.ask.Planner;
import io.sextant.sql.GuardCatalog;
import io.sextant.sql.ResultComparison;
import io.sextant.sql.SqlCheck;
import io.sextant.sql.SqlGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The planner alone (no model) on Spider dev, over semantic models built from {@code
 * tables.json} (columns, numeric non-key columns as facts, foreign keys as many-to-one
 * relationships; no metrics, default filters or sample values): how many questions it compiles
 * (coverage), how many of those return the gold SQL's rows (precision when answered), single-table
 * and overall. On schemas it cannot read well it should decline rather than guess.
 *
 * <pre>./mvnw -q compile exec:java@spider-planner [-Dexec.args="--limit 200"]</pre>
 */
public final class SpiderPlanner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Principal ANYONE = new Principal("eval", Set.of(), Map.of());

    private SpiderPlanner() {}

    /** Counts for one slice of the questions. */
    static final class Tally {
        int questions;
        int answered;
        int right;
        int strict;

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%d questions, %d answered (coverage %.1f%%), %d right (precision when answered %.1f%%,"
                            + " execution accuracy overall %.1f%%; strictly the gold's columns only: %d)",
                    questions,
                    answered,
                    questions == 0 ? 0 : 100.0 * answered / questions,
                    right,
                    answered == 0 ? 0 : 100.0 * right / answered,
                    questions == 0 ? 0 : 100.0 * right / questions,
                    strict);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path spider = Path.of(options.getOrDefault("data", "../shared/data")).resolve("spider");
        int limit = Integer.parseInt(options.getOrDefault("limit", "100000"));
        boolean show = options.containsKey("show");
        Map<String, Tally> tallies = new TreeMap<>();
        Map<String, JsonNode> schemas = new HashMap<>();
        for (JsonNode db : JSON.readTree(spider.resolve("tables.json").toFile())) {
            schemas.put(db.get("db_id").asText(), db);
        }
        SqlGuard guard = new SqlGuard(Permissions.unrestricted(), 0, SqlGuard.DEFAULT_MAX_LENGTH);
        Map<String, Connection> connections = new HashMap<>();
        Map<String, GuardCatalog> catalogs = new HashMap<>();
        Map<String, Planner> planners = new HashMap<>();
        ResultComparison compare = new ResultComparison(1e-6);
        int seen = 0;
        try {
            for (JsonNode q : JSON.readTree(spider.resolve("dev.json").toFile())) {
                String db = q.get("db_id").asText();
                Path file = spider.resolve("database").resolve(db).resolve(db + ".sqlite");
                if (!Files.exists(file) || seen >= limit) {
                    continue;
                }
                seen++;
                Connection connection = connections.computeIfAbsent(db, d -> GuardEval.open(file));
                GuardCatalog catalog = catalogs.computeIfAbsent(db, d -> GuardEval.catalog(connection));
                Planner planner = planners.computeIfAbsent(
                        db,
                        d -> new Planner(
                                TablesJson.plannerModel(spider.resolve("tables.json"), schemas.get(d)),
                                Permissions.unrestricted()));
                String gold = q.get("query").asText();
                String slice = gold.toUpperCase(Locale.ROOT).contains(" JOIN ") ? "joins" : "single-table";
                Tally tally = tallies.computeIfAbsent(slice, s -> new Tally());
                Tally all = tallies.computeIfAbsent("overall", s -> new Tally());
                tally.questions++;
                all.questions++;
                Planner.Reading reading =
                        planner.read(q.get("question").asText(), ANYONE, 0.15, LocalDate.of(2026, 1, 15));
                if (reading.outcome().compiled().isEmpty()) {
                    continue;
                }
                SqlCheck check = guard.check(reading.outcome().compiled().get().sql(), ANYONE, catalog);
                if (!check.accepted()) {
                    continue;
                }
                tally.answered++;
                all.answered++;
                boolean right;
                boolean exactly;
                try {
                    // judged as a user would: every gold column among the answer's (extra columns allowed)
                    var goldRows = GuardEval.rows(connection, gold);
                    var rows = GuardEval.rows(connection, check.checked().sql());
                    right = compare.covers(goldRows, rows, ResultComparison.orders(gold));
                    exactly = compare.same(goldRows, rows, ResultComparison.orders(gold));
                } catch (SQLException e) {
                    right = false;
                    exactly = false;
                }
                if (right) {
                    tally.right++;
                    all.right++;
                }
                if (exactly) {
                    tally.strict++;
                    all.strict++;
                }
                if (show) {
                    System.out.printf(
                            "%s %s%n  gold: %s%n  planner: %s%n",
                            right ? "RIGHT" : "WRONG",
                            q.get("question").asText(),
                            gold,
                            check.checked().sql().replace('\n', ' '));
                }
            }
        } finally {
            for (Connection c : connections.values()) {
                c.close();
            }
        }
        System.out.println("Spider dev, the planner without a model:");
        tallies.forEach((slice, t) -> System.out.println("  " + slice + ": " + t));
    }
}
