package org.askdocs.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;
import org.jsoup.Jsoup;

/**
 * Markdown documents (CommonMark with GitHub tables, plus the DocFX conventions of Microsoft Learn
 * articles): YAML front matter gives the title and metadata, ATX and Setext headings give the
 * heading path, everything else becomes readable plain text. Stateless and thread-safe.
 */
final class MarkdownSplitter {
  private static final Parser PARSER =
      Parser.builder().extensions(List.of(TablesExtension.create())).build();

  /** DocFX block directives (`:::image …:::`, `:::zone …`) carry no readable text. */
  private static final Pattern DIRECTIVE = Pattern.compile("^:::.*");

  /** DocFX includes point at files outside the article; unresolved, they are noise. */
  private static final Pattern INCLUDE =
      Pattern.compile("^\\[!INCLUDE\\b.*\\]$", Pattern.CASE_INSENSITIVE);

  /** DocFX alerts: `> [!NOTE]` opens a note. */
  private static final Pattern ALERT =
      Pattern.compile("^\\[!(NOTE|TIP|IMPORTANT|CAUTION|WARNING)\\]\\s*", Pattern.CASE_INSENSITIVE);

  /** DocFX styling markers: `> [!div class="checklist"]`. */
  private static final Pattern DIV =
      Pattern.compile("^\\[!div\\b[^\\]]*\\]\\s*", Pattern.CASE_INSENSITIVE);

  private MarkdownSplitter() {}

  static SourceDoc split(String source, String content) {
    FrontMatter fm = FrontMatter.parse(content);
    Node doc = PARSER.parse(fm.body());
    List<Node> blocks = new ArrayList<>();
    for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
      blocks.add(n);
    }
    int h1s = 0;
    boolean h1First = false;
    for (Node n : blocks) {
      if (n instanceof Heading h && !isTab(h)) {
        if (h1s == 0 && h.getLevel() == 1 && noHeadingBefore(blocks, n)) {
          h1First = true;
        }
        if (h.getLevel() == 1) {
          h1s++;
        }
      }
    }
    String title = fm.metadata().get("title");
    SectionBuilder sb =
        new SectionBuilder(
            title == null || title.isBlank() ? null : title, h1First && h1s == 1 ? 1 : 0);
    int lastLevel = 1;
    for (Node n : blocks) {
      if (n instanceof Heading h) {
        String text = inline(h).strip();
        if (isTab(h)) {
          // Tabs ("# [Portal](#tab/azure-portal)") are alternatives inside the current section.
          sb.heading(lastLevel + 1, text);
        } else {
          lastLevel = h.getLevel();
          sb.heading(h.getLevel(), text);
        }
      } else {
        sb.paragraph(block(n));
      }
    }
    String fallback = fileTitle(source);
    return new SourceDoc(
        source, sb.title(fallback), Format.MARKDOWN, fm.metadata(), sb.build(fallback));
  }

  private static boolean noHeadingBefore(List<Node> blocks, Node target) {
    for (Node n : blocks) {
      if (n == target) {
        return true;
      }
      if (n instanceof Heading) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTab(Heading h) {
    return h.getFirstChild() instanceof Link l
        && l.getNext() == null
        && l.getDestination() != null
        && l.getDestination().startsWith("#tab/");
  }

  static String fileTitle(String source) {
    String name = source.substring(source.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return (dot > 0 ? name.substring(0, dot) : name).replace('-', ' ').replace('_', ' ').strip();
  }

  /** Plain text of a block node; blocks inside it separated by newlines. */
  private static String block(Node n) {
    StringBuilder out = new StringBuilder();
    block(n, out, "");
    return out.toString().strip();
  }

  private static void block(Node n, StringBuilder out, String indent) {
    switch (n) {
      case Paragraph p -> {
        List<String> kept = new ArrayList<>();
        for (String line : inline(p).split("\n")) {
          String l = line.strip();
          if (!l.isEmpty() && !DIRECTIVE.matcher(l).matches() && !INCLUDE.matcher(l).matches()) {
            kept.add(l);
          }
        }
        appendLine(out, indent, String.join(" ", kept));
      }
      case BlockQuote q -> {
        StringBuilder inner = new StringBuilder();
        for (Node c = q.getFirstChild(); c != null; c = c.getNext()) {
          block(c, inner, "");
        }
        String text = DIV.matcher(inner.toString().strip()).replaceFirst("");
        var m = ALERT.matcher(text);
        if (m.find()) {
          String body = text.substring(m.end()).strip();
          String kind = m.group(1).toLowerCase(Locale.ROOT);
          // A note whose body was only an include has nothing left to say.
          text =
              body.isEmpty()
                  ? ""
                  : Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + ": " + body;
        }
        appendLine(out, indent, text);
      }
      case ListBlock list -> {
        int number =
            list instanceof OrderedList o && o.getMarkerStartNumber() != null
                ? o.getMarkerStartNumber()
                : 1;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
          String marker = list instanceof BulletList ? "- " : (number++) + ". ";
          StringBuilder inner = new StringBuilder();
          for (Node c = item.getFirstChild(); c != null; c = c.getNext()) {
            block(c, inner, "");
          }
          String text = inner.toString().strip();
          if (!text.isEmpty()) {
            appendLine(out, indent, marker + text.replace("\n", "\n" + indent + "  "));
          }
        }
      }
      case FencedCodeBlock c -> appendLine(out, indent, c.getLiteral().strip());
      case IndentedCodeBlock c -> appendLine(out, indent, c.getLiteral().strip());
      case HtmlBlock h -> appendLine(out, indent, Jsoup.parse(h.getLiteral()).text());
      case TableBlock t -> table(t, out, indent);
      case ThematicBreak ignored -> {}
      case ListItem item -> {
        for (Node c = item.getFirstChild(); c != null; c = c.getNext()) {
          block(c, out, indent);
        }
      }
      case Heading h -> appendLine(out, indent, inline(h));
      default -> {
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
          block(c, out, indent);
        }
      }
    }
  }

  /**
   * A GitHub table as one line per body row, each cell named by its header ({@link Tables#row}). A
   * table with a header row only (a one-cell callout, say) keeps that row's cells as its text.
   */
  private static void table(TableBlock t, StringBuilder out, String indent) {
    List<String> header = List.of();
    boolean bodyRows = false;
    for (Node part = t.getFirstChild(); part != null; part = part.getNext()) {
      for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
        if (!(row instanceof TableRow)) {
          continue;
        }
        if (part instanceof TableHead) {
          header = cells(row);
        } else {
          bodyRows = true;
          appendLine(out, indent, Tables.row(header, cells(row)));
        }
      }
    }
    if (!bodyRows) {
      appendLine(out, indent, Tables.row(List.of(), header));
    }
  }

  /**
   * A row's cells, each one line of text with its white space collapsed (a {@code <br>} is a
   * space).
   */
  private static List<String> cells(Node row) {
    List<String> cells = new ArrayList<>();
    for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
      if (cell instanceof TableCell) {
        cells.add(SectionBuilder.collapse(inline(cell)));
      }
    }
    return cells;
  }

  private static void appendLine(StringBuilder out, String indent, String text) {
    if (text.isBlank()) {
      return;
    }
    if (!out.isEmpty()) {
      out.append('\n');
    }
    out.append(indent).append(text);
  }

  /** Inline content as text: link text kept, images, markup and HTML tags dropped. */
  private static String inline(Node parent) {
    StringBuilder out = new StringBuilder();
    inline(parent, out);
    return out.toString();
  }

  private static void inline(Node parent, StringBuilder out) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
      switch (n) {
        case Text t -> out.append(t.getLiteral());
        case Code c -> out.append(c.getLiteral());
        case SoftLineBreak ignored -> out.append('\n');
        case HardLineBreak ignored -> out.append('\n');
        case Image ignored -> {}
        case HtmlInline h -> {
          String lit = h.getLiteral();
          if (lit.regionMatches(true, 0, "<br", 0, 3)) {
            out.append(' ');
          }
        }
        default -> inline(n, out);
      }
    }
  }

  /**
   * YAML front matter: a block between `---` lines at the very top. Only flat `key: value` pairs
   * matter here.
   */
  record FrontMatter(Map<String, String> metadata, String body) {
    static FrontMatter parse(String content) {
      String c = content.startsWith("\uFEFF") ? content.substring(1) : content;
      List<String> lines = c.lines().toList();
      if (lines.isEmpty() || !lines.getFirst().strip().equals("---")) {
        return new FrontMatter(Map.of(), c);
      }
      int end = -1;
      for (int i = 1; i < lines.size(); i++) {
        String l = lines.get(i).strip();
        if (l.equals("---") || l.equals("...")) {
          end = i;
          break;
        }
      }
      if (end < 0) {
        return new FrontMatter(Map.of(), c);
      }
      Map<String, String> meta = new LinkedHashMap<>();
      for (int i = 1; i < end; i++) {
        String l = lines.get(i);
        int colon = l.indexOf(':');
        if (colon > 0 && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("#")) {
          String key = l.substring(0, colon).strip();
          String value = unquote(l.substring(colon + 1).strip());
          if (!value.isEmpty()) {
            meta.putIfAbsent(key, value);
          }
        }
      }
      String body = String.join("\n", lines.subList(end + 1, lines.size()));
      return new FrontMatter(meta, body);
    }

    private static String unquote(String v) {
      if (v.length() >= 2
          && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
        return v.substring(1, v.length() - 1);
      }
      return v;
    }
  }
}
