package org.askdocs;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A whole section, as one reads it after following a result.
 *
 * @param id the section id ({@code source#anchor})
 * @param text the section's full text (all its passages)
 * @param passageIds ids of the passages the section was split into, in order
 * @param previous the section just before it in the document, or null
 * @param next the section just after it in the document, or null
 */
public record SectionView(
    String id,
    String source,
    String title,
    String heading,
    List<String> headingPath,
    String anchor,
    String text,
    List<String> passageIds,
    @Nullable Neighbour previous,
    @Nullable Neighbour next) {
  public SectionView {
    headingPath = List.copyOf(headingPath);
    passageIds = List.copyOf(passageIds);
  }

  /** The section as Markdown: its heading path as a heading, its text, and its citation. */
  public String markdown() {
    return "# " + String.join(" › ", headingPath) + "\n\n" + text + "\n\nSource: " + id + "\n";
  }

  /** A section next to the one shown. */
  public record Neighbour(String id, String heading) {}
}
