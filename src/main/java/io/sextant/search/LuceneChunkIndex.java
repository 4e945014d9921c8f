package io.sextant.search;

import io.sextant.SextantException;
import io.sextant.access.Acl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;

/**
 * The embedded chunk index: one Lucene directory with a BM25 text field, an HNSW vector field and
 * an ACL terms field. Each document is a block of one metadata entry and its chunks, written with
 * {@code updateDocuments} so readers never see half of it. The ACL is a filter inside both the
 * BM25 query and the KNN query; {@code KnnFloatVectorQuery} applies it before ranking.
 */
public final class LuceneChunkIndex implements ChunkIndex {

    private static final String TYPE = "type";
    private static final String TYPE_DOCUMENT = "document";
    private static final String TYPE_CHUNK = "chunk";
    private static final String DOC_ID = "doc_id";
    private static final String CHUNK_ID = "chunk_id";
    private static final String KIND = "kind";
    private static final String ORDINAL = "ordinal";
    private static final String TITLE = "title";
    private static final String DOC_TITLE = "doc_title";
    private static final String HEADING = "heading";
    private static final String TEXT = "text";
    private static final String SOURCE = "source";
    private static final String TAG = "tag";
    private static final String DATE = "date";
    private static final String ACL = "acl";
    private static final String HASH = "hash";
    private static final String VECTOR = "vector";
    private static final int MIN_BEAM = 100;
    private static final String MODEL_KEY = "embedding.model";
    private static final String DIMENSION_KEY = "embedding.dimension";

    private final Path path;
    private final Directory directory;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private String model;
    private int dimension;

    public LuceneChunkIndex(Path path) {
        this.path = path;
        try {
            this.directory = FSDirectory.open(path);
            this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
            Map<String, String> commitData = new HashMap<>();
            if (DirectoryReader.indexExists(directory)) {
                try (DirectoryReader reader = DirectoryReader.open(directory)) {
                    commitData.putAll(reader.getIndexCommit().getUserData());
                }
            }
            this.model = commitData.get(MODEL_KEY);
            this.dimension = Integer.parseInt(commitData.getOrDefault(DIMENSION_KEY, "0"));
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("opening the Lucene index at " + path + " failed", e);
        }
    }

    @Override
    public String kind() {
        return "lucene";
    }

    @Override
    public synchronized void bindModel(String model, int dimension) {
        if (this.model == null) {
            this.model = model;
            this.dimension = dimension;
            writer.setLiveCommitData(Map.of(MODEL_KEY, model, DIMENSION_KEY, Integer.toString(dimension))
                    .entrySet());
            commit();
        } else if (!this.model.equals(model) || this.dimension != dimension) {
            throw new SextantException(
                    SextantException.Kind.CONFLICT,
                    "embedding-model-mismatch",
                    "The index at " + path + " holds " + this.model + " vectors (" + this.dimension
                            + " dimensions), not "
                            + model + " (" + dimension + "). To re-index with the new model, stop Sextant, delete that"
                            + " directory and ingest the documents again.");
        }
    }

    @Override
    public void replace(IndexedDocument.WithChunks document) {
        write(document);
        commit();
    }

    @Override
    public void replaceAll(List<IndexedDocument.WithChunks> documents) {
        documents.forEach(this::write);
        commit();
    }

    private void write(IndexedDocument.WithChunks document) {
        IndexedDocument meta = document.document();
        List<Document> block = new ArrayList<>();
        for (IndexedDocument.Chunk chunk : document.chunks()) {
            block.add(chunkDocument(meta, chunk.ordinal(), chunk.heading(), chunk.text(), chunk.vector()));
        }
        block.add(metadataDocument(meta));
        try {
            writer.updateDocuments(new Term(DOC_ID, meta.id()), block);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized boolean updateMetadata(IndexedDocument document) {
        IndexSearcher searcher = acquire();
        try {
            TopDocs hits = searcher.search(new TermQuery(new Term(DOC_ID, document.id())), Integer.MAX_VALUE);
            if (hits.scoreDocs.length == 0) {
                return false;
            }
            List<Document> block = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            for (ScoreDoc hit : hits.scoreDocs) {
                Document old = stored.document(hit.doc);
                if (old.get(CHUNK_ID) == null) {
                    continue;
                }
                // The vector is read back from the index: an ACL change never re-embeds.
                float[] vector = storedVector(leaves.get(ReaderUtil.subIndex(hit.doc, leaves)), hit.doc);
                block.add(chunkDocument(
                        document,
                        old.getField(ORDINAL).numericValue().intValue(),
                        old.get(HEADING),
                        old.get(TEXT),
                        vector));
            }
            block.add(metadataDocument(document));
            writer.updateDocuments(new Term(DOC_ID, document.id()), block);
            commit();
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    private static float[] storedVector(LeafReaderContext leaf, int globalDoc) throws IOException {
        FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
        KnnVectorValues.DocIndexIterator iterator = values.iterator();
        int target = globalDoc - leaf.docBase;
        if (iterator.advance(target) != target) {
            throw new IllegalStateException("chunk without a vector at doc " + globalDoc);
        }
        return values.vectorValue(iterator.index()).clone();
    }

    @Override
    public boolean delete(String documentId) {
        boolean existed = document(documentId).isPresent();
        try {
            writer.deleteDocuments(new Term(DOC_ID, documentId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        commit();
        return existed;
    }

    @Override
    public Optional<IndexedDocument> document(String documentId) {
        Query query = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(DOC_ID, documentId)), Occur.FILTER)
                .add(new TermQuery(new Term(TYPE, TYPE_DOCUMENT)), Occur.FILTER)
                .build();
        List<IndexedDocument> found = documents(query, 1);
        return found.stream().findFirst();
    }

    @Override
    public List<IndexedDocument> documents(String kind) {
        Query query = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(KIND, kind)), Occur.FILTER)
                .add(new TermQuery(new Term(TYPE, TYPE_DOCUMENT)), Occur.FILTER)
                .build();
        return documents(query, Integer.MAX_VALUE);
    }

    private List<IndexedDocument> documents(Query query, int n) {
        IndexSearcher searcher = acquire();
        try {
            List<IndexedDocument> documents = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc hit : searcher.search(query, n).scoreDocs) {
                Document d = stored.document(hit.doc);
                IndexableField date = d.getField(DATE);
                documents.add(new IndexedDocument(
                        d.get(DOC_ID),
                        d.get(KIND),
                        d.get(DOC_TITLE),
                        d.get(SOURCE),
                        new TreeSet<>(List.of(d.getValues(TAG))),
                        date == null
                                ? null
                                : LocalDate.ofEpochDay(date.numericValue().longValue()),
                        Acl.fromTerms(List.of(d.getValues(ACL))),
                        d.get(HASH)));
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    @Override
    public List<Candidate> lexical(String query, Set<String> aclTerms, SearchFilters filters, int n) {
        QueryBuilder builder = new QueryBuilder(analyzer);
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        boolean hasTerms = false;
        for (String field : new String[] {TEXT, TITLE, HEADING}) {
            Query q = builder.createBooleanQuery(field, query);
            if (q != null) {
                any.add(field.equals(TEXT) ? q : new BoostQuery(q, 0.5f), Occur.SHOULD);
                hasTerms = true;
            }
        }
        if (!hasTerms) {
            return List.of();
        }
        Query full = new BooleanQuery.Builder()
                .add(any.build(), Occur.MUST)
                .add(filter(aclTerms, filters), Occur.FILTER)
                .build();
        return run(full, n, false);
    }

    @Override
    public List<Candidate> vector(float[] query, Set<String> aclTerms, SearchFilters filters, int n) {
        // HNSW's beam is as wide as k: searching wider and keeping the best n buys recall cheaply.
        int beam = Math.max(n, MIN_BEAM);
        return run(new KnnFloatVectorQuery(VECTOR, query, beam, filter(aclTerms, filters)), n, true);
    }

    private List<Candidate> run(Query query, int n, boolean cosine) {
        IndexSearcher searcher = acquire();
        try {
            List<Candidate> candidates = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc hit : searcher.search(query, n).scoreDocs) {
                Document d = stored.document(hit.doc);
                // Lucene scores cosine as (1 + cos) / 2; report the cosine itself.
                double score = cosine ? 2 * hit.score - 1 : hit.score;
                candidates.add(new Candidate(
                        d.get(CHUNK_ID),
                        d.get(DOC_ID),
                        d.getField(ORDINAL).numericValue().intValue(),
                        d.get(TITLE),
                        d.get(SOURCE),
                        d.get(HEADING),
                        d.get(TEXT),
                        score));
            }
            return candidates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    /** Chunks of the kind that the ACL terms may read and that match the metadata filters. */
    private static Query filter(Set<String> aclTerms, SearchFilters filters) {
        BooleanQuery.Builder filter = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(TYPE, TYPE_CHUNK)), Occur.FILTER)
                .add(new TermQuery(new Term(KIND, filters.kind())), Occur.FILTER)
                .add(
                        new TermInSetQuery(
                                ACL, aclTerms.stream().map(BytesRef::new).toList()),
                        Occur.FILTER);
        if (!filters.tags().isEmpty()) {
            filter.add(
                    new TermInSetQuery(
                            TAG, filters.tags().stream().map(BytesRef::new).toList()),
                    Occur.FILTER);
        }
        if (filters.source() != null) {
            filter.add(new TermQuery(new Term(SOURCE, filters.source())), Occur.FILTER);
        }
        if (filters.from() != null || filters.to() != null) {
            long from = filters.from() == null ? Long.MIN_VALUE : filters.from().toEpochDay();
            long to = filters.to() == null ? Long.MAX_VALUE : filters.to().toEpochDay();
            filter.add(LongPoint.newRangeQuery(DATE, from, to), Occur.FILTER);
        }
        return filter.build();
    }

    @Override
    public long chunkCount() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.count(new TermQuery(new Term(TYPE, TYPE_CHUNK)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    @Override
    public long sizeBytes() {
        try {
            long bytes = 0;
            for (String file : directory.listAll()) {
                try {
                    bytes += directory.fileLength(file);
                } catch (java.nio.file.NoSuchFileException e) {
                    // merged away meanwhile
                }
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document chunkDocument(
            IndexedDocument meta, int ordinal, String heading, String text, float[] vector) {
        Document d = common(meta, TYPE_CHUNK);
        d.add(new StringField(CHUNK_ID, IndexedDocument.chunkId(meta.id(), ordinal), Field.Store.YES));
        d.add(new IntField(ORDINAL, ordinal, Field.Store.YES));
        d.add(new TextField(TITLE, nullToEmpty(meta.title()), Field.Store.YES));
        d.add(new TextField(HEADING, nullToEmpty(heading), Field.Store.YES));
        d.add(new TextField(TEXT, text, Field.Store.YES));
        d.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.COSINE));
        return d;
    }

    private static Document metadataDocument(IndexedDocument meta) {
        Document d = common(meta, TYPE_DOCUMENT);
        d.add(new StoredField(DOC_TITLE, nullToEmpty(meta.title())));
        if (meta.contentHash() != null) {
            d.add(new StoredField(HASH, meta.contentHash()));
        }
        return d;
    }

    private static Document common(IndexedDocument meta, String type) {
        Document d = new Document();
        d.add(new StringField(TYPE, type, Field.Store.NO));
        d.add(new StringField(DOC_ID, meta.id(), Field.Store.YES));
        d.add(new StringField(KIND, meta.kind(), Field.Store.YES));
        if (meta.source() != null) {
            d.add(new StringField(SOURCE, meta.source(), Field.Store.YES));
        }
        meta.tags().forEach(t -> d.add(new StringField(TAG, t, Field.Store.YES)));
        if (meta.date() != null) {
            d.add(new LongPoint(DATE, meta.date().toEpochDay()));
            d.add(new StoredField(DATE, meta.date().toEpochDay()));
        }
        meta.acl().terms().forEach(t -> d.add(new StringField(ACL, t, Field.Store.YES)));
        return d;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * A bulk load leaves many segments, and a vector query searches each segment's HNSW graph
     * apart: merging into one makes vector search several times cheaper, for one rewrite of the
     * index per bulk load (a minute or so at 100,000 chunks on two cores).
     */
    @Override
    public void afterBulkLoad() {
        IndexSearcher searcher = acquire();
        int segments;
        try {
            segments = searcher.getIndexReader().leaves().size();
        } finally {
            release(searcher);
        }
        if (segments > 1) {
            try {
                writer.forceMerge(1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            commit();
        }
    }

    private void commit() {
        try {
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private IndexSearcher acquire() {
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try (directory;
                writer;
                searchers) {
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the Lucene index at " + path + " failed", e);
        }
    }
}
