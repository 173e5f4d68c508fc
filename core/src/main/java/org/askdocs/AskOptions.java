package org.askdocs;

/**
 * How to answer a question.
 *
 * @param top how many ranked passages to return, 1 to {@link #MAX_TOP}
 */
public record AskOptions(int top) {
  public static final int DEFAULT_TOP = 5;
  public static final int MAX_TOP = 50;
  public static final AskOptions DEFAULTS = new AskOptions(DEFAULT_TOP);

  public AskOptions {
    if (top < 1 || top > MAX_TOP) {
      throw new IllegalArgumentException("top must be between 1 and " + MAX_TOP + ", got " + top);
    }
  }
}
