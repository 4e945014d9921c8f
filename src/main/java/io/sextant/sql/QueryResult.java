package io.sextant.sql;

import java.util.List;

/**
 * Rows a statement returned.
 *
 * @param columns names and database types of the result columns
 * @param rows values as JSON-friendly Java objects (numbers, strings, booleans, ISO dates)
 * @param truncated true when the row cap may have cut the result short
 * @param elapsedMillis time from sending the statement to reading the last row
 */
public record QueryResult(List<Column> columns, List<List<Object>> rows, boolean truncated, long elapsedMillis) {

    /** A result column. */
    public record Column(String name, String type) {}

    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
