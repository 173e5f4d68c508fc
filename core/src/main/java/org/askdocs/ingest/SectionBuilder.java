package org.askdocs.ingest;

import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a stream of headings and paragraphs, as each splitter finds them, into sections with full
 * heading paths and unique anchors. Shared by all splitters so that every format gets the same
 * rules: the title is the root of every path, a leading lone top-level heading stands for the
 * title, and headings without text of their own make no section. Not thread-safe; one per document.
 */
final class SectionBuilder {
  private record Open(int level, String text, String anchor) {}

  private final Deque<Open> open = new ArrayDeque<>();
  private final Map<String, Integer> anchorsSeen = new HashMap<>();
  private final List<String> pendingHeadings = new ArrayList<>();
  private final List<Section> sections = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();
  private final int rootLevel;
  private String title;
  private String rootAnchor;
  private String anchorPrefix = "";
  private String textPrefix = "";

  /**
   * @param title the document title, or null when the first heading should provide it
   * @param rootLevel headings at this level or above stand for the document itself (usually the
   *     lone H1 of an article); use 0 when every heading is part of the path
   */
  SectionBuilder(String title, int rootLevel) {
    this.title = title;
    this.rootLevel = rootLevel;
  }

  /**
   * Puts a prefix before the anchors of the headings (and of text before any heading) that come
   * after: a PDF's sections start with their page ({@code page=3&backups}), so that the anchor
   * opens the original at the right page.
   */
  void anchorPrefix(String prefix) {
    anchorPrefix = prefix;
  }

  void heading(int level, String heading) {
    heading(level, heading, null);
  }

  /**
   * A heading with the anchor its document gives it (an HTML heading's {@code id}), so that a
   * result links to the original page at that heading; a blank or repeated id gets the slug
   * instead.
   */
  void heading(int level, String heading, String id) {
    String clean = collapse(heading);
    if (clean.isEmpty()) {
      return;
    }
    flush();
    if (level <= rootLevel) {
      if (title == null) {
        title = clean;
      }
      rootAnchor = anchorPrefix + anchor(clean, id);
      open.clear();
      return;
    }
    while (!open.isEmpty() && open.peekLast().level() >= level) {
      open.removeLast();
    }
    open.addLast(new Open(level, clean, anchorPrefix + anchor(clean, id)));
  }

  /** Adds one block of text (a paragraph, a list, a table, code) to the current section. */
  void paragraph(String block) {
    String clean = block.strip();
    if (clean.isEmpty()) {
      return;
    }
    if (!text.isEmpty()) {
      text.append("\n\n");
    } else {
      textPrefix = anchorPrefix;
    }
    text.append(clean);
  }

  List<Section> build(String fallbackTitle) {
    if (title == null) {
      title = fallbackTitle;
    }
    flush();
    // Sections met before the title was known carry a placeholder root: give them the title.
    List<Section> out = new ArrayList<>(sections.size());
    for (Section s : sections) {
      List<String> path = new ArrayList<>(s.headingPath());
      path.set(0, title);
      out.add(new Section(path, s.anchor(), s.text()));
    }
    return out;
  }

  String title(String fallbackTitle) {
    return title == null ? fallbackTitle : title;
  }

  private void flush() {
    if (text.isEmpty()) {
      return;
    }
    List<String> path = new ArrayList<>();
    path.add(title == null ? "" : title);
    open.forEach(o -> path.add(o.text()));
    String anchor;
    if (!open.isEmpty()) {
      anchor = open.peekLast().anchor();
    } else {
      if (rootAnchor == null) {
        rootAnchor = textPrefix + uniqueAnchor(title == null ? "top" : title);
      }
      anchor = rootAnchor;
    }
    sections.add(new Section(path, anchor, text.toString()));
    text.setLength(0);
  }

  private String anchor(String heading, String id) {
    if (id != null
        && !id.isBlank()
        && id.length() <= 200
        && !anchorsSeen.containsKey(id)
        && id.chars().noneMatch(Character::isWhitespace)) {
      anchorsSeen.put(id, 1);
      return id;
    }
    return uniqueAnchor(heading);
  }

  private String uniqueAnchor(String heading) {
    String base = slug(heading);
    if (base.isEmpty()) {
      base = "section";
    }
    int seen = anchorsSeen.merge(base, 1, Integer::sum);
    return seen == 1 ? base : base + "-" + (seen - 1);
  }

  /** GitHub-style anchor: lower case, punctuation dropped, spaces to hyphens. */
  static String slug(String heading) {
    String s = Normalizer.normalize(heading, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_') {
        out.appendCodePoint(cp);
      } else if (Character.isWhitespace(cp)) {
        out.append('-');
      }
    }
    return out.toString();
  }

  static String collapse(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }
}
