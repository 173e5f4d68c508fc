package org.askdocs.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * HTML documents: h1–h6 give the heading path; navigation, scripts, styles and other page chrome
 * are dropped; block elements separate paragraphs. Stateless and thread-safe.
 */
final class HtmlSplitter {
  private static final String CHROME =
      "nav, script, style, noscript, template, svg, iframe, header nav, footer, aside, form,"
          + " button, [hidden], [aria-hidden=true]";
  private static final Set<String> BLOCKS =
      Set.of(
          "p",
          "div",
          "li",
          "tr",
          "pre",
          "blockquote",
          "dd",
          "dt",
          "section",
          "article",
          "main",
          "table",
          "ul",
          "ol",
          "dl",
          "br",
          "figcaption",
          "details",
          "summary",
          "hr");

  private HtmlSplitter() {}

  static SourceDoc split(String source, String content) {
    Document doc = Jsoup.parse(content);
    doc.select(CHROME).remove();
    Map<String, String> meta = new LinkedHashMap<>();
    for (Element m : doc.select("meta[name][content]")) {
      meta.putIfAbsent(m.attr("name"), m.attr("content"));
    }
    String title = doc.title().isBlank() ? null : SectionBuilder.collapse(doc.title());
    Element body = doc.body();
    var h1s = body.select("h1");
    Element firstHeading = body.selectFirst("h1, h2, h3, h4, h5, h6");
    boolean loneH1 = h1s.size() == 1 && firstHeading == h1s.first();
    SectionBuilder sb = new SectionBuilder(title, loneH1 ? 1 : 0);
    StringBuilder text = new StringBuilder();
    body.traverse(
        new NodeVisitor() {
          @Override
          public void head(Node node, int depth) {
            if (node instanceof Element e && isHeading(e)) {
              sb.paragraph(tidy(text.toString()));
              text.setLength(0);
              sb.heading(e.tagName().charAt(1) - '0', e.text(), id(e));
            } else if (node instanceof TextNode t && !insideHeading(t)) {
              boolean pre = t.parent() instanceof Element p && p.closest("pre") != null;
              text.append(pre ? t.getWholeText() : t.text());
            }
          }

          @Override
          public void tail(Node node, int depth) {
            if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
              text.append('\n');
              if (e.normalName().equals("p")
                  || e.normalName().equals("pre")
                  || e.normalName().equals("table")) {
                sb.paragraph(tidy(text.toString()));
                text.setLength(0);
              }
            }
          }
        });
    sb.paragraph(tidy(text.toString()));
    String fallback = MarkdownSplitter.fileTitle(source);
    return new SourceDoc(source, sb.title(fallback), Format.HTML, meta, sb.build(fallback));
  }

  /**
   * The heading's anchor on its page: its id, or that of an anchor inside it ({@code <a id>},
   * {@code <a name>}).
   */
  private static String id(Element heading) {
    if (!heading.id().isBlank()) {
      return heading.id();
    }
    Element a = heading.selectFirst("[id], a[name]");
    return a == null ? null : !a.id().isBlank() ? a.id() : a.attr("name");
  }

  private static boolean isHeading(Element e) {
    String n = e.normalName();
    return n.length() == 2 && n.charAt(0) == 'h' && n.charAt(1) >= '1' && n.charAt(1) <= '6';
  }

  private static boolean insideHeading(TextNode t) {
    for (Node p = t.parent(); p != null; p = p.parent()) {
      if (p instanceof Element e && isHeading(e)) {
        return true;
      }
    }
    return false;
  }

  /** Joins the lines of a text run, dropping empty lines and runs of blanks. */
  private static String tidy(String s) {
    StringBuilder out = new StringBuilder();
    for (String line : s.split("\n")) {
      String l = line.replaceAll("[ \\t\\x0B\\f\\r\\u00A0]+", " ").strip();
      if (!l.isEmpty()) {
        if (!out.isEmpty()) {
          out.append('\n');
        }
        out.append(l);
      }
    }
    return out.toString();
  }
}
