package org.askdocs.search;

import java.io.IOException;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
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
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.search.spell.SuggestMode;
import org.apache.lucene.search.spell.SuggestWord;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.askdocs.index.Analyzers;
import org.askdocs.index.Fields;
import org.askdocs.index.IndexStore;

/**
 * The embedded backend: one generation of the on-disk Lucene index, searched through a
 * {@link SearcherManager} (acquire, search, release; never a lock around queries). Opening reads the
 * acronyms and builds the synonym graph (tens of milliseconds); a search takes a few milliseconds
 * on hundreds of thousands of passages. Thread-safe.
 *
 * <p>Ranking: each thing the question asks about is a disjunction of its wordings (its words,
 * synonyms, acronym expansions, spelling corrections), scored with BM25 over the field that holds
 * title, headings and text with the headings weighted (BM25F in one field); the groups are ORed so
 * passages covering more of the question come first. The top candidates are then rescored for
 * proximity, scaled by their prior and diversified per section and document. When nothing matches,
 * filler words and fuzzy matches are tried before giving up.
 */
public final class LuceneBackend implements SearchBackend {
  static final int SNIPPET_CHARS = 220;
  /** Shorter words are too easily "corrected" into other real words ("cost" into "host"). */
  static final int MIN_CORRECTED_LENGTH = 5;
  static final float SPELLING_ACCURACY = 0.7f;
  /** Filler words count this much when nothing else matched. */
  static final float FILLER_FALLBACK_BOOST = 0.3f;
  static final float FUZZY_BOOST = 0.5f;
  /** Several parts of one section, or many passages of one document, crowd out other answers. */
  static final int CANDIDATES_PER_RESULT = 4;
  private static final Sort BY_ORDINAL = new Sort(new SortField(Fields.ORDINAL, SortField.Type.INT));

  private final Directory directory;
  private final SearcherManager manager;
  private final Analyzer analyzer = Analyzers.english();
  private final QuestionParser words = new QuestionParser(Analyzers.english());
  private final SearchParams params;
  private volatile Synonyms synonyms;
  private volatile int passages;
  private volatile int vocabulary;

  /** Opens a generation of the index with the default ranking. */
  public LuceneBackend(Path generation) throws IOException {
    this(generation, SearchParams.DEFAULTS);
  }

  public LuceneBackend(Path generation, SearchParams params) throws IOException {
    this.params = params;
    this.directory = FSDirectory.open(generation);
    try {
      this.manager = new SearcherManager(directory, new SearcherFactory() {
        @Override
        public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
          IndexSearcher s = new IndexSearcher(reader);
          s.setSimilarity(new BM25Similarity(params.k1(), params.b()));
          return s;
        }
      });
      this.synonyms = Synonyms.load(IndexStore.acronyms(directory));
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
    synonyms = Synonyms.load(IndexStore.acronyms(directory)); // the update may have defined new acronyms
    counts();
  }

  private void counts() throws IOException {
    IndexSearcher s = manager.acquire();
    try {
      passages = s.getIndexReader().numDocs();
      vocabulary = vocabulary(s.getIndexReader());
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

  /** One searched group: the question's own terms for a stretch, and other wordings of it. */
  private record Group(List<Question.QTerm> own, List<List<String>> alternatives, String fix, List<String> fixTerms) {}

  @Override
  public Hits search(Question question, int k) throws IOException {
    IndexSearcher searcher = manager.acquire();
    try {
      IndexReader reader = searcher.getIndexReader();
      List<Question.QTerm> meaningful = question.meaningful();
      List<Group> groups = new ArrayList<>();
      String didYouMean = question.text();
      boolean corrected = false;
      // Unknown words are corrected from the end of the question, so earlier offsets stay valid.
      List<Group> reversed = new ArrayList<>();
      for (int i = meaningful.size() - 1; i >= 0; i--) {
        Question.QTerm t = meaningful.get(i);
        if (known(reader, t.term())) {
          reversed.add(new Group(List.of(t), new ArrayList<>(), null, List.of()));
          continue;
        }
        String fix = suggest(reader, t.word());
        if (fix != null) {
          didYouMean = didYouMean.substring(0, t.start()) + fix + didYouMean.substring(t.end());
          corrected = true;
        }
        reversed.add(new Group(List.of(t), new ArrayList<>(), fix, fix == null ? List.of() : words.analyze(fix)));
      }
      for (int i = reversed.size() - 1; i >= 0; i--) {
        groups.add(reversed.get(i));
      }
      groups = withSynonyms(question, groups);

      Query main = groups.isEmpty() ? null : query(groups);
      TopDocs top = main == null ? null : ranked(searcher, main, proximity(groups), k);
      Query highlight;
      if (top == null || top.scoreDocs.length == 0) {
        Query loose = looseQuery(reader, question, groups);
        if (loose == null) {
          return new Hits(List.of(), List.of(), null, vocabulary);
        }
        top = ranked(searcher, loose, null, k);
        highlight = highlightQuery(question.terms().stream().map(Question.QTerm::term).toList());
      } else {
        highlight = highlightQuery(groups);
      }
      List<Hit> hits = hits(searcher, grouped(searcher, top, k), highlight);
      return new Hits(hits, concepts(reader, groups), corrected ? didYouMean : null, vocabulary);
    } finally {
      manager.release(searcher);
    }
  }

  private static int candidates(int k) {
    return Math.max(20, k * CANDIDATES_PER_RESULT);
  }

  /** Folds the question's stretches that have other wordings into one group each. */
  private List<Group> withSynonyms(Question question, List<Group> groups) {
    List<Group> out = new ArrayList<>(groups);
    // Only the part of the question that was analysed (its first terms) is expanded.
    int end = question.terms().isEmpty() ? 0 : question.terms().getLast().end();
    for (Synonyms.Alternative alt : synonyms.expand(question.text().substring(0, end))) {
      List<Group> inside = out.stream()
          .filter(g -> g.fix() == null && g.own().stream().allMatch(t -> t.start() >= alt.start() && t.end() <= alt.end()))
          .toList();
      if (inside.isEmpty()) {
        continue;
      }
      List<Question.QTerm> own = new ArrayList<>();
      inside.forEach(g -> own.addAll(g.own()));
      List<List<String>> alternatives = new ArrayList<>();
      for (List<String> wording : alt.alternatives()) {
        List<String> terms = Analyzers.withoutStopWords(wording);
        if (!terms.isEmpty() && !terms.equals(own.stream().map(Question.QTerm::term).toList())) {
          alternatives.add(terms);
        }
      }
      int at = out.indexOf(inside.getFirst());
      out.removeAll(inside);
      out.add(at, new Group(own, alternatives, null, List.of()));
    }
    return out;
  }

  /** What to mark in snippets: the words searched and their one-word alternatives; longer alternatives as phrases. */
  private static Query highlightQuery(List<Group> groups) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (Group g : groups) {
      for (String t : g.fix() != null ? g.fixTerms() : g.own().stream().map(Question.QTerm::term).toList()) {
        b.add(new TermQuery(new Term(Fields.BODY, t)), Occur.SHOULD);
      }
      for (List<String> alt : g.alternatives()) {
        b.add(alt.size() == 1 ? new TermQuery(new Term(Fields.BODY, alt.getFirst()))
            : new PhraseQuery(1, Fields.BODY, alt.toArray(String[]::new)), Occur.SHOULD);
      }
    }
    return b.build();
  }

  /** Named things (AVS, vCenter, AV64, TLS) are written with capitals or digits past the first letter. */
  static boolean named(String word) {
    return word.length() >= 2 && word.substring(1).chars().anyMatch(c -> Character.isUpperCase(c) || Character.isDigit(c));
  }

  /**
   * Each group is a disjunction of its wordings (so a synonym counts like the word, not on top of
   * it), and the groups are ORed so that passages covering more of the question rank higher.
   */
  private Query query(List<Group> groups) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (Group g : groups) {
      List<Query> wordings = new ArrayList<>();
      if (g.fix() != null) {
        for (String t : g.fixTerms()) {
          wordings.add(boosted(termQuery(t), params.correctedBoost()));
        }
      } else if (g.own().size() == 1) {
        Question.QTerm t = g.own().getFirst();
        wordings.add(boosted(termQuery(t.term()), named(t.word()) ? params.namedBoost() : 1f));
      } else {
        BooleanQuery.Builder own = new BooleanQuery.Builder();
        g.own().forEach(t -> own.add(boosted(termQuery(t.term()), named(t.word()) ? params.namedBoost() : 1f), Occur.SHOULD));
        wordings.add(own.build());
      }
      for (List<String> alt : g.alternatives()) {
        Query q = alt.size() == 1 ? termQuery(alt.getFirst()) : new PhraseQuery(1, Fields.ALL, alt.toArray(String[]::new));
        wordings.add(boosted(q, params.synonymBoost()));
      }
      if (!wordings.isEmpty()) {
        b.add(wordings.size() == 1 ? wordings.getFirst() : new DisjunctionMaxQuery(wordings, 0.1f), Occur.SHOULD);
      }
    }
    return b.build();
  }

  /**
   * Sloppy phrases that reward passages where the question's words stand together, or null for a
   * one-word question. Scored on the top candidates only (see {@link #ranked}).
   */
  private Query proximity(List<Group> groups) {
    Map<Integer, String> positions = new TreeMap<>();
    for (Group g : groups) {
      if (g.fix() == null) {
        g.own().forEach(t -> positions.putIfAbsent(t.position(), t.term()));
      } else if (g.fixTerms().size() == 1) {
        positions.putIfAbsent(g.own().getFirst().position(), g.fixTerms().getFirst());
      }
    }
    List<Map.Entry<Integer, String>> ordered = new ArrayList<>(positions.entrySet());
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
        PhraseQuery pair = new PhraseQuery(3, Fields.ALL, ordered.get(i).getValue(), ordered.get(i + 1).getValue());
        b.add(new BoostQuery(pair, params.pairBoost()), Occur.SHOULD);
      }
    }
    BooleanQuery q = b.build();
    return q.clauses().isEmpty() ? null : q;
  }

  /**
   * The top candidates by score (Lucene skips what cannot compete), then proximity added to their
   * scores, each scaled by its prior (navigation sections count for less), and ordered by score,
   * ties by id. Scoring phrases and priors on the candidates only keeps the search itself a plain
   * top-k, several times faster on large indexes than scoring positions and priors for every match.
   */
  private TopDocs ranked(IndexSearcher searcher, Query q, Query proximity, int k) throws IOException {
    TopDocs raw = searcher.search(q, candidates(k));
    if (proximity != null && raw.scoreDocs.length > 0) {
      raw = QueryRescorer.rescore(searcher, raw, proximity, 1.0, raw.scoreDocs.length);
    }
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    record Scored(ScoreDoc doc, String id) {}
    List<Scored> scored = new ArrayList<>(raw.scoreDocs.length);
    for (ScoreDoc sd : raw.scoreDocs) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
      int local = sd.doc - leaf.docBase;
      NumericDocValues prior = leaf.reader().getNumericDocValues(Fields.PRIOR);
      float factor = prior != null && prior.advanceExact(local) ? Float.intBitsToFloat((int) prior.longValue()) : 1f;
      SortedDocValues ids = leaf.reader().getSortedDocValues(Fields.ID);
      String id = ids != null && ids.advanceExact(local) ? ids.lookupOrd(ids.ordValue()).utf8ToString() : "";
      scored.add(new Scored(new ScoreDoc(sd.doc, sd.score * factor), id));
    }
    scored.sort(Comparator.comparing((Scored x) -> x.doc().score).reversed().thenComparing(Scored::id));
    return new TopDocs(raw.totalHits, scored.stream().map(Scored::doc).toArray(ScoreDoc[]::new));
  }

  /** One term over the searched field (title, headings and text, headings weighted: BM25F in one field). */
  private static Query termQuery(String term) {
    return new TermQuery(new Term(Fields.ALL, term));
  }

  private static Query boosted(Query q, float boost) {
    return boost == 1f ? q : new BoostQuery(q, boost);
  }

  /** When nothing matched the content words: every word counts, and near spellings of unknown ones. */
  private Query looseQuery(IndexReader reader, Question question, List<Group> groups) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    Set<String> seen = new HashSet<>();
    int clauses = 0;
    for (Question.QTerm t : question.terms()) {
      if (seen.add(t.term())) {
        b.add(boosted(termQuery(t.term()), t.filler() ? FILLER_FALLBACK_BOOST : 1f), Occur.SHOULD);
        clauses++;
      }
    }
    for (Group g : groups) {
      for (Question.QTerm t : g.own()) {
        if (g.fix() == null && t.term().length() >= 4 && !known(reader, t.term())) {
          b.add(new BoostQuery(new FuzzyQuery(new Term(Fields.ALL, t.term()), t.term().length() > 6 ? 2 : 1), FUZZY_BOOST), Occur.SHOULD);
          clauses++;
        }
      }
    }
    return clauses == 0 ? null : b.build();
  }

  /**
   * Diversifies the ranking: the best part of each section and at most a few passages per document
   * come first; the passages this holds back follow them, in score order, so nothing is lost when
   * many results are asked for.
   */
  private TopDocs grouped(IndexSearcher searcher, TopDocs top, int k) throws IOException {
    List<ScoreDoc> kept = new ArrayList<>();
    List<ScoreDoc> held = new ArrayList<>();
    Set<String> sections = new HashSet<>();
    Map<String, Integer> perDocument = new HashMap<>();
    var stored = searcher.storedFields();
    for (ScoreDoc sd : top.scoreDocs) {
      Document d = stored.document(sd.doc, KEY_FIELDS);
      boolean newSection = sections.add(sectionKey(d.get(Fields.ID)));
      if (newSection && perDocument.merge(d.get(Fields.SOURCE), 1, Integer::sum) <= params.maxPerDocument()) {
        kept.add(sd);
        if (kept.size() == k) {
          break;
        }
      } else {
        held.add(sd);
      }
    }
    for (int i = 0; kept.size() < k && i < held.size(); i++) {
      kept.add(held.get(i));
    }
    return new TopDocs(top.totalHits, kept.toArray(ScoreDoc[]::new));
  }

  private static final Set<String> KEY_FIELDS = Set.of(Fields.ID, Fields.SOURCE);

  /** Weight and wordings of each thing the question asks about, for the answer stage. */
  private static List<Hits.Concept> concepts(IndexReader reader, List<Group> groups) throws IOException {
    int n = Math.max(1, reader.numDocs());
    float unknownWeight = (float) Math.log(1 + (n + 0.5) / 0.5);
    List<Hits.Concept> out = new ArrayList<>();
    for (Group g : groups) {
      String label = String.join(" ", g.own().stream().map(Question.QTerm::word).toList());
      if (g.fix() != null) {
        out.add(new Hits.Concept(g.fix(), idf(reader, g.fixTerms(), n), List.of(Set.copyOf(g.fixTerms()))));
        continue;
      }
      List<String> own = g.own().stream().map(Question.QTerm::term).toList();
      List<Set<String>> forms = new ArrayList<>();
      forms.add(Set.copyOf(own));
      g.alternatives().forEach(a -> forms.add(Set.copyOf(a)));
      // Only wordings the corpus could contain count; a concept with none is unknown to the corpus.
      forms.removeIf(f -> !f.stream().allMatch(t -> known(reader, t)));
      // A concept tells as much as its most common wording: "handle" is rare, but its "manage" is not.
      float weight = unknownWeight;
      for (Set<String> f : forms) {
        weight = Math.min(weight, idf(reader, List.copyOf(f), n));
      }
      out.add(new Hits.Concept(label, weight, forms));
    }
    return out;
  }

  private static float idf(IndexReader reader, List<String> terms, int n) throws IOException {
    float sum = 0;
    for (String t : terms) {
      int df = reader.docFreq(new Term(Fields.ALL, t));
      sum += (float) Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }
    return sum;
  }

  private static boolean known(IndexReader reader, String term) {
    try {
      return reader.docFreq(new Term(Fields.ALL, term)) > 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The index's own closest word to a misspelled one, or null. */
  private static String suggest(IndexReader reader, String word) throws IOException {
    String w = word.toLowerCase(Locale.ROOT);
    if (w.length() < MIN_CORRECTED_LENGTH || !w.chars().allMatch(Character::isLetter)) {
      return null;
    }
    DirectSpellChecker checker = new DirectSpellChecker();
    checker.setMinPrefix(0);
    checker.setAccuracy(SPELLING_ACCURACY);
    SuggestWord[] s = checker.suggestSimilar(new Term(Fields.WORDS, w), 1, reader, SuggestMode.SUGGEST_WHEN_NOT_IN_INDEX);
    return s.length == 0 ? null : s[0].string;
  }

  private static Query highlightQuery(Collection<String> terms) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : terms) {
      b.add(new TermQuery(new Term(Fields.BODY, t)), Occur.SHOULD);
    }
    return b.build();
  }

  private List<Hit> hits(IndexSearcher searcher, TopDocs top, Query highlight) throws IOException {
    String[] snippets = top.scoreDocs.length == 0 ? new String[0] : highlighter(searcher).highlight(Fields.BODY, highlight, top, 2);
    List<Hit> out = new ArrayList<>(top.scoreDocs.length);
    var stored = searcher.storedFields();
    for (int i = 0; i < top.scoreDocs.length; i++) {
      ScoreDoc sd = top.scoreDocs[i];
      out.add(hit(stored.document(sd.doc), sd.score, snippets[i] == null ? "" : snippets[i]));
    }
    return out;
  }

  private UnifiedHighlighter highlighter(IndexSearcher searcher) {
    return UnifiedHighlighter.builder(searcher, analyzer)
        .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", " … ", true))
        .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(BreakIterator.getSentenceInstance(Locale.ROOT), SNIPPET_CHARS, 0.33f))
        .withMaxNoHighlightPassages(1)
        .build();
  }

  private static Hit hit(Document d, float score, String snippet) {
    return new Hit(d.get(Fields.ID), score, d.get(Fields.SOURCE), d.get(Fields.TITLE), d.get(Fields.HEADING),
        List.of(d.getValues(Fields.PATH_STORED)), d.get(Fields.ANCHOR),
        d.getField(Fields.PART).numericValue().intValue(), d.getField(Fields.PARTS).numericValue().intValue(),
        d.get(Fields.BODY), snippet);
  }

  /** The section key of a passage id: the id without its part suffix. */
  static String sectionKey(String id) {
    int tilde = id.lastIndexOf('~');
    int hash = id.lastIndexOf('#');
    return tilde > hash && hash >= 0 ? id.substring(0, tilde) : id;
  }

  @Override
  public List<Hit> section(String id) throws IOException {
    return inDocumentOrder(new Term(Fields.SECTION, sectionKey(id)));
  }

  /** Every passage with this term, in document order. */
  private List<Hit> inDocumentOrder(Term term) throws IOException {
    IndexSearcher searcher = manager.acquire();
    try {
      TopDocs top = searcher.search(new TermQuery(term), Math.max(1, passages), BY_ORDINAL);
      List<Hit> out = new ArrayList<>(top.scoreDocs.length);
      var stored = searcher.storedFields();
      for (ScoreDoc sd : top.scoreDocs) {
        out.add(hit(stored.document(sd.doc), 0f, ""));
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
      TopDocs own = searcher.search(new TermQuery(new Term(Fields.SECTION, sectionKey(id))), 10_000, BY_ORDINAL);
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
      Map<String, DocumentInfo> bySource = new java.util.TreeMap<>();
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
          bySource.merge(doc.get(Fields.SOURCE), new DocumentInfo(doc.get(Fields.SOURCE), doc.get(Fields.TITLE), 1),
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
    Query q = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(Fields.SOURCE, source)), Occur.FILTER)
        .add(NumericDocValuesField.newSlowExactQuery(Fields.ORDINAL, ordinal), Occur.FILTER)
        .build();
    TopDocs t = searcher.search(q, 1);
    return t.scoreDocs.length == 1 ? hit(searcher.storedFields().document(t.scoreDocs[0].doc), 0f, "") : null;
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
