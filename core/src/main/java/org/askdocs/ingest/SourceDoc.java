package org.askdocs.ingest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A document of the corpus, split into sections.
 *
 * @param source the file's path relative to the corpus root, with forward slashes
 * @param title the document title (front matter, first heading, or the file name)
 * @param format the format it was read as
 * @param metadata front matter or meta tags, in document order; empty when there were none
 * @param sections the sections that hold text, in document order
 */
public record SourceDoc(
    String source,
    String title,
    Format format,
    Map<String, String> metadata,
    List<Section> sections) {
  public SourceDoc {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(format, "format");
    metadata = Map.copyOf(metadata);
    sections = List.copyOf(sections);
  }
}
