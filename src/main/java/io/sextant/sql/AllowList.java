package io.sextant.sql;

import io.sextant.catalog.WarehouseSchema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.util.NlsString;

/**
 * Guard stage 3, on the parse tree: no denied function, no table function, no system catalog, no
 * CTE that shadows a table, no NUL in a literal, no constant that builds a huge value; every table
 * exists and the principal may read it. A table the principal may not read is reported exactly as
 * one that does not exist.
 */
final class AllowList {

    private static final Set<String> SYSTEM_SCHEMAS = Set.of(
            "information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys", "temp", "system");

    private final GuardContext context;

    AllowList(GuardContext context) {
        this.context = context;
    }

    /**
     * @return the canonical names of the tables the statement names
     * @throws GuardRefusal with the first problem found
     */
    Set<String> check(SqlNode statement) {
        List<GuardError> errors = new ArrayList<>();
        // Reported only when nothing else is wrong (a series in FROM is a table function first).
        List<GuardError> resources = new ArrayList<>();
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getOperator() instanceof SqlFunction function) {
                    if (Functions.denied(function.getName())) {
                        errors.add(GuardContext.at(
                                call,
                                GuardError.DENIED_FUNCTION,
                                "Function " + function.getName().toLowerCase(Locale.ROOT) + " may not be called."));
                    }
                    Functions.resourceProblem(function.getName(), call.getOperandList())
                            .ifPresent(problem ->
                                    resources.add(GuardContext.at(call, GuardError.RESOURCE_LIMIT, problem)));
                }
                if (call instanceof SqlWithItem item
                        && context.catalog()
                                .schema()
                                .table(item.name.getSimple())
                                .isPresent()) {
                    // Databases disagree on which one a later reference reads (H2 reads the
                    // table), so neither the validation nor the row policies could be trusted.
                    errors.add(GuardContext.at(
                            item.name,
                            GuardError.CTE_SHADOWS_TABLE,
                            "The CTE name " + item.name.getSimple()
                                    + " is also the name of a table; give the CTE another name."));
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlLiteral literal) {
                if (literal.getValue() instanceof NlsString s && s.getValue().indexOf('\0') >= 0) {
                    // Databases disagree on NUL in text (some end the string there).
                    errors.add(GuardContext.at(
                            literal, GuardError.INVALID, "String literals may not contain NUL characters."));
                }
                return null;
            }
        });
        if (!errors.isEmpty()) {
            throw new GuardRefusal(errors.get(0));
        }
        Set<String> tables = new LinkedHashSet<>();
        FromClauses.walk(statement, new FromClauses.Visitor() {
            @Override
            public SqlNode table(SqlIdentifier name) {
                tableError(name, tables).ifPresent(errors::add);
                return null;
            }

            @Override
            public void tableFunction(SqlNode relation) {
                errors.add(GuardContext.at(
                        relation,
                        GuardError.TABLE_FUNCTION,
                        "Only tables, views and subqueries may appear in FROM; this is "
                                + GuardContext.firstLine(relation.toString()) + "."));
            }
        });
        errors.addAll(resources);
        if (!errors.isEmpty()) {
            throw new GuardRefusal(errors.get(0));
        }
        return tables;
    }

    private Optional<GuardError> tableError(SqlIdentifier name, Set<String> tables) {
        List<String> names = name.names;
        String table = names.get(names.size() - 1);
        String schema = names.size() > 1 ? names.get(names.size() - 2) : null;
        String lower = table.toLowerCase(Locale.ROOT);
        WarehouseSchema catalog = context.catalog().schema();
        boolean system = (schema != null && SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT)))
                || lower.startsWith("sqlite_")
                || lower.startsWith("pg_")
                || lower.startsWith("duckdb_");
        if (system && !(schema == null && catalog.table(table).isPresent())) {
            return Optional.of(GuardContext.at(
                    name,
                    GuardError.SYSTEM_CATALOG,
                    "System catalogs (" + String.join(".", names) + ") may not be read."));
        }
        Optional<WarehouseSchema.Table> found = catalog.table(table);
        boolean schemaOk = schema == null || schema.equalsIgnoreCase(catalog.schema());
        if (found.isEmpty() || !schemaOk || names.size() > 3) {
            return Optional.of(unknownTable(context, name, String.join(".", names)));
        }
        String canonical = found.get().name();
        if (!context.canRead(canonical)) {
            // Told exactly as a table that does not exist, suggestions included.
            return Optional.of(
                    unknownTable(context, name, String.join(".", names)).asDenial());
        }
        tables.add(canonical);
        return Optional.empty();
    }

    /** "Table x does not exist or you may not read it", with the closest tables the principal may read. */
    static GuardError unknownTable(GuardContext context, SqlNode node, String name) {
        List<String> visible = context.catalog().schema().tables().stream()
                .map(WarehouseSchema.Table::name)
                .filter(context::canRead)
                .toList();
        return new GuardError(
                GuardError.UNKNOWN_TABLE,
                "Table " + name + " does not exist or you may not read it.",
                Suggestions.closest(name, visible, context.catalog(), context::visibleName),
                GuardContext.line(node),
                GuardContext.column(node));
    }
}
