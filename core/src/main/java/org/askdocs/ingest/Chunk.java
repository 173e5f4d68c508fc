package org.askdocs.ingest;

import java.util.Objects;

/**
 * A passage: what a person reads in one glance. A whole section, or one part of a long one.
 *
 * @param section the section it belongs to
 * @param part 1-based part number within the section
 * @param parts how many parts the section was split into
 * @param text this part's text
 */
public record Chunk(Section section, int part, int parts, String text) {
  public Chunk {
    Objects.requireNonNull(section, "section");
    if (part < 1 || part > parts) {
      throw new IllegalArgumentException("part must be in 1.." + parts + ", got " + part);
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a passage needs text");
    }
  }
}
