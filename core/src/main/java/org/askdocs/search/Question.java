package org.askdocs.search;

import java.util.List;
import java.util.Objects;

/**
 * A question as the engine understands it: its words analysed into index terms, split into the
 * content terms that carry its meaning and the filler ("who", "how do I", "hey so") that does not.
 *
 * @param text the question as asked
 * @param terms every analysed term in order, with positions and where it came from in {@code text}
 */
public record Question(String text, List<QTerm> terms) {
  public Question {
    Objects.requireNonNull(text, "text");
    terms = List.copyOf(terms);
  }

  /**
   * One analysed term.
   *
   * @param term the index term (stemmed)
   * @param word the word as written in the question
   * @param position the token position (gaps where stop words stood)
   * @param start where the word starts in the question
   * @param end where the word ends in the question
   * @param filler true for question words and conversational filler
   */
  public record QTerm(String term, String word, int position, int start, int end, boolean filler) {}

  /** Content terms, or, when the question has none, all its terms; distinct, in question order. */
  public List<QTerm> meaningful() {
    List<QTerm> content = terms.stream().filter(t -> !t.filler()).toList();
    return distinct(content.isEmpty() ? terms : content);
  }

  private static List<QTerm> distinct(List<QTerm> ts) {
    java.util.LinkedHashMap<String, QTerm> seen = new java.util.LinkedHashMap<>();
    for (QTerm t : ts) {
      seen.putIfAbsent(t.term(), t);
    }
    return List.copyOf(seen.values());
  }
}
