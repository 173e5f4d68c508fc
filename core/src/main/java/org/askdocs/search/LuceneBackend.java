package org.askdocs.search;

import java.io.IOException;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryRescorer;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.search.spell.SuggestMode;
import org.apache.lucene.search.spell.SuggestWord;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;
import org.askdocs.index.Analyzers;
import org.askdocs.index.Fields;
import org.askdocs.index.Indexer;
import org.askdocs.index.SentenceVectors;

/**
 * The embedded backend: one generation of the on-disk Lucene index, searched through a {@link
 * SearcherManager} (acquire, search, release; never a lock around queries). Opening reads the
 * acronyms and builds the synonym graph (tens of milliseconds); a search takes a few milliseconds
 * on hundreds of thousands of passages. Thread-safe.
 *
 * <p>Candidates by words: each thing the question asks about is a disjunction of its wordings (its
 * words, synonyms, acronym expansions, spelling corrections), scored with BM25 over the field that
 * holds title, headings and text with the headings weighted (BM25F in one field); the groups are
 * ORed so passages covering more of the question come first, and the top candidates are rescored
 * for proximity. When nothing matches, filler words and fuzzy matches are tried before giving up.
 * Candidates by meaning: the passages whose vectors are nearest the question's (HNSW). Both lists
 * are fused, scaled by prior and diversified per section and document by the shared {@link Fusion}.
 */
public final class LuceneBackend implements SearchBackend {
  private static final Sort BY_ORDINAL =
      new Sort(new SortField(Fields.ORDINAL, SortField.Type.INT));

  private final Directory directory;
  private final SearcherManager manager;
  private final Analyzer analyzer = Analyzers.english();
  private final QuestionParser words = new QuestionParser(Analyzers.english());
  private final SearchParams params;
  private volatile Synonyms synonyms;
  private volatile int passages;
  private volatile int vocabulary;
  private volatile String vectors = "";

  /** Opens a generation of the index with the default ranking. */
  public LuceneBackend(Path generation) throws IOException {
    this(generation, SearchParams.DEFAULTS);
  }

  public LuceneBackend(Path generation, SearchParams params) throws IOException {
    this.params = params;
    this.directory = FSDirectory.open(generation);
    try {
      this.manager =
          new SearcherManager(
              directory,
              new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                  IndexSearcher s = new IndexSearcher(reader);
                  s.setSimilarity(new BM25Similarity(params.k1(), params.b()));
                  return s;
                }
              });
      this.synonyms = Synonyms.load(Indexer.acronyms(directory));
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
    counts();
  }

  /**
   * Sees the latest commit of this generation (an incremental update); searches already running
   * finish on what they started with.
   */
  @Override
  public void refresh() throws IOException {
    manager.maybeRefreshBlocking();
    synonyms =
        Synonyms.load(Indexer.acronyms(directory)); // the update may have defined new acronyms
    counts();
  }

  private void counts() throws IOException {
    IndexSearcher s = manager.acquire();
    try {
      passages = s.getIndexReader().numDocs();
      vocabulary = vocabulary(s.getIndexReader());
      // Meaning joins the ranking only once every passage has a vector: half the passages with
      // vectors would rank the other half down.
      String model = Indexer.model(directory);
      boolean complete =
          !model.isEmpty() && s.count(new FieldExistsQuery(Fields.VECTOR)) == passages;
      vectors = complete ? model : "";
    } finally {
      manager.release(s);
    }
  }

  private static int vocabulary(IndexReader reader) throws IOException {
    Terms terms = MultiTerms.getTerms(reader, Fields.ALL);
    if (terms == null) {
      return 0;
    }
    int n = 0;
    for (TermsEnum te = terms.iterator(); te.next() != null; ) {
      n++;
    }
    return n;
  }

  @Override
  public int passages() {
    return passages;
  }

  @Override
  public String vectors() {
    return vectors;
  }

  @Override
  public Hits search(Question question, float[] vector, int k, Retrieval mode) throws IOException {
    return search(question, vector, k, mode, Scope.ALL, false);
  }

  @Override
  public List<String> complete(String prefix, int n) throws IOException {
    IndexSearcher searcher = manager.acquire();
    try {
      return Completions.of(searcher.getIndexReader(), prefix, n);
    } finally {
      manager.release(searcher);
    }
  }

  @Override
  public Hits search(
      Question question, float[] vector, int k, Retrieval mode, Scope scope, boolean countSources)
      throws IOException {
    IndexSearcher searcher = manager.acquire();
    try {
      IndexReader reader = searcher.getIndexReader();
      QueryPlan.Stats stats = stats(reader);
      QueryPlan plan =
          QueryPlan.of(question, QueryPlan.alternatives(question, synonyms), stats, words);
      boolean meaning = vector != null && mode != Retrieval.LEXICAL && !vectors.isEmpty();
      Map<Integer, Float> lexical = new HashMap<>();
      Map<String, Integer> perSource = countSources ? Map.of() : null;
      Query highlight = highlightQuery(plan.highlightTerms(), plan.highlightPhrases());
      if (mode != Retrieval.DENSE) {
        int depth =
            meaning
                ? Math.max(QueryPlan.candidates(k), QueryPlan.FUSED_CANDIDATES)
                : QueryPlan.candidates(k);
        Query matching = plan.groups().isEmpty() ? null : query(plan.groups());
        TopDocs found =
            matching == null
                ? null
                : lexical(searcher, scope.restrict(matching), proximity(plan), depth);
        if (found == null || found.scoreDocs.length == 0) {
          QueryPlan.Loose loose = plan.loose(question, stats);
          matching = loose.isEmpty() ? null : looseQuery(loose);
          found =
              matching == null ? null : lexical(searcher, scope.restrict(matching), null, depth);
          highlight = highlightQuery(QueryPlan.allTerms(question), List.of());
        }
        perSource =
            countSources && matching != null ? SourceCounts.of(searcher, matching) : perSource;
        if (found != null) {
          for (ScoreDoc sd : found.scoreDocs) {
            lexical.put(sd.doc, sd.score);
          }
        }
      }
      Map<Integer, Float> dense = new HashMap<>();
      if (meaning) {
        TopDocs near =
            searcher.search(
                new KnnFloatVectorQuery(
                    Fields.VECTOR, vector, QueryPlan.FUSED_CANDIDATES, scope.filter()),
                QueryPlan.FUSED_CANDIDATES);
        for (ScoreDoc sd : near.scoreDocs) {
          dense.put(sd.doc, 2 * sd.score - 1); // DOT_PRODUCT scores are (1 + cosine) / 2
        }
      }
      if (lexical.isEmpty() && dense.isEmpty()) {
        return new Hits(
                List.of(),
                plan.groups().isEmpty() ? List.of() : plan.concepts(stats),
                null,
                vocabulary)
            .withPerSource(perSource);
      }
      Map<String, Integer> docs = new HashMap<>();
      Map<Integer, Document> loaded = new HashMap<>();
      List<Candidate> candidates =
          candidates(searcher, lexical, dense, meaning ? vector : null, docs, loaded);
      List<Fusion.Scored> ranked =
          params.fusion().rank(candidates, mode, k, params.maxPerDocument());
      List<Hit> hits = hits(searcher, ranked, docs, loaded, highlight);
      return new Hits(hits, plan.concepts(stats), plan.didYouMean(), vocabulary, candidates)
          .withPerSource(perSource);
    } finally {
      manager.release(searcher);
    }
  }

  /**
   * Term statistics and spelling suggestions straight from the index, for one question: planning
   * asks about the same terms several times (groups, concepts, the loose fallback), and each answer
   * is kept rather than looked up in every segment again. Not thread-safe; one per question.
   */
  private static QueryPlan.Stats stats(IndexReader reader) {
    return new QueryPlan.Stats() {
      private final Map<String, Integer> docFreqs = new HashMap<>();
      private final Map<String, java.util.Optional<String>> suggestions = new HashMap<>();

      @Override
      public int docFreq(String term) {
        Integer known = docFreqs.get(term);
        if (known != null) {
          return known;
        }
        try {
          int df = reader.docFreq(new Term(Fields.ALL, term));
          docFreqs.put(term, df);
          return df;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public String suggest(String word) {
        return suggestions
            .computeIfAbsent(word, w -> java.util.Optional.ofNullable(spell(w)))
            .orElse(null);
      }

      private String spell(String word) {
        DirectSpellChecker checker = new DirectSpellChecker();
        checker.setMinPrefix(0);
        checker.setAccuracy(QueryPlan.SPELLING_ACCURACY);
        try {
          SuggestWord[] s =
              checker.suggestSimilar(
                  new Term(Fields.WORDS, word), 1, reader, SuggestMode.SUGGEST_WHEN_NOT_IN_INDEX);
          return s.length == 0 ? null : s[0].string;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public int passages() {
        return reader.numDocs();
      }
    };
  }

  /** What to mark in snippets: single terms, and longer alternatives as phrases. */
  private static Query highlightQuery(Collection<String> terms, List<List<String>> phrases) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : terms) {
      b.add(new TermQuery(new Term(Fields.BODY, t)), Occur.SHOULD);
    }
    for (List<String> p : phrases) {
      b.add(new PhraseQuery(1, Fields.BODY, p.toArray(String[]::new)), Occur.SHOULD);
    }
    return b.build();
  }

  /**
   * Each group is a disjunction of its wordings (so a synonym counts like the word, not on top of
   * it), and the groups are ORed so that passages covering more of the question rank higher.
   */
  private Query query(List<QueryPlan.Group> groups) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (QueryPlan.Group g : groups) {
      List<Query> wordings = new ArrayList<>();
      if (g.fix() != null) {
        for (String t : g.fixTerms()) {
          wordings.add(boosted(termQuery(t), params.correctedBoost()));
        }
      } else if (g.own().size() == 1) {
        Question.QTerm t = g.own().getFirst();
        wordings.add(
            boosted(termQuery(t.term()), QueryPlan.named(t.word()) ? params.namedBoost() : 1f));
      } else {
        BooleanQuery.Builder own = new BooleanQuery.Builder();
        g.own()
            .forEach(
                t ->
                    own.add(
                        boosted(
                            termQuery(t.term()),
                            QueryPlan.named(t.word()) ? params.namedBoost() : 1f),
                        Occur.SHOULD));
        wordings.add(own.build());
      }
      for (List<String> alt : g.alternatives()) {
        Query q =
            alt.size() == 1
                ? termQuery(alt.getFirst())
                : new PhraseQuery(1, Fields.ALL, alt.toArray(String[]::new));
        wordings.add(boosted(q, params.synonymBoost()));
      }
      if (!wordings.isEmpty()) {
        b.add(
            wordings.size() == 1 ? wordings.getFirst() : new DisjunctionMaxQuery(wordings, 0.1f),
            Occur.SHOULD);
      }
    }
    return b.build();
  }

  /**
   * Sloppy phrases that reward passages where the question's words stand together, or null for a
   * one-word question. Scored on the top candidates only (see {@link #ranked}).
   */
  private Query proximity(QueryPlan plan) {
    List<Map.Entry<Integer, String>> ordered = plan.positioned();
    if (ordered.size() < 2) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    if (params.phraseBoost() > 0) {
      PhraseQuery.Builder all = new PhraseQuery.Builder();
      int first = ordered.getFirst().getKey();
      for (var e : ordered) {
        all.add(new Term(Fields.ALL, e.getValue()), e.getKey() - first);
      }
      all.setSlop(3 + ordered.size());
      b.add(new BoostQuery(all.build(), params.phraseBoost()), Occur.SHOULD);
    }
    if (params.pairBoost() > 0) {
      for (int i = 0; i + 1 < ordered.size(); i++) {
        PhraseQuery pair =
            new PhraseQuery(
                3, Fields.ALL, ordered.get(i).getValue(), ordered.get(i + 1).getValue());
        b.add(new BoostQuery(pair, params.pairBoost()), Occur.SHOULD);
      }
    }
    BooleanQuery q = b.build();
    return q.clauses().isEmpty() ? null : q;
  }

  /**
   * The top candidates by words (Lucene skips what cannot compete), with proximity added to their
   * scores. Scoring phrases on the candidates only keeps the search itself a plain top-k, several
   * times faster on large indexes than scoring positions for every match.
   */
  private static TopDocs lexical(IndexSearcher searcher, Query q, Query proximity, int depth)
      throws IOException {
    TopDocs raw = searcher.search(q, depth);
    if (proximity != null && raw.scoreDocs.length > 0) {
      raw = QueryRescorer.rescore(searcher, raw, proximity, 1.0, raw.scoreDocs.length);
    }
    return raw;
  }

  /**
   * The evidence for each candidate, in doc order: its BM25 score, its prior, and with a question
   * vector the cosines of its passage and sentence vectors (read for candidates the words found
   * too).
   */
  private static List<Candidate> candidates(
      IndexSearcher searcher,
      Map<Integer, Float> lexical,
      Map<Integer, Float> dense,
      float[] vector,
      Map<String, Integer> docs,
      Map<Integer, Document> loaded)
      throws IOException {
    TreeSet<Integer> all = new TreeSet<>(lexical.keySet());
    all.addAll(dense.keySet());
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    var stored = searcher.storedFields();
    Set<String> fields = vector == null ? KEY_FIELDS : KEY_AND_SENTENCE_FIELDS;
    List<Candidate> out = new ArrayList<>(all.size());
    LeafReaderContext leaf = null;
    NumericDocValues prior = null;
    FloatVectorValues vectors = null;
    KnnVectorValues.DocIndexIterator vectorDocs = null;
    for (int doc : all) {
      LeafReaderContext l = leaves.get(ReaderUtil.subIndex(doc, leaves));
      if (l != leaf) {
        leaf = l;
        prior = leaf.reader().getNumericDocValues(Fields.PRIOR);
        vectors = vector == null ? null : leaf.reader().getFloatVectorValues(Fields.VECTOR);
        vectorDocs = vectors == null ? null : vectors.iterator();
      }
      int local = doc - leaf.docBase;
      float factor =
          prior != null && prior.advanceExact(local)
              ? Float.intBitsToFloat((int) prior.longValue())
              : 1f;
      float cosine = dense.getOrDefault(doc, Float.NaN);
      if (Float.isNaN(cosine) && vectorDocs != null && vectorDocs.advance(local) == local) {
        cosine = VectorUtil.dotProduct(vector, vectors.vectorValue(vectorDocs.index()));
      }
      // Everything a result shows is read now, in one pass over the stored fields in doc order:
      // reading a passage again for the results and for its snippet costs as much as the first
      // time.
      Document d = stored.document(doc, fields);
      loaded.put(doc, d);
      BytesRef packed = vector == null ? null : d.getBinaryValue(Fields.SENTENCE_VECTORS);
      float[] sentences =
          packed == null
              ? null
              : SentenceVectors.dots(
                  vector,
                  Arrays.copyOfRange(packed.bytes, packed.offset, packed.offset + packed.length));
      docs.put(d.get(Fields.ID), doc);
      out.add(
          new Candidate(
              d.get(Fields.ID),
              d.get(Fields.SOURCE),
              lexical.getOrDefault(doc, Float.NaN),
              cosine,
              sentences,
              factor));
    }
    return out;
  }

  /**
   * One term over the searched field (title, headings and text, headings weighted: BM25F in one
   * field).
   */
  private static Query termQuery(String term) {
    return new TermQuery(new Term(Fields.ALL, term));
  }

  private static Query boosted(Query q, float boost) {
    return boost == 1f ? q : new BoostQuery(q, boost);
  }

  /**
   * When nothing matched the content words: every word counts, and near spellings of unknown ones.
   */
  private static Query looseQuery(QueryPlan.Loose loose) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    loose
        .terms()
        .forEach(
            (t, filler) ->
                b.add(
                    boosted(termQuery(t), filler ? QueryPlan.FILLER_FALLBACK_BOOST : 1f),
                    Occur.SHOULD));
    loose
        .fuzzy()
        .forEach(
            (t, edits) ->
                b.add(
                    new BoostQuery(
                        new FuzzyQuery(new Term(Fields.ALL, t), edits), QueryPlan.FUZZY_BOOST),
                    Occur.SHOULD));
    return b.build();
  }

  /** What a candidate is read for: its key, and what it shows when it becomes a result. */
  private static final Set<String> KEY_FIELDS =
      Set.of(
          Fields.ID,
          Fields.SOURCE,
          Fields.TITLE,
          Fields.HEADING,
          Fields.PATH_STORED,
          Fields.ANCHOR,
          Fields.PART,
          Fields.PARTS,
          Fields.BODY);

  private static final Set<String> KEY_AND_SENTENCE_FIELDS =
      union(KEY_FIELDS, Set.of(Fields.SENTENCE_VECTORS));

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.HashSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }

  private List<Hit> hits(
      IndexSearcher searcher,
      List<Fusion.Scored> ranked,
      Map<String, Integer> docs,
      Map<Integer, Document> loaded,
      Query highlight)
      throws IOException {
    // The highlighter wants the hits in a TopDocs; their scores there only order its work.
    TopDocs top =
        new TopDocs(
            new TotalHits(ranked.size(), TotalHits.Relation.EQUAL_TO),
            ranked.stream()
                .map(c -> new ScoreDoc(docs.get(c.candidate().id()), c.score()))
                .toArray(ScoreDoc[]::new));
    String[] snippets =
        ranked.isEmpty()
            ? new String[0]
            : highlighter(searcher, loaded).highlight(Fields.BODY, highlight, top, 2);
    List<Hit> out = new ArrayList<>(ranked.size());
    for (int i = 0; i < ranked.size(); i++) {
      Fusion.Scored s = ranked.get(i);
      out.add(
          hit(
              loaded.get(docs.get(s.candidate().id())),
              s.score(),
              snippets[i] == null ? "" : snippets[i],
              s.candidate().sentences()));
    }
    return out;
  }

  /**
   * Snippets of passages already read ({@code loaded}), so the highlighter reads no stored fields
   * itself.
   */
  private UnifiedHighlighter highlighter(IndexSearcher searcher, Map<Integer, Document> loaded) {
    UnifiedHighlighter.Builder b =
        UnifiedHighlighter.builder(searcher, analyzer)
            .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", " … ", true))
            .withBreakIterator(
                () ->
                    LengthGoalBreakIterator.createClosestToLength(
                        BreakIterator.getSentenceInstance(Locale.ROOT),
                        QueryPlan.SNIPPET_CHARS,
                        0.33f))
            .withMaxNoHighlightPassages(1);
    return new UnifiedHighlighter(b) {
      @Override
      protected List<CharSequence[]> loadFieldValues(
          String[] fields, DocIdSetIterator docs, int cacheCharsThreshold) throws IOException {
        List<CharSequence[]> out = new ArrayList<>();
        for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
          Document d = loaded.get(doc);
          CharSequence[] values = new CharSequence[fields.length];
          for (int f = 0; f < fields.length; f++) {
            String v = d == null ? null : d.get(fields[f]);
            values[f] = v == null ? "" : v;
          }
          out.add(values);
        }
        return out;
      }
    };
  }

  private static Hit hit(Document d, float score, String snippet, float[] sentenceScores) {
    return new Hit(
        d.get(Fields.ID),
        score,
        d.get(Fields.SOURCE),
        d.get(Fields.TITLE),
        d.get(Fields.HEADING),
        List.of(d.getValues(Fields.PATH_STORED)),
        d.get(Fields.ANCHOR),
        d.getField(Fields.PART).numericValue().intValue(),
        d.getField(Fields.PARTS).numericValue().intValue(),
        d.get(Fields.BODY),
        snippet,
        sentenceScores);
  }

  @Override
  public List<Hit> section(String id) throws IOException {
    return inDocumentOrder(new Term(Fields.SECTION, QueryPlan.sectionKey(id)));
  }

  /** Every passage with this term, in document order. */
  private List<Hit> inDocumentOrder(Term term) throws IOException {
    IndexSearcher searcher = manager.acquire();
    try {
      TopDocs top = searcher.search(new TermQuery(term), Math.max(1, passages), BY_ORDINAL);
      List<Hit> out = new ArrayList<>(top.scoreDocs.length);
      var stored = searcher.storedFields();
      for (ScoreDoc sd : top.scoreDocs) {
        out.add(hit(stored.document(sd.doc), 0f, "", null));
      }
      return out;
    } finally {
      manager.release(searcher);
    }
  }

  @Override
  public Around around(String id) throws IOException {
    IndexSearcher searcher = manager.acquire();
    try {
      TopDocs own =
          searcher.search(
              new TermQuery(new Term(Fields.SECTION, QueryPlan.sectionKey(id))),
              10_000,
              BY_ORDINAL);
      if (own.scoreDocs.length == 0) {
        return new Around(null, null);
      }
      var stored = searcher.storedFields();
      Document first = stored.document(own.scoreDocs[0].doc);
      Document last = stored.document(own.scoreDocs[own.scoreDocs.length - 1].doc);
      String source = first.get(Fields.SOURCE);
      int before = first.getField(Fields.ORDINAL).numericValue().intValue() - 1;
      int after = last.getField(Fields.ORDINAL).numericValue().intValue() + 1;
      return new Around(at(searcher, source, before), at(searcher, source, after));
    } finally {
      manager.release(searcher);
    }
  }

  @Override
  public List<Hit> document(String source) throws IOException {
    return inDocumentOrder(new Term(Fields.SOURCE, source));
  }

  @Override
  public List<DocumentInfo> documents() throws IOException {
    IndexSearcher searcher = manager.acquire();
    try {
      Map<String, DocumentInfo> bySource = new TreeMap<>();
      var stored = searcher.storedFields();
      IndexReader reader = searcher.getIndexReader();
      for (var leaf : reader.leaves()) {
        var live = leaf.reader().getLiveDocs();
        var leafStored = leaf.reader().storedFields();
        for (int d = 0; d < leaf.reader().maxDoc(); d++) {
          if (live != null && !live.get(d)) {
            continue;
          }
          Document doc = leafStored.document(d, DOC_FIELDS);
          bySource.merge(
              doc.get(Fields.SOURCE),
              new DocumentInfo(doc.get(Fields.SOURCE), doc.get(Fields.TITLE), 1),
              (a, b) -> new DocumentInfo(a.source(), a.title(), a.passages() + 1));
        }
      }
      return List.copyOf(bySource.values());
    } finally {
      manager.release(searcher);
    }
  }

  private static final Set<String> DOC_FIELDS = Set.of(Fields.SOURCE, Fields.TITLE);

  private static Hit at(IndexSearcher searcher, String source, int ordinal) throws IOException {
    Query q =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term(Fields.SOURCE, source)), Occur.FILTER)
            .add(NumericDocValuesField.newSlowExactQuery(Fields.ORDINAL, ordinal), Occur.FILTER)
            .build();
    TopDocs t = searcher.search(q, 1);
    return t.scoreDocs.length == 1
        ? hit(searcher.storedFields().document(t.scoreDocs[0].doc), 0f, "", null)
        : null;
  }

  @Override
  public void close() throws IOException {
    try {
      manager.close();
    } finally {
      directory.close();
    }
  }
}
