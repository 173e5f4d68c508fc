package org.askdocs;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The engine's reply to a question.
 *
 * @param query the question as asked
 * @param answered whether the corpus holds a good answer
 * @param answer the answer sentence, null exactly when {@code answered} is false
 * @param results the ranked passages, best first (may be non-empty when not answered: the nearest
 *     passages)
 * @param didYouMean the question with misspelled words corrected from the corpus vocabulary, or
 *     null
 * @param tookMs time spent answering, in milliseconds
 */
public record AskResult(
    String query,
    boolean answered,
    @Nullable Answer answer,
    List<Passage> results,
    @Nullable String didYouMean,
    long tookMs) {
  public AskResult {
    results = List.copyOf(results);
    if (answered != (answer != null)) {
      throw new IllegalArgumentException("answer must be present exactly when answered is true");
    }
  }
}
