package org.askdocs.ingest;

import java.util.Locale;
import java.util.Optional;

/** The document formats askdocs reads, each with its own splitter. */
public enum Format {
  MARKDOWN, TEXT, HTML;

  /** The format a file name's extension says, or empty for files askdocs does not read. */
  public static Optional<Format> ofFileName(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "md", "markdown", "mdown", "mkd" -> Optional.of(MARKDOWN);
      case "txt", "text" -> Optional.of(TEXT);
      case "html", "htm", "xhtml" -> Optional.of(HTML);
      default -> Optional.empty();
    };
  }

  /** Splits a document's decoded content into sections. */
  public SourceDoc split(String source, String content) {
    return switch (this) {
      case MARKDOWN -> MarkdownSplitter.split(source, content);
      case TEXT -> TextSplitter.split(source, content);
      case HTML -> HtmlSplitter.split(source, content);
    };
  }
}
