package org.askdocs.ingest;

import java.util.EnumSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The document formats askdocs reads, each with its own splitter. The extension says the format,
 * except for text files whose content is clearly Markdown ({@link #forContent}); this is the one
 * place that decides.
 */
public enum Format {
  MARKDOWN,
  TEXT,
  HTML,
  PDF,
  DOCX,
  PPTX;

  /** An ATX heading: one to six '#', a space and text, indented at most three spaces. */
  private static final Pattern ATX = Pattern.compile(" {0,3}#{1,6}[ \t]+\\S.*");

  /** A code fence opening: three or more backticks (no backtick after them) or tildes. */
  private static final Pattern FENCE = Pattern.compile(" {0,3}(`{3,}(?!.*`)|~{3,}).*");

  /** A Setext underline, when under a line of text. */
  private static final Pattern UNDERLINE = Pattern.compile(" {0,3}(={3,}|-{3,})[ \t]*");

  /** A list item: a bullet or a number, a space and text. */
  private static final Pattern LIST_ITEM = Pattern.compile(" {0,3}([-*+]|\\d{1,9}[.)])[ \t]+\\S.*");

  /**
   * An inline link {@code [text](url)}; brackets are excluded inside so that a hostile line costs
   * linear time.
   */
  private static final Pattern LINK =
      Pattern.compile("\\[[^\\[\\]]+\\]\\([^()\\[\\]\\s]+(\\s+\"[^\"]*\")?\\)");

  /** A key of YAML front matter: {@code ms.date: 08/20/2019}, {@code tags:}. */
  private static final Pattern YAML_KEY = Pattern.compile("[A-Za-z_][\\w.-]*:(\\s.*)?");

  /** The Markdown marks, besides ATX headings, that tell Markdown from plain text. */
  private enum Mark {
    UNDERLINE,
    LINK,
    LIST_ITEM,
    FENCED_CODE,
    TABLE
  }

  /** The format a file name's extension says, or empty for files askdocs does not read. */
  public static Optional<Format> ofFileName(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "md", "markdown", "mdown", "mkd" -> Optional.of(MARKDOWN);
      case "txt", "text" -> Optional.of(TEXT);
      case "html", "htm", "xhtml" -> Optional.of(HTML);
      case "pdf" -> Optional.of(PDF);
      case "docx" -> Optional.of(DOCX);
      case "pptx" -> Optional.of(PPTX);
      default -> Optional.empty();
    };
  }

  /**
   * The format to read a document of this format as, given its decoded content: Markdown articles
   * are often saved as .txt, and split as plain text every heading would come out wrong. So TEXT
   * whose content is clearly Markdown (see {@link #looksLikeMarkdown}) is MARKDOWN; anything else
   * stays what its extension says.
   */
  public Format forContent(String content) {
    return this == TEXT && looksLikeMarkdown(content) ? MARKDOWN : this;
  }

  /** Whether documents of this format are files of bytes read by a parser, not text to decode. */
  public boolean binary() {
    return this == PDF || this == DOCX || this == PPTX;
  }

  /**
   * Splits a document's decoded content into sections.
   *
   * @throws IllegalStateException for a {@linkplain #binary() binary} format: those are read from
   *     bytes
   */
  public SourceDoc split(String source, String content) {
    return switch (this) {
      case MARKDOWN -> MarkdownSplitter.split(source, content);
      case TEXT -> TextSplitter.split(source, content);
      case HTML -> HtmlSplitter.split(source, content);
      case PDF, DOCX, PPTX ->
          throw new IllegalStateException(
              this + " documents are read from their bytes, not from text");
    };
  }

  /**
   * Reads a document of a {@linkplain #binary() binary} format from its bytes, within the time and
   * memory bounds of its reader.
   *
   * @throws Unreadable when the file is encrypted, damaged, scanned without a text layer, or too
   *     costly
   */
  SourceDoc read(String source, byte[] bytes) throws Unreadable {
    return switch (this) {
      case PDF -> PdfReader.read(source, bytes);
      case DOCX -> DocxReader.read(source, bytes);
      case PPTX -> PptxReader.read(source, bytes);
      case MARKDOWN, TEXT, HTML ->
          split(source, Corpus.decode(bytes) instanceof Corpus.Decoded d ? d.text() : "");
    };
  }

  /**
   * Whether text is clearly Markdown, erring towards plain text: it opens with YAML front matter,
   * or, outside code fences, it has ATX headings and other Markdown marks (Setext underlines,
   * {@code [text](url)} links, list items, closed fenced code, a pipe table with its {@code |---|}
   * delimiter row): two headings and one kind of mark, or one heading and two kinds. A lone '#'
   * line (a shell comment, a numbered note) with a list is still plain text.
   */
  static boolean looksLikeMarkdown(String content) {
    String c = content.startsWith("\uFEFF") ? content.substring(1) : content;
    if (opensWithFrontMatter(c.lines().iterator())) {
      return true;
    }
    int headings = 0;
    Set<Mark> marks = EnumSet.noneOf(Mark.class);
    String fence = null; // the fence of the code block being read
    String previous = ""; // the line before, when it was a line of paragraph text
    for (Iterator<String> it = c.lines().iterator(); it.hasNext(); ) {
      String line = it.next();
      if (fence != null) {
        String s = line.strip();
        char mark = fence.charAt(0);
        if (s.length() >= fence.length() && s.chars().allMatch(ch -> ch == mark)) {
          fence = null;
          marks.add(Mark.FENCED_CODE);
        }
        continue;
      }
      Matcher f = FENCE.matcher(line);
      boolean text = false;
      if (f.matches()) {
        fence = f.group(1);
      } else if (ATX.matcher(line).matches()) {
        headings++;
      } else if (UNDERLINE.matcher(line).matches() && !previous.isEmpty()) {
        marks.add(Mark.UNDERLINE);
      } else if (LIST_ITEM.matcher(line).matches()) {
        marks.add(Mark.LIST_ITEM);
      } else if (Tables.isDelimiterRow(line) && previous.indexOf('|') >= 0) {
        marks.add(Mark.TABLE);
      } else {
        text = !line.isBlank();
      }
      if (fence == null && LINK.matcher(line).find()) {
        marks.add(Mark.LINK);
      }
      if (headings >= 2 && !marks.isEmpty() || headings >= 1 && marks.size() >= 2) {
        return true;
      }
      previous = text ? line : "";
    }
    return false;
  }

  /**
   * YAML front matter: a {@code ---} line, {@code key: value} lines (nested lines, list items and
   * comments allowed, prose not), then {@code ---} or {@code ...}.
   */
  private static boolean opensWithFrontMatter(Iterator<String> lines) {
    if (!lines.hasNext() || !lines.next().strip().equals("---")) {
      return false;
    }
    boolean keys = false;
    while (lines.hasNext()) {
      String line = lines.next();
      String s = line.strip();
      if (s.equals("---") || s.equals("...")) {
        return keys;
      }
      if (YAML_KEY.matcher(line).matches()) {
        keys = true;
      } else if (!s.isEmpty()
          && !Character.isWhitespace(line.charAt(0))
          && !s.startsWith("#")
          && !s.startsWith("- ")) {
        return false; // prose, not YAML
      }
    }
    return false;
  }
}
