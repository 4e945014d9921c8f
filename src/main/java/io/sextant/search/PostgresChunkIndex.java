package io.sextant.search;

import com.pgvector.PGvector;
import io.sextant.SextantException;
import io.sextant.access.Acl;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The server-mode chunk index in PostgreSQL: a {@code tsvector} column with a GIN index for the
 * lexical side, a pgvector column with an HNSW index for the vector side and the ACL as a
 * {@code text[]} with a GIN index, filtered inside the SQL. Vector queries use pgvector 0.8's
 * iterative index scans so a restrictive ACL still yields {@code n} results.
 */
public class PostgresChunkIndex implements ChunkIndex {

    private static final String SEARCHED_TEXT = "coalesce(title, '') || ' ' || coalesce(heading, '') || ' ' || body";

    /**
     * BM25 (k1 = 1.2, b = 0.75) over the tsvector: PostgreSQL's own ts_rank has no inverse
     * document frequency, so a rare word would weigh no more than a common one. Document
     * frequencies and lengths come from the term statistics kept on write ({@code %3$s},
     * {@code %4$s}), not from counting per query. Candidates are the chunks holding one of the
     * query's rarest words, taken rarest first while their chunks add up to at most {@link
     * #CANDIDATE_BUDGET} (and always the rarest one): rare words carry BM25, and common ones would
     * drag much of the table into scoring. The GIN index on (tsv, acl) finds the candidates the
     * principal may read without visiting the others. Each candidate is scored on all query words,
     * reading only those words' positions ({@code setweight} marks them, {@code ts_filter} keeps
     * them). Parameters: query text, kind (totals), kind (terms), then the filters and the limit.
     */
    private static final String BM25 = """
            WITH q AS (
              SELECT DISTINCT lexeme FROM unnest(tsvector_to_array(to_tsvector('english', ?))) AS lexeme
            ), stats AS (
              SELECT greatest(chunks, 1)::float8 AS n, greatest(total_len::float8 / greatest(chunks, 1), 1) AS avgdl
              FROM %4$s WHERE kind = ?
            ), df AS (
              SELECT q.lexeme, t.df::float8 AS df FROM q JOIN %3$s t ON t.kind = ? AND t.lexeme = q.lexeme AND t.df > 0
            ), words AS (
              SELECT array_agg(lexeme) AS all_words FROM df
            ), selective AS (
              SELECT d.lexeme FROM (
                SELECT lexeme, row_number() OVER (ORDER BY df, lexeme) AS r,
                       sum(df) OVER (ORDER BY df, lexeme) AS cumulative FROM df
              ) d
              WHERE d.cumulative <= %5$d OR d.r = 1
            ), hits AS (
              SELECT chunk_id, doc_id, ordinal, title, source, heading, body, doc_len, tsv FROM %1$s
              WHERE tsv @@ (SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery FROM selective) AND %2$s
            )
            SELECT h.chunk_id, h.doc_id, h.ordinal, h.title, h.source, h.heading, h.body,
                   sum(ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5))
                       * (cardinality(t.positions) * 2.2)
                       / (cardinality(t.positions) + 1.2 * (0.25 + 0.75 * h.doc_len / s.avgdl))) AS score
            FROM hits h CROSS JOIN stats s CROSS JOIN words w
            CROSS JOIN LATERAL unnest(ts_filter(setweight(h.tsv, 'A', w.all_words), '{a}')) t
            JOIN df ON df.lexeme = t.lexeme
            GROUP BY h.chunk_id, h.doc_id, h.ordinal, h.title, h.source, h.heading, h.body
            ORDER BY score DESC, h.chunk_id
            LIMIT ?
            """;

    /** Chunks scored at most per lexical query, by the document frequencies of the words taken. */
    static final int CANDIDATE_BUDGET = 2_000;

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private final DataSource dataSource;
    private final String schema;
    private final String documents;
    private final String chunks;
    private final String meta;
    private final String terms;
    private final String totals;
    private String model;
    private int dimension;

    /**
     * @param schema the schema holding the index tables (created if missing)
     */
    public PostgresChunkIndex(DataSource dataSource, String schema) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be a plain lower-case identifier, not " + schema);
        }
        this.dataSource = dataSource;
        this.schema = schema;
        this.documents = schema + ".sextant_documents";
        this.chunks = schema + ".sextant_chunks";
        this.meta = schema + ".sextant_index_meta";
        this.terms = schema + ".sextant_terms";
        this.totals = schema + ".sextant_term_totals";
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS vector");
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            s.execute("CREATE TABLE IF NOT EXISTS " + meta + " (key text PRIMARY KEY, value text NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + documents + " (doc_id text PRIMARY KEY, kind text NOT NULL,"
                    + " title text, source text, tags text[] NOT NULL, doc_date date, acl text[] NOT NULL,"
                    + " content_hash text, updated_at timestamptz NOT NULL DEFAULT now())");
            try (ResultSet rs = s.executeQuery("SELECT key, value FROM " + meta)) {
                while (rs.next()) {
                    switch (rs.getString(1)) {
                        case "embedding.model" -> model = rs.getString(2);
                        case "embedding.dimension" -> dimension = Integer.parseInt(rs.getString(2));
                        default -> {}
                    }
                }
            }
            if (model != null) {
                createTermStatistics(c);
            }
        } catch (SQLException e) {
            throw unavailable("opening the PostgreSQL index", e);
        }
    }

    /**
     * The term statistics BM25 reads: chunks per kind with their total length, and per word the
     * number of chunks holding it. Kept in the same transaction as every write; filled from the
     * chunks when an index made before they existed is opened.
     */
    private void createTermStatistics(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            lockForWriting(c);
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + totals + "') IS NOT NULL")) {
                rs.next();
                exists = rs.getBoolean(1);
            }
            // words and ACL in one GIN index (an index made before had words alone)
            s.execute("CREATE INDEX IF NOT EXISTS sextant_chunks_tsv_acl ON " + chunks + " USING gin (tsv, acl)");
            s.execute("DROP INDEX IF EXISTS " + schema + ".sextant_chunks_tsv");
            if (!exists) {
                s.execute("CREATE TABLE " + terms
                        + " (kind text NOT NULL, lexeme text NOT NULL, df int NOT NULL, PRIMARY KEY (kind, lexeme))");
                s.execute("CREATE TABLE " + totals
                        + " (kind text PRIMARY KEY, chunks bigint NOT NULL, total_len bigint NOT NULL)");
                s.execute("INSERT INTO " + terms + " SELECT kind, lexeme, count(*) FROM " + chunks
                        + ", unnest(tsvector_to_array(tsv)) AS lexeme GROUP BY kind, lexeme");
                s.execute("INSERT INTO " + totals + " SELECT kind, count(*), coalesce(sum(doc_len), 0) FROM " + chunks
                        + " GROUP BY kind");
            }
            if (autoCommit) {
                c.commit();
            }
        } catch (SQLException e) {
            if (autoCommit) {
                c.rollback();
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Writers of this index take turns (a transaction-scoped advisory lock per schema): every
     * write updates the shared term statistics, and one writer at a time cannot deadlock on them.
     * Readers never wait.
     */
    private void lockForWriting(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            p.setLong(1, ("sextant-index:" + schema).hashCode());
            p.execute();
        }
    }

    @Override
    public String kind() {
        return "postgresql";
    }

    @Override
    public synchronized void bindModel(String model, int dimension) {
        if (this.model != null) {
            if (!this.model.equals(model) || this.dimension != dimension) {
                throw new SextantException(
                        SextantException.Kind.CONFLICT,
                        "embedding-model-mismatch",
                        "The index in schema " + schema + " holds " + this.model + " vectors (" + this.dimension
                                + " dimensions), not " + model + " (" + dimension
                                + "). To re-index with the new model, drop"
                                + " the tables " + chunks + ", " + documents + " and " + meta
                                + " and ingest the documents again.");
            }
            return;
        }
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("CREATE TABLE IF NOT EXISTS " + chunks + " (chunk_id text PRIMARY KEY,"
                    + " doc_id text NOT NULL REFERENCES " + documents + " (doc_id) ON DELETE CASCADE,"
                    + " kind text NOT NULL, ordinal int NOT NULL, title text, heading text, body text NOT NULL,"
                    + " source text, tags text[] NOT NULL, doc_date date, acl text[] NOT NULL,"
                    + " tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', " + SEARCHED_TEXT + ")) STORED,"
                    + " doc_len int GENERATED ALWAYS AS (length(to_tsvector('english', " + SEARCHED_TEXT + "))) STORED,"
                    + " embedding vector(" + dimension + ") NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS sextant_chunks_acl ON " + chunks + " USING gin (acl)");
            s.execute("CREATE INDEX IF NOT EXISTS sextant_chunks_doc ON " + chunks + " (doc_id)");
            s.execute("CREATE INDEX IF NOT EXISTS sextant_chunks_embedding ON " + chunks
                    + " USING hnsw (embedding vector_cosine_ops)");
            createTermStatistics(c);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + meta + " VALUES (?, ?)")) {
                p.setString(1, "embedding.model");
                p.setString(2, model);
                p.addBatch();
                p.setString(1, "embedding.dimension");
                p.setString(2, Integer.toString(dimension));
                p.addBatch();
                p.executeBatch();
            }
            c.commit();
            this.model = model;
            this.dimension = dimension;
        } catch (SQLException e) {
            throw unavailable("creating the PostgreSQL chunk table", e);
        }
    }

    @Override
    public void replace(IndexedDocument.WithChunks document) {
        replaceAll(List.of(document));
    }

    @Override
    public void replaceAll(List<IndexedDocument.WithChunks> batch) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                PGvector.addVectorType(c);
                lockForWriting(c);
                for (IndexedDocument.WithChunks document : batch) {
                    write(c, document);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("writing to the PostgreSQL index", e);
        }
    }

    private void write(Connection c, IndexedDocument.WithChunks document) throws SQLException {
        IndexedDocument d = document.document();
        deleteDocument(c, d.id());
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO " + documents
                        + " (doc_id, kind, title, source, tags, doc_date, acl, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, d.id());
            insert.setString(2, d.kind());
            insert.setString(3, d.title());
            insert.setString(4, d.source());
            insert.setArray(5, textArray(c, d.tags()));
            insert.setDate(6, d.date() == null ? null : Date.valueOf(d.date()));
            insert.setArray(7, textArray(c, d.acl().terms()));
            insert.setString(8, d.contentHash());
            insert.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + chunks
                + " (chunk_id, doc_id, kind, ordinal, title, heading, body, source, tags, doc_date, acl, embedding)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Array tags = textArray(c, d.tags());
            Array acl = textArray(c, d.acl().terms());
            for (IndexedDocument.Chunk chunk : document.chunks()) {
                insert.setString(1, IndexedDocument.chunkId(d.id(), chunk.ordinal()));
                insert.setString(2, d.id());
                insert.setString(3, d.kind());
                insert.setInt(4, chunk.ordinal());
                insert.setString(5, d.title());
                insert.setString(6, chunk.heading());
                insert.setString(7, chunk.text());
                insert.setString(8, d.source());
                insert.setArray(9, tags);
                insert.setDate(10, d.date() == null ? null : Date.valueOf(d.date()));
                insert.setArray(11, acl);
                insert.setObject(12, new PGvector(chunk.vector()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        countTerms(c, d.id(), 1);
    }

    /** Adds ({@code sign} 1) or removes (-1) a document's chunks in the term statistics. */
    private void countTerms(Connection c, String documentId, int sign) throws SQLException {
        try (PreparedStatement words = c.prepareStatement("INSERT INTO " + terms + " (kind, lexeme, df)"
                        + " SELECT kind, lexeme, ? * count(*) FROM " + chunks
                        + ", unnest(tsvector_to_array(tsv)) AS lexeme WHERE doc_id = ? GROUP BY kind, lexeme"
                        + " ON CONFLICT (kind, lexeme) DO UPDATE SET df = " + terms + ".df + excluded.df");
                PreparedStatement total = c.prepareStatement("INSERT INTO " + totals + " (kind, chunks, total_len)"
                        + " SELECT kind, ? * count(*), ? * coalesce(sum(doc_len), 0) FROM " + chunks
                        + " WHERE doc_id = ? GROUP BY kind"
                        + " ON CONFLICT (kind) DO UPDATE SET chunks = " + totals + ".chunks + excluded.chunks,"
                        + " total_len = " + totals + ".total_len + excluded.total_len")) {
            words.setInt(1, sign);
            words.setString(2, documentId);
            words.executeUpdate();
            total.setInt(1, sign);
            total.setInt(2, sign);
            total.setString(3, documentId);
            total.executeUpdate();
        }
    }

    /** Deletes a document and its chunks, taking them out of the term statistics first. */
    private boolean deleteDocument(Connection c, String documentId) throws SQLException {
        if (model != null) {
            countTerms(c, documentId, -1);
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + documents + " WHERE doc_id = ?")) {
            delete.setString(1, documentId);
            return delete.executeUpdate() > 0;
        }
    }

    @Override
    public boolean updateMetadata(IndexedDocument d) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int updated;
            try (PreparedStatement doc = c.prepareStatement("UPDATE " + documents
                            + " SET title = ?, source = ?, tags = ?, doc_date = ?, acl = ?, content_hash = ?, updated_at = now()"
                            + " WHERE doc_id = ?");
                    PreparedStatement chunk = c.prepareStatement("UPDATE " + chunks
                            + " SET title = ?, source = ?, tags = ?, doc_date = ?, acl = ? WHERE doc_id = ?")) {
                doc.setString(1, d.title());
                doc.setString(2, d.source());
                doc.setArray(3, textArray(c, d.tags()));
                doc.setDate(4, d.date() == null ? null : Date.valueOf(d.date()));
                doc.setArray(5, textArray(c, d.acl().terms()));
                doc.setString(6, d.contentHash());
                doc.setString(7, d.id());
                updated = doc.executeUpdate();
                chunk.setString(1, d.title());
                chunk.setString(2, d.source());
                chunk.setArray(3, textArray(c, d.tags()));
                chunk.setDate(4, d.date() == null ? null : Date.valueOf(d.date()));
                chunk.setArray(5, textArray(c, d.acl().terms()));
                chunk.setString(6, d.id());
                chunk.executeUpdate();
            }
            c.commit();
            return updated > 0;
        } catch (SQLException e) {
            throw unavailable("updating a document in the PostgreSQL index", e);
        }
    }

    @Override
    public boolean delete(String documentId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lockForWriting(c);
                boolean deleted = deleteDocument(c, documentId);
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("deleting from the PostgreSQL index", e);
        }
    }

    @Override
    public Optional<IndexedDocument> document(String documentId) {
        return queryDocuments("doc_id = ?", documentId).stream().findFirst();
    }

    @Override
    public List<IndexedDocument> documents(String kind) {
        return queryDocuments("kind = ?", kind);
    }

    private List<IndexedDocument> queryDocuments(String where, String value) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p =
                        c.prepareStatement("SELECT doc_id, kind, title, source, tags, doc_date, acl, content_hash FROM "
                                + documents + " WHERE " + where + " ORDER BY doc_id")) {
            p.setString(1, value);
            List<IndexedDocument> result = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Date date = rs.getDate(6);
                    result.add(new IndexedDocument(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            new TreeSet<>(
                                    Arrays.asList((String[]) rs.getArray(5).getArray())),
                            date == null ? null : date.toLocalDate(),
                            Acl.fromTerms(
                                    Arrays.asList((String[]) rs.getArray(7).getArray())),
                            rs.getString(8)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw unavailable("reading the PostgreSQL index", e);
        }
    }

    @Override
    public List<Candidate> lexical(String query, Set<String> aclTerms, SearchFilters filters, int n) {
        if (model == null) {
            return List.of();
        }
        String sql = BM25.formatted(chunks, filterSql(filters), terms, totals, CANDIDATE_BUDGET);
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            p.setString(i++, query);
            p.setString(i++, filters.kind());
            p.setString(i++, filters.kind());
            i = bindFilters(c, p, i, aclTerms, filters);
            p.setInt(i, n);
            return candidates(p);
        } catch (SQLException e) {
            throw unavailable("searching the PostgreSQL index", e);
        }
    }

    @Override
    public List<Candidate> vector(float[] query, Set<String> aclTerms, SearchFilters filters, int n) {
        if (model == null) {
            return List.of();
        }
        String sql =
                "SELECT chunk_id, doc_id, ordinal, title, source, heading, body, 1 - (embedding <=> ?) AS score FROM "
                        + chunks + " WHERE " + filterSql(filters) + " ORDER BY embedding <=> ? LIMIT ?";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // Iterative scans keep reading the HNSW graph until enough rows pass the ACL filter.
                s.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
                s.execute("SET LOCAL hnsw.ef_search = " + Math.max(100, 2 * n));
            }
            PGvector.addVectorType(c);
            try (PreparedStatement p = c.prepareStatement(sql)) {
                PGvector vector = new PGvector(query);
                int i = 1;
                p.setObject(i++, vector);
                i = bindFilters(c, p, i, aclTerms, filters);
                p.setObject(i++, vector);
                p.setInt(i, n);
                List<Candidate> result = new ArrayList<>(candidates(p));
                c.commit();
                // relaxed_order may return rows slightly out of order
                result.sort(Comparator.comparingDouble(Candidate::score).reversed());
                return result;
            }
        } catch (SQLException e) {
            throw unavailable("searching the PostgreSQL index", e);
        }
    }

    private static String filterSql(SearchFilters filters) {
        StringBuilder sql = new StringBuilder("kind = ? AND acl && ?");
        if (!filters.tags().isEmpty()) {
            sql.append(" AND tags && ?");
        }
        if (filters.source() != null) {
            sql.append(" AND source = ?");
        }
        if (filters.from() != null) {
            sql.append(" AND doc_date >= ?");
        }
        if (filters.to() != null) {
            sql.append(" AND doc_date <= ?");
        }
        return sql.toString();
    }

    private static int bindFilters(
            Connection c, PreparedStatement p, int i, Set<String> aclTerms, SearchFilters filters) throws SQLException {
        p.setString(i++, filters.kind());
        p.setArray(i++, textArray(c, aclTerms));
        if (!filters.tags().isEmpty()) {
            p.setArray(i++, textArray(c, filters.tags()));
        }
        if (filters.source() != null) {
            p.setString(i++, filters.source());
        }
        if (filters.from() != null) {
            p.setDate(i++, Date.valueOf(filters.from()));
        }
        if (filters.to() != null) {
            p.setDate(i++, Date.valueOf(filters.to()));
        }
        return i;
    }

    private static List<Candidate> candidates(PreparedStatement p) throws SQLException {
        List<Candidate> result = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                result.add(new Candidate(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getDouble(8)));
            }
        }
        return result;
    }

    /** Fresh statistics let the planner pick the HNSW index instead of an exact scan after a load. */
    @Override
    public void afterBulkLoad() {
        if (model == null) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("ANALYZE " + chunks);
            s.execute("ANALYZE " + documents);
            s.execute("ANALYZE " + terms);
        } catch (SQLException e) {
            throw unavailable("analysing the PostgreSQL index", e);
        }
    }

    @Override
    public long chunkCount() {
        if (model == null) {
            return 0;
        }
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + chunks)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw unavailable("counting chunks", e);
        }
    }

    @Override
    public long sizeBytes() {
        if (model == null) {
            return 0;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT pg_total_relation_size(?::regclass)"
                        + " + pg_total_relation_size(?::regclass) + pg_total_relation_size(?::regclass)")) {
            p.setString(1, chunks);
            p.setString(2, documents);
            p.setString(3, terms);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw unavailable("measuring the PostgreSQL index", e);
        }
    }

    private static Array textArray(Connection c, Set<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(new String[0]));
    }

    private static SextantException unavailable(String what, SQLException e) {
        return new SextantException(
                SextantException.Kind.UNAVAILABLE, "index-unavailable", what + " failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        // The data source belongs to the caller.
    }
}
