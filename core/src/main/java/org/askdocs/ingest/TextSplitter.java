package org.askdocs.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plain-text documents, typically scraped web pages: no markup, one paragraph per line or per block
 * of lines. Headings are recognised from the layout: a short line without final punctuation,
 * starting with a capital or a digit, that opens new text. Lines with table pipes are never
 * headings, so a table that came through broken stays text; a pipe table with a header row (above a
 * {@code |---|} delimiter row) reads as {@code Header: cell; …} rows, as in Markdown. Hard-wrapped
 * lines are joined back into their paragraph. The first line is the title when it looks like a
 * heading. Stateless and thread-safe.
 */
final class TextSplitter {
  private static final int MAX_HEADING_CHARS = 100;
  private static final int MAX_HEADING_WORDS = 14;
  private static final int MAX_DEPTH = 4;

  /** A line at least this long that stops mid-sentence was wrapped by an editor. */
  private static final int WRAPPED_LINE_CHARS = 60;

  /** Words a heading never ends on, and a wrapped line often does. */
  private static final Set<String> FUNCTION_WORDS =
      Set.of(
          "the", "a", "an", "to", "of", "and", "or", "for", "with", "in", "on", "by", "at", "from",
          "as", "that", "is", "are", "be", "your", "its", "their");

  private TextSplitter() {}

  static SourceDoc split(String source, String content) {
    String c = content.startsWith("\uFEFF") ? content.substring(1) : content;
    List<String> lines = c.lines().map(String::strip).toList();
    int first = 0;
    while (first < lines.size() && lines.get(first).isEmpty()) {
      first++;
    }
    String title = null;
    if (first < lines.size() && isHeading(lines, first, "", true)) {
      title = SectionBuilder.collapse(lines.get(first));
      first++;
    }
    SectionBuilder sb = new SectionBuilder(title, 1);
    StringBuilder paragraph = new StringBuilder();
    int level = 1;
    boolean lastWasHeading = title != null;
    String previous = "";
    // The header of the pipe table being read, when it has one (a row above a |---| delimiter row).
    List<String> tableHeader = null;
    for (int i = first; i < lines.size(); i++) {
      String line = lines.get(i);
      boolean piped = line.indexOf('|') >= 0;
      if (!piped) {
        tableHeader = null;
      }
      if (line.isEmpty()) {
        flush(sb, paragraph);
        previous = "";
        continue;
      }
      if (piped
          && i + 1 < lines.size()
          && Tables.isDelimiterRow(lines.get(i + 1))
          && !Tables.isDelimiterRow(line)) {
        // A header row names the cells of the rows below it instead of being a row itself.
        flush(sb, paragraph);
        tableHeader = Tables.cells(line);
        lastWasHeading = false;
      } else if (isHeading(lines, i, previous, lastWasHeading)) {
        flush(sb, paragraph);
        level = lastWasHeading ? Math.min(level + 1, MAX_DEPTH) : 2;
        sb.heading(level, line);
        lastWasHeading = true;
      } else {
        String cleaned =
            Tables.isDelimiterRow(line)
                ? ""
                : tableHeader != null
                    ? Tables.row(tableHeader, Tables.cells(line))
                    : tableRow(line);
        if (!cleaned.isEmpty()) {
          if (!paragraph.isEmpty() && piped && previous.indexOf('|') >= 0) {
            // Rows of one table stay together, a row per line.
            paragraph.append('\n').append(cleaned);
          } else if (!paragraph.isEmpty() && (continues(previous) || startsLowerCase(line))) {
            paragraph.append(' ').append(cleaned);
          } else {
            // Scraped pages put one paragraph per line; keep those line breaks as paragraph breaks.
            flush(sb, paragraph);
            paragraph.append(cleaned);
          }
        }
        lastWasHeading = false;
      }
      previous = line;
    }
    flush(sb, paragraph);
    String fallback = MarkdownSplitter.fileTitle(source);
    return new SourceDoc(source, sb.title(fallback), Format.TEXT, Map.of(), sb.build(fallback));
  }

  private static void flush(SectionBuilder sb, StringBuilder paragraph) {
    sb.paragraph(paragraph.toString());
    paragraph.setLength(0);
  }

  /** Cells of a pipe table row as text; a row of empty cells gives nothing. */
  private static String tableRow(String line) {
    if (line.indexOf('|') < 0) {
      return line;
    }
    StringBuilder out = new StringBuilder();
    for (String cell : line.split("\\|")) {
      String t = cell.strip();
      if (!t.isEmpty() && !t.chars().allMatch(ch -> ch == '-' || ch == ':')) {
        if (!out.isEmpty()) {
          out.append(" | ");
        }
        out.append(t);
      }
    }
    return out.toString();
  }

  private static boolean isHeading(
      List<String> lines, int i, String previous, boolean lastWasHeading) {
    String line = lines.get(i);
    int next = nextNonBlank(lines, i);
    if (!looksLikeHeading(line) || next < 0) {
      return false;
    }
    // A line that goes on with the sentence of the line before (hard-wrapped text), or whose
    // sentence goes on in the next line, is not a heading.
    if (!lastWasHeading && continues(previous)) {
      return false;
    }
    return !startsLowerCase(lines.get(next));
  }

  static boolean looksLikeHeading(String line) {
    if (line.isEmpty()
        || line.length() > MAX_HEADING_CHARS
        || line.indexOf('|') >= 0
        || endsWithFunctionWord(line)) {
      return false;
    }
    if (line.split("\\s+").length > MAX_HEADING_WORDS) {
      return false;
    }
    char last = line.charAt(line.length() - 1);
    if (".!?,;:".indexOf(last) >= 0) {
      return false;
    }
    int cp = line.codePointAt(0);
    return (Character.isUpperCase(cp) || Character.isDigit(cp) || Character.isTitleCase(cp))
        && line.chars().anyMatch(Character::isLetter);
  }

  /**
   * Whether a line's sentence goes on in the next line: wrapped long text, or a stop on a function
   * word.
   */
  private static boolean continues(String line) {
    return !line.isEmpty()
        && !endsSentence(line)
        && (line.length() >= WRAPPED_LINE_CHARS || endsWithFunctionWord(line));
  }

  private static boolean endsWithFunctionWord(String line) {
    return FUNCTION_WORDS.contains(
        line.substring(line.lastIndexOf(' ') + 1).toLowerCase(Locale.ROOT));
  }

  private static boolean startsLowerCase(String line) {
    return Character.isLowerCase(line.codePointAt(0));
  }

  private static boolean endsSentence(String line) {
    char last = line.charAt(line.length() - 1);
    return ".!?:;)\"'”’".indexOf(last) >= 0 || line.indexOf('|') >= 0;
  }

  private static int nextNonBlank(List<String> lines, int i) {
    for (int j = i + 1; j < lines.size(); j++) {
      if (!lines.get(j).isEmpty()) {
        return j;
      }
    }
    return -1;
  }
}
