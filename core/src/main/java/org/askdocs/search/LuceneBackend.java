package org.askdocs.search;

import java.io.IOException;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.CombinedFieldQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
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
import org.askdocs.index.Ranking;

/**
 * The embedded backend: one generation of the on-disk Lucene index, searched through a
 * {@link SearcherManager} (acquire, search, release; never a lock around queries). Opening costs a
 * few milliseconds; a search, well under one. Thread-safe.
 *
 * <p>Ranking: each content term of the question is scored with BM25F over heading, heading path,
 * title and body ({@link CombinedFieldQuery}), the terms ORed so passages covering more of the question
 * come first; sloppy phrases reward passages where the question's words stand together. Words the
 * index does not know are replaced by the closest word it does know (and reported as "did you
 * mean"); when nothing matches, filler words and fuzzy matches are tried before giving up.
 */
public final class LuceneBackend implements SearchBackend {
  static final float HEADING_WEIGHT = 2.0f;
  static final float PATH_WEIGHT = 1.0f;
  static final float TITLE_WEIGHT = 1.0f;
  static final float PHRASE_BOOST = 0.5f;
  static final float PAIR_BOOST = 0.3f;
  static final float CORRECTED_BOOST = 0.8f;
  static final int SNIPPET_CHARS = 220;
  /** Shorter words are too easily "corrected" into other real words ("cost" into "host"). */
  static final int MIN_CORRECTED_LENGTH = 5;
  static final float SPELLING_ACCURACY = 0.7f;
  private static final String[] SEARCHED_FIELDS = {Fields.BODY, Fields.HEADING, Fields.PATH, Fields.TITLE};
  private static final Sort BY_SCORE_THEN_ID = new Sort(SortField.FIELD_SCORE, new SortField(Fields.ID, SortField.Type.STRING));
  private static final Sort BY_ORDINAL = new Sort(new SortField(Fields.ORDINAL, SortField.Type.INT));

  private final Directory directory;
  private final SearcherManager manager;
  private final Analyzer analyzer = Analyzers.english();
  private final QuestionParser words = new QuestionParser(Analyzers.english());
  private final int passages;

  public LuceneBackend(Path generation) throws IOException {
    this.directory = FSDirectory.open(generation);
    try {
      this.manager = new SearcherManager(directory, new SearcherFactory() {
        @Override
        public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
          IndexSearcher s = new IndexSearcher(reader);
          s.setSimilarity(Ranking.similarity());
          return s;
        }
      });
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
    IndexSearcher s = manager.acquire();
    try {
      this.passages = s.getIndexReader().numDocs();
    } finally {
      manager.release(s);
    }
  }

  @Override
  public int passages() {
    return passages;
  }

  @Override
  public Hits search(Question question, int k) throws IOException {
    IndexSearcher searcher = manager.acquire();
    try {
      IndexReader reader = searcher.getIndexReader();
      List<Question.QTerm> meaningful = question.meaningful();
      Map<String, Float> terms = new LinkedHashMap<>();
      Map<Integer, String> positions = new java.util.TreeMap<>();
      String didYouMean = question.text();
      boolean corrected = false;
      List<Question.QTerm> unknown = new ArrayList<>();
      for (Question.QTerm t : meaningful) {
        if (known(reader, t.term())) {
          terms.putIfAbsent(t.term(), 1f);
          positions.put(t.position(), t.term());
        } else {
          unknown.add(t);
        }
      }
      // Replace unknown words from the end of the question, so earlier offsets stay valid.
      for (int i = unknown.size() - 1; i >= 0; i--) {
        Question.QTerm t = unknown.get(i);
        String fix = suggest(reader, t.word());
        if (fix != null) {
          didYouMean = didYouMean.substring(0, t.start()) + fix + didYouMean.substring(t.end());
          corrected = true;
          for (String ft : words.analyze(fix)) {
            terms.putIfAbsent(ft, CORRECTED_BOOST);
            positions.putIfAbsent(t.position(), ft);
          }
        }
      }
      TopDocs top = terms.isEmpty() ? null : searcher.search(query(terms, positions), k, BY_SCORE_THEN_ID, true);
      if (top == null || top.scoreDocs.length == 0) {
        // Nothing matched the content words: let every word count, and allow near spellings.
        Map<String, Float> loose = new LinkedHashMap<>();
        for (Question.QTerm t : question.terms()) {
          loose.putIfAbsent(t.term(), t.filler() ? 0.3f : 1f);
        }
        if (loose.isEmpty()) {
          return new Hits(List.of(), Map.of(), List.of(), null);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(query(loose, Map.of()), Occur.SHOULD);
        for (Question.QTerm t : unknown) {
          if (t.term().length() >= 4) {
            b.add(new BoostQuery(new FuzzyQuery(new Term(Fields.BODY, t.term()), t.term().length() > 6 ? 2 : 1), 0.5f), Occur.SHOULD);
          }
        }
        terms = loose;
        top = searcher.search(b.build(), k, BY_SCORE_THEN_ID, true);
      }
      List<Hit> hits = hits(searcher, top, highlightQuery(terms.keySet()));
      Map<String, Float> weights = new HashMap<>();
      int n = reader.numDocs();
      for (String t : terms.keySet()) {
        int df = reader.docFreq(new Term(Fields.BODY, t)) + reader.docFreq(new Term(Fields.HEADING, t));
        weights.put(t, (float) Math.log(1 + (n - df + 0.5) / (df + 0.5)));
      }
      return new Hits(hits, weights, List.copyOf(terms.keySet()), corrected ? didYouMean : null);
    } finally {
      manager.release(searcher);
    }
  }

  private static boolean known(IndexReader reader, String term) throws IOException {
    for (String f : SEARCHED_FIELDS) {
      if (reader.docFreq(new Term(f, term)) > 0) {
        return true;
      }
    }
    return false;
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

  /** BM25F per term over the searched fields, ORed, plus proximity for multi-word questions. */
  static Query query(Map<String, Float> terms, Map<Integer, String> positions) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (var e : terms.entrySet()) {
      Query q = new CombinedFieldQuery.Builder(e.getKey())
          .addField(Fields.BODY, 1f)
          .addField(Fields.HEADING, HEADING_WEIGHT)
          .addField(Fields.PATH, PATH_WEIGHT)
          .addField(Fields.TITLE, TITLE_WEIGHT)
          .build();
      b.add(e.getValue() == 1f ? q : new BoostQuery(q, e.getValue()), Occur.SHOULD);
    }
    List<Map.Entry<Integer, String>> ordered = new ArrayList<>(positions.entrySet());
    if (ordered.size() >= 2) {
      PhraseQuery.Builder all = new PhraseQuery.Builder();
      int first = ordered.getFirst().getKey();
      for (var e : ordered) {
        all.add(new Term(Fields.BODY, e.getValue()), e.getKey() - first);
      }
      all.setSlop(3 + ordered.size());
      b.add(new BoostQuery(all.build(), PHRASE_BOOST), Occur.SHOULD);
      for (int i = 0; i + 1 < ordered.size() && ordered.size() > 2; i++) {
        var x = ordered.get(i);
        var y = ordered.get(i + 1);
        PhraseQuery pair = new PhraseQuery(3, Fields.BODY, x.getValue(), y.getValue());
        b.add(new BoostQuery(pair, PAIR_BOOST), Occur.SHOULD);
      }
    }
    return b.build();
  }

  private static Query highlightQuery(Iterable<String> terms) {
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
    IndexSearcher searcher = manager.acquire();
    try {
      TopDocs top = searcher.search(new TermQuery(new Term(Fields.SECTION, sectionKey(id))), 10_000, BY_ORDINAL);
      List<Hit> out = new ArrayList<>();
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
