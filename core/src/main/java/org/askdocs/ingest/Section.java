package org.askdocs.ingest;

import java.util.List;
import java.util.Objects;

/**
 * One section of a document: the text under one heading, up to the next heading.
 *
 * @param headingPath the document title followed by the headings above this section, ending with
 *     its own heading; never empty
 * @param anchor the section's anchor within its document (GitHub-style slug, unique per document)
 * @param text the section's own text as plain text, paragraphs separated by a blank line; never
 *     blank
 */
public record Section(List<String> headingPath, String anchor, String text) {
  public Section {
    headingPath = List.copyOf(headingPath);
    if (headingPath.isEmpty()) {
      throw new IllegalArgumentException("headingPath must hold at least the document title");
    }
    Objects.requireNonNull(anchor, "anchor");
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "a section needs text of its own, got none under " + headingPath);
    }
  }

  /** The section's own heading: the last element of the heading path. */
  public String heading() {
    return headingPath.getLast();
  }
}
