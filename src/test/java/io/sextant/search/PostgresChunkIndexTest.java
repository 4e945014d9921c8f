package io.sextant.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.PostgresTestDatabase;
import io.sextant.access.Acl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PostgresChunkIndexTest extends ChunkIndexContract {

    private static final String SCHEMA = "sextant_index_test";

    @Override
    ChunkIndex create() {
        PostgresTestDatabase.dropSchema(SCHEMA);
        return new PostgresChunkIndex(PostgresTestDatabase.dataSource(), SCHEMA);
    }

    @Override
    ChunkIndex reopen(ChunkIndex index) {
        index.close();
        return new PostgresChunkIndex(PostgresTestDatabase.dataSource(), SCHEMA);
    }

    /** The term statistics as kept, next to a count made now from the chunks. */
    private static Map<String, Map<String, Long>> statistics() throws SQLException {
        Map<String, Map<String, Long>> both = new TreeMap<>();
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            both.put("kept", rows(s, "SELECT lexeme, df FROM " + SCHEMA + ".sextant_terms WHERE df > 0"));
            both.put(
                    "counted",
                    rows(
                            s,
                            "SELECT lexeme, count(*) FROM " + SCHEMA
                                    + ".sextant_chunks, unnest(tsvector_to_array(tsv)) AS lexeme GROUP BY lexeme"));
            both.put(
                    "totals kept",
                    rows(
                            s,
                            "SELECT 'chunks', chunks FROM " + SCHEMA
                                    + ".sextant_term_totals UNION ALL SELECT 'length', " + "total_len FROM " + SCHEMA
                                    + ".sextant_term_totals"));
            both.put(
                    "totals counted",
                    rows(
                            s,
                            "SELECT 'chunks', count(*) FROM " + SCHEMA + ".sextant_chunks UNION ALL SELECT 'length', "
                                    + "sum(doc_len) FROM " + SCHEMA + ".sextant_chunks"));
        }
        return both;
    }

    private static Map<String, Long> rows(Statement s, String sql) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        }
        return rows;
    }

    @Test
    void should_keep_term_statistics_equal_to_a_recount_through_replaces_and_deletes() throws SQLException {
        index.replace(withChunks("a", Acl.everyone(), List.of("quarterly revenue grew", "revenue by region")));
        index.replace(withChunks("b", Acl.everyone(), List.of("parking garage on level two")));
        index.replace(withChunks("a", Acl.everyone(), List.of("annual revenue fell")));
        index.replaceAll(List.of(
                withChunks("c", Acl.everyone(), List.of("garage doors", "doors and windows")),
                withChunks("d", Acl.everyone(), List.of("windows of the garage"))));
        index.delete("b");

        Map<String, Map<String, Long>> s = statistics();
        assertThat(s.get("kept")).isEqualTo(s.get("counted")).containsEntry("garag", 2L);
        assertThat(s.get("totals kept")).isEqualTo(s.get("totals counted")).containsEntry("chunks", 4L);
    }

    @Test
    void should_fill_the_term_statistics_of_an_index_made_before_they_existed() throws SQLException {
        index.replace(withChunks("a", Acl.everyone(), List.of("quarterly revenue grew", "revenue by region")));
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + SCHEMA + ".sextant_terms, " + SCHEMA + ".sextant_term_totals");
        }

        index = reopen(index);

        Map<String, Map<String, Long>> s = statistics();
        assertThat(s.get("kept")).isEqualTo(s.get("counted")).containsEntry("revenu", 2L);
        assertThat(index.lexical("revenue region", EVERYBODY.aclTerms(), SearchFilters.documents(), 10))
                .extracting(Candidate::chunkId)
                .first()
                .isEqualTo("a#1");
    }
}
