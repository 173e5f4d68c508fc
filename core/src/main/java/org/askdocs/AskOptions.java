package org.askdocs;

import java.util.Objects;
import org.askdocs.search.Retrieval;

/**
 * How to answer a question.
 *
 * @param top how many ranked passages to return, 1 to {@link #MAX_TOP}
 * @param retrieval which signals rank the passages: words and meaning fused (the default; words
 *     alone while the index has no vectors), or either alone, to compare them
 */
public record AskOptions(int top, Retrieval retrieval) {
  public static final int DEFAULT_TOP = 5;
  public static final int MAX_TOP = 50;
  public static final AskOptions DEFAULTS = new AskOptions(DEFAULT_TOP);

  public AskOptions {
    if (top < 1 || top > MAX_TOP) {
      throw new IllegalArgumentException("top must be between 1 and " + MAX_TOP + ", got " + top);
    }
    Objects.requireNonNull(retrieval, "retrieval");
  }

  /** The {@code top} best passages, by words and meaning fused. */
  public AskOptions(int top) {
    this(top, Retrieval.FUSED);
  }
}
