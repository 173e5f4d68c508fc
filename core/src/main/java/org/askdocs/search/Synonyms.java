package org.askdocs.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.apache.lucene.util.graph.GraphTokenStreamFiniteStrings;
import org.askdocs.index.Analyzers;

/**
 * Other ways of saying what a question says: general and IT vocabulary from the bundled {@code
 * synonyms.txt} (Solr format), plus the acronyms the corpus itself defines ("Azure VMware Solution
 * (AVS)"). Applied at query time only, with Lucene's {@link SynonymGraphFilter}; the alternatives
 * of each stretch of the question are read off the token graph the way Lucene's {@code
 * QueryBuilder} does. Immutable and thread-safe once built.
 */
public final class Synonyms {
  static final String RESOURCE = "synonyms.txt";
  private final SynonymMap map;
  private final Analyzer words = Analyzers.stems();

  private Synonyms(SynonymMap map) {
    this.map = map;
  }

  /**
   * The bundled vocabulary plus acronyms (upper-case abbreviation to its long form, e.g. AVS to
   * Azure VMware Solution).
   */
  public static Synonyms load(Map<String, String> acronyms) {
    Analyzer words = Analyzers.stems();
    SolrSynonymParser parser = new SolrSynonymParser(true, true, words);
    try (InputStream in = Synonyms.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the askdocs jar");
      }
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        parser.parse(r);
      }
      CharsRefBuilder scratch = new CharsRefBuilder();
      for (var e : acronyms.entrySet()) {
        String[] abbr = Analyzers.wordsOf(words, e.getKey()).toArray(String[]::new);
        String[] longForm = Analyzers.wordsOf(words, e.getValue()).toArray(String[]::new);
        if (abbr.length == 1 && longForm.length >= 2) {
          CharsRef a = SynonymMap.Builder.join(abbr, scratch);
          CharsRef l = SynonymMap.Builder.join(longForm, new CharsRefBuilder());
          parser.add(a, l, true);
          parser.add(l, a, true);
        }
      }
      return new Synonyms(parser.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled " + RESOURCE, e);
    } catch (ParseException e) {
      throw new IllegalStateException(
          "the bundled " + RESOURCE + " is malformed at line " + e.getErrorOffset(), e);
    }
  }

  /** The bundled rules, one line each (Solr format), without comments and blank lines. */
  public static List<String> rules() {
    try (InputStream in = Synonyms.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the askdocs jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled " + RESOURCE, e);
    }
  }

  /**
   * A stretch of the question that can be said differently.
   *
   * @param start where the stretch starts in the question
   * @param end where it ends
   * @param alternatives other wordings, each a list of stemmed words
   */
  public record Alternative(int start, int end, List<List<String>> alternatives) {
    public Alternative {
      alternatives = alternatives.stream().map(List::copyOf).toList();
    }
  }

  /** The stretches of a question that have other wordings, in question order. */
  public List<Alternative> expand(String question) {
    record Found(int from, int to, List<List<String>> paths) {}
    List<Found> found = new ArrayList<>();
    if (Analyzers.wordsOf(words, question).isEmpty()) {
      return List.of(); // an empty token graph has nothing to expand (and trips the graph walker)
    }
    try (TokenStream ts = new SynonymGraphFilter(words.tokenStream("q", question), map, true)) {
      GraphTokenStreamFiniteStrings graph = new GraphTokenStreamFiniteStrings(ts);
      int[] points = graph.articulationPoints();
      int last = 0;
      for (int i = 0; i <= points.length; i++) {
        int start = last;
        int end = i < points.length ? points[i] : -1;
        last = end;
        // Every stretch is read, side path or not: one-word synonyms stand stacked on the word
        // itself (no side path), and stretches without alternatives are dropped below.
        List<List<String>> paths = new ArrayList<>();
        int from = Integer.MAX_VALUE;
        int to = -1;
        for (Iterator<TokenStream> it = graph.getFiniteStrings(start, end); it.hasNext(); ) {
          List<String> path = new ArrayList<>();
          try (TokenStream p = it.next()) {
            CharTermAttribute term = p.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = p.addAttribute(OffsetAttribute.class);
            p.reset();
            while (p.incrementToken()) {
              path.add(term.toString());
              from = Math.min(from, offset.startOffset());
              to = Math.max(to, offset.endOffset());
            }
            p.end();
          }
          paths.add(path);
        }
        if (to > from && to <= question.length()) {
          found.add(new Found(from, to, paths));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("analysing a string in memory cannot fail", e);
    }
    // The original wording is analysed only now: the analyzer's components were busy above.
    List<Alternative> out = new ArrayList<>();
    for (Found f : found) {
      List<String> original = Analyzers.wordsOf(words, question.substring(f.from(), f.to()));
      List<List<String>> others = f.paths().stream().filter(p -> !p.equals(original)).toList();
      if (!others.isEmpty()) {
        out.add(new Alternative(f.from(), f.to(), others));
      }
    }
    return out;
  }
}
