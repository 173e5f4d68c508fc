package org.askdocs.search;

import java.util.Objects;

/**
 * A passage a backend found for a question, with the evidence for it, before the final ranking.
 *
 * @param id the passage id
 * @param source its document
 * @param lexical its BM25 score (proximity included), NaN when the question's words did not find it
 * @param dense the cosine of its vector and the question's, NaN when it has no vector
 * @param sentences the cosine of each of its sentences' vectors and the question's, in {@linkplain
 *     org.askdocs.index.Sentences sentence} order; null when it has none
 * @param prior how much it is worth as an answer on its own, 0 to 1 (navigation sections count
 *     half)
 */
public record Candidate(
    String id, String source, float lexical, float dense, float[] sentences, float prior) {
  public Candidate {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
  }

  /** The best sentence's cosine, NaN when there is none. */
  public float bestSentence() {
    if (sentences == null || sentences.length == 0) {
      return Float.NaN;
    }
    float best = Float.NEGATIVE_INFINITY;
    for (float s : sentences) {
      best = Math.max(best, s);
    }
    return best;
  }
}
