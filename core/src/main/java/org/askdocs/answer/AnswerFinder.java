package org.askdocs.answer;

import java.text.BreakIterator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.askdocs.search.Hit;
import org.askdocs.search.Hits;
import org.askdocs.search.QuestionParser;

/**
 * Picks the answer sentence from the top passages, or declines when the passages do not cover the
 * question. Coverage is the share of the question's information (the inverse document frequency of
 * its searched terms) that a text contains: a passage that holds only the question's common words
 * does not answer it. Thread-safe.
 */
public final class AnswerFinder {
  /** How many top passages are read for the answer sentence. */
  static final int PASSAGES_READ = 3;
  /** The best passage must cover at least this share of the question's information. */
  static final double MIN_PASSAGE_COVERAGE = 0.30;
  /**
   * A question with a word the corpus never uses is about something else, unless the best passage
   * covers this much of it anyway. Only trusted for corpora of {@link #RICH_VOCABULARY} terms or
   * more: a small corpus lacks ordinary words too, so its silence means little.
   */
  static final double MIN_COVERAGE_WITH_UNKNOWN = 0.6;
  static final int RICH_VOCABULARY = 2000;
  /** Later passages must overcome this handicap per rank to give the answer. */
  static final double RANK_PENALTY = 0.15;
  static final double HEADING_SHARE = 0.5;
  static final int MAX_ANSWER_CHARS = 600;

  private final QuestionParser analyzer;

  public AnswerFinder(QuestionParser analyzer) {
    this.analyzer = analyzer;
  }

  /** The answer sentence and the passage it came from. */
  public record Found(Hit hit, String sentence, double coverage) {}

  public Optional<Found> find(Hits hits) {
    List<Hits.Concept> w = hits.concepts();
    double total = w.stream().mapToDouble(Hits.Concept::weight).sum();
    if (hits.hits().isEmpty() || total <= 0) {
      return Optional.empty();
    }
    Hit top = hits.hits().getFirst();
    if (declines(hits, coverage(hits, top))) {
      return Optional.empty();
    }
    Found best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int rank = 0; rank < Math.min(PASSAGES_READ, hits.hits().size()); rank++) {
      Hit h = hits.hits().get(rank);
      double heading = coverage(terms(String.join(" ", h.headingPath().subList(1, h.headingPath().size()))), w, total);
      int index = 0;
      for (String sentence : sentences(h.text())) {
        double c = coverage(terms(sentence), w, total);
        if (c <= 0) {
          index++;
          continue;
        }
        double score = c + HEADING_SHARE * heading - RANK_PENALTY * rank - 0.01 * index++;
        if (score > bestScore) {
          bestScore = score;
          best = new Found(h, sentence, c);
        }
      }
    }
    if (best == null) {
      // The passage matches through its headings only: its first sentence is the answer.
      List<String> first = sentences(top.text());
      return first.isEmpty() ? Optional.empty() : Optional.of(new Found(top, first.getFirst(), 0));
    }
    return Optional.of(best);
  }

  /** Whether the docs hold no good answer, given how much of the question the best passage covers. */
  public static boolean declines(Hits hits, double topCoverage) {
    if (topCoverage < MIN_PASSAGE_COVERAGE) {
      return true;
    }
    boolean unknown = hits.concepts().stream().anyMatch(Hits.Concept::unknown);
    return unknown && hits.vocabulary() >= RICH_VOCABULARY && topCoverage < MIN_COVERAGE_WITH_UNKNOWN;
  }

  /**
   * The share of the question's information (its concepts, weighted by how rare they are) that a
   * passage covers, in its text or its heading path (the document title included): 0 to 1.
   */
  public double coverage(Hits hits, Hit passage) {
    double total = hits.concepts().stream().mapToDouble(Hits.Concept::weight).sum();
    if (total <= 0) {
      return 0;
    }
    return coverage(terms(String.join(" ", passage.headingPath()) + "\n" + passage.text()), hits.concepts(), total);
  }

  private Set<String> terms(String text) {
    return new HashSet<>(analyzer.analyze(text));
  }

  private static double coverage(Set<String> present, List<Hits.Concept> concepts, double total) {
    double sum = 0;
    for (Hits.Concept c : concepts) {
      if (c.coveredBy(present)) {
        sum += c.weight();
      }
    }
    return sum / total;
  }

  /** Sentences of a passage: lines (list items, table rows) first, then sentence ends within them. */
  static List<String> sentences(String text) {
    List<String> out = new java.util.ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    for (String line : text.split("\n")) {
      String l = line.strip().replaceFirst("^(?:[-*+]|\\d+[.)])\\s+", "");
      if (l.isEmpty()) {
        continue;
      }
      it.setText(l);
      for (int start = it.first(), end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
        String s = l.substring(start, end).strip();
        if (!s.isEmpty()) {
          out.add(s.length() > MAX_ANSWER_CHARS ? cut(s) : s);
        }
      }
    }
    return out;
  }

  private static String cut(String s) {
    int space = s.lastIndexOf(' ', MAX_ANSWER_CHARS);
    return s.substring(0, space > MAX_ANSWER_CHARS / 2 ? space : MAX_ANSWER_CHARS) + " …";
  }
}
