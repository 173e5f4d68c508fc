package org.askdocs;

import java.util.List;
import java.util.Objects;

/**
 * One ranked passage of a result.
 *
 * @param rank 1-based rank
 * @param score relevance score (higher is better; comparable only within one result)
 * @param id stable id, {@code source#anchor}, with {@code ~N} for the N-th part of a long section
 * @param source the document, relative to the corpus root
 * @param title the document title
 * @param heading the section heading
 * @param headingPath the title followed by the headings down to this section
 * @param anchor the section's anchor in its document
 * @param text the whole passage as plain text
 * @param snippet an HTML-escaped excerpt with {@code <mark>} around the matched words
 */
public record Passage(
    int rank,
    float score,
    String id,
    String source,
    String title,
    String heading,
    List<String> headingPath,
    String anchor,
    String text,
    String snippet) {
  public Passage {
    if (rank < 1) {
      throw new IllegalArgumentException("rank starts at 1, got " + rank);
    }
    Objects.requireNonNull(id, "id");
    headingPath = List.copyOf(headingPath);
  }
}
