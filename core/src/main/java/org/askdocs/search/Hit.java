package org.askdocs.search;

import java.util.List;

/**
 * One passage found by a backend.
 *
 * @param id stable passage id ({@code source#anchor}, {@code ~N} for later parts of a long section)
 * @param score the backend's relevance score
 * @param snippet HTML-escaped excerpt with {@code <mark>} around matched words; empty when not
 *     asked for
 * @param sentenceScores how close each of its {@linkplain org.askdocs.index.Sentences sentences} is
 *     to the question in meaning (cosines), or null when ranked without vectors
 */
public record Hit(
    String id,
    float score,
    String source,
    String title,
    String heading,
    List<String> headingPath,
    String anchor,
    int part,
    int parts,
    String text,
    String snippet,
    float[] sentenceScores) {
  public Hit {
    headingPath = List.copyOf(headingPath);
  }
}
