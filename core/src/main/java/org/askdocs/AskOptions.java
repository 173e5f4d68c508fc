package org.askdocs;

import java.util.Objects;
import org.askdocs.search.Retrieval;
import org.askdocs.search.Scope;

/**
 * How to answer a question.
 *
 * @param top how many ranked passages to return, 1 to {@link #MAX_TOP}
 * @param retrieval which signals rank the passages: words and meaning fused (the default; words
 *     alone while the index has no vectors), or either alone, to compare them
 * @param scope where to look: the whole corpus (the default), a document or a folder
 * @param prefixLast whether the last word is still being typed: it is then read as the start of a
 *     word of the corpus (search as you type)
 */
public record AskOptions(int top, Retrieval retrieval, Scope scope, boolean prefixLast) {
  public static final int DEFAULT_TOP = 5;
  public static final int MAX_TOP = 50;
  public static final AskOptions DEFAULTS = new AskOptions(DEFAULT_TOP);

  public AskOptions {
    if (top < 1 || top > MAX_TOP) {
      throw new IllegalArgumentException("top must be between 1 and " + MAX_TOP + ", got " + top);
    }
    Objects.requireNonNull(retrieval, "retrieval");
    Objects.requireNonNull(scope, "scope");
  }

  /** The {@code top} best passages in the whole corpus, ranked as given. */
  public AskOptions(int top, Retrieval retrieval) {
    this(top, retrieval, Scope.ALL, false);
  }

  /** The {@code top} best passages, by words and meaning fused. */
  public AskOptions(int top) {
    this(top, Retrieval.FUSED);
  }

  /** These options, looking only in this scope. */
  public AskOptions within(Scope where) {
    return new AskOptions(top, retrieval, where, prefixLast);
  }

  /** These options, with the last word read as a prefix (or not). */
  public AskOptions prefixLast(boolean typing) {
    return new AskOptions(top, retrieval, scope, typing);
  }
}
