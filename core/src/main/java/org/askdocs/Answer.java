package org.askdocs;

import java.util.Objects;

/**
 * The sentence that answers a question, and where it stands.
 *
 * @param text the answer sentence as plain text
 * @param source the document, relative to the corpus root
 * @param heading the heading of the section holding it
 * @param anchor that section's anchor
 */
public record Answer(String text, String source, String heading, String anchor) {
  public Answer {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(heading, "heading");
    Objects.requireNonNull(anchor, "anchor");
  }
}
