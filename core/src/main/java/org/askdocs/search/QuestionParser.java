package org.askdocs.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.askdocs.index.Analyzers;

/**
 * Turns a question into terms. A question is words, never query syntax: quotes, operators, field
 * names and wildcards are just characters that the tokenizer drops. Thread-safe.
 */
public final class QuestionParser {
  /** Only this many terms of a very long question are used; the rest adds cost, not meaning. */
  public static final int MAX_TERMS = 64;

  /**
   * Question words and conversational filler: they say that something is asked, not what. Written
   * as people type them; compared after analysis, so "does" and "doing" are covered by "do".
   */
  private static final List<String> FILLER_WORDS =
      List.of(
          "who",
          "whom",
          "whose",
          "what",
          "which",
          "when",
          "where",
          "why",
          "how",
          "whats",
          "hows",
          "do",
          "does",
          "did",
          "done",
          "doing",
          "can",
          "could",
          "would",
          "should",
          "shall",
          "may",
          "might",
          "must",
          "am",
          "has",
          "have",
          "had",
          "been",
          "being",
          "were",
          "i",
          "me",
          "my",
          "mine",
          "we",
          "our",
          "us",
          "you",
          "your",
          "he",
          "she",
          "him",
          "her",
          "its",
          "them",
          "someone",
          "somebody",
          "anyone",
          "anybody",
          "tell",
          "know",
          "explain",
          "describe",
          "show",
          "give",
          "find",
          "want",
          "wanna",
          "like",
          "please",
          "hey",
          "hi",
          "hello",
          "so",
          "ok",
          "okay",
          "just",
          "exactly",
          "actually",
          "really",
          "basically",
          "anyway",
          "about",
          "thing",
          "things",
          "stuff",
          "kind",
          "sort",
          "way",
          "get",
          "got",
          "go",
          "going",
          "say",
          "said",
          "mean",
          "meaning",
          "there",
          "here",
          "some",
          "any",
          "all",
          "also",
          "still",
          "yet",
          "quick",
          "question",
          "thanks",
          "thank",
          "guys",
          "folks",
          "wondering",
          "wonder",
          "curious",
          "idea",
          "ever",
          "even",
          "much",
          "many",
          "happen",
          "happens",
          "happened",
          "possible",
          "able",
          "way",
          "ways",
          "best",
          "exactly",
          "anything",
          "something");

  private final Analyzer analyzer;
  private final Set<String> filler;

  public QuestionParser(Analyzer analyzer) {
    this.analyzer = analyzer;
    Set<String> f = new HashSet<>();
    for (String w : FILLER_WORDS) {
      f.addAll(analyze(w));
    }
    this.filler = Set.copyOf(f);
  }

  public static QuestionParser english() {
    return new QuestionParser(Analyzers.english());
  }

  public Question parse(String text) {
    List<Question.QTerm> terms = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream("body", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      int position = -1;
      while (ts.incrementToken() && terms.size() < MAX_TERMS) {
        position += inc.getPositionIncrement();
        String t = term.toString();
        terms.add(
            new Question.QTerm(
                t,
                text.substring(offset.startOffset(), offset.endOffset()),
                position,
                offset.startOffset(),
                offset.endOffset(),
                filler.contains(t)));
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing a string in memory cannot fail", e);
    }
    return new Question(text, terms);
  }

  /** The analysed terms of a text, in order. */
  public List<String> analyze(String text) {
    return Analyzers.wordsOf(analyzer, text);
  }
}
