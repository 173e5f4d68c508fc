package org.askdocs.ingest;

import java.io.IOException;
import java.io.Writer;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionGoTo;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDNamedDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageXYZDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * PDF documents, read with Apache PDFBox as a person reads them: the text in the order it was
 * written (which follows columns for the PDFs word processors and browsers print), sections from
 * the outline (bookmarks) when the document has one and otherwise from the layout (lines set larger
 * or bolder than the body text), running headers, footers and page numbers left out, words
 * hyphenated at a line end joined again. Each section's anchor starts with its page ({@code
 * page=3&backups}), so that {@code file.pdf#page=3&backups} opens the original at that page.
 *
 * <p>Bounded: at most {@link #MEMORY_BYTES} of memory for the document's streams and {@link
 * #TIME_BUDGET_NANOS} of reading per file; a file past either is skipped, as are encrypted files,
 * damaged ones and scans without a text layer. Stateless and thread-safe.
 */
final class PdfReader {
  /** Most memory PDFBox may use for one document's decoded streams. */
  static final long MEMORY_BYTES = 256L << 20;

  /** Longest time spent extracting one document's text. */
  static final long TIME_BUDGET_NANOS = 30_000_000_000L;

  /** A line this much larger than the body text is a heading. */
  private static final float LARGER = 1.12f;

  private static final int MAX_HEADING_CHARS = 150;
  private static final Pattern PAGE_NUMBER =
      Pattern.compile(
          "(?i)(page\\s*)?(\\d{1,4}|[ivxlc]{1,6})(\\s*(/|of)\\s*\\d{1,4})?|-\\s*\\d{1,4}\\s*-");

  /** The end of a footer that counts pages: "file:///manual.html 2/5", "Page 2 of 5". */
  private static final Pattern PAGE_COUNTER =
      Pattern.compile("(?i).*?\\b(\\d{1,4})\\s*(?:/|of)\\s*(\\d{1,4})");

  /**
   * A date (and time) opening a small line at a page's edge: the header browsers print ("12/1/26,
   * 12:02 AM Title").
   */
  private static final Pattern PRINTED_AT =
      Pattern.compile("\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4}\\b");

  /**
   * A numbered heading: "3 Backups", "3.2 Schedule", "3.2. Schedule" (group 2 is a dot after a lone
   * number).
   */
  private static final Pattern NUMBERED =
      Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3})*)(\\.?)\\s+\\p{Lu}.*");

  private static final Pattern LIST_ITEM =
      Pattern.compile("([•◦▪‣●○■□–*-]|\\d{1,3}[.)]|[a-z][.)])\\s+\\S.*");

  private PdfReader() {}

  /**
   * One line of text as laid out: its page (from 1), its baseline's distance from the page top, and
   * style.
   */
  record Line(int page, float top, float size, boolean bold, String text, boolean paragraphStart) {
    Line withParagraphStart(boolean start) {
      return start == paragraphStart ? this : new Line(page, top, size, bold, text, start);
    }
  }

  /** A bookmark: a heading at a place in the document. */
  private record Mark(int level, String title, int page, float top) {}

  static SourceDoc read(String source, byte[] bytes) throws Unreadable {
    return read(source, bytes, TIME_BUDGET_NANOS);
  }

  static SourceDoc read(String source, byte[] bytes, long budgetNanos) throws Unreadable {
    long deadline = System.nanoTime() + budgetNanos;
    try (PDDocument doc =
        Loader.loadPDF(
            bytes,
            "",
            null,
            null,
            MemoryUsageSetting.setupMainMemoryOnly(MEMORY_BYTES).streamCache)) {
      Collector collector = new Collector(deadline);
      collector.getText(doc);
      List<Line> lines = collector.lines;
      if (lines.stream().allMatch(l -> l.text().isBlank())) {
        throw new Unreadable(
            doc.getNumberOfPages() == 0
                ? "a PDF without pages"
                : "no text layer (a scanned PDF? askdocs does not read text from images)");
      }
      PDDocumentInformation info = doc.getDocumentInformation();
      String title =
          info == null || info.getTitle() == null || info.getTitle().isBlank()
              ? null
              : SectionBuilder.collapse(info.getTitle());
      List<Mark> marks = outline(doc);
      List<Line> body = paragraphs(dropRunningLines(lines, doc.getNumberOfPages()));
      List<Section> sections;
      SectionBuilder sb;
      if (!marks.isEmpty()) {
        sb = new SectionBuilder(title, loneTopMark(marks, title) ? 1 : 0);
        byOutline(body, marks, sb);
      } else {
        sb = new SectionBuilder(title, 0);
        byLayout(body, sb);
      }
      String fallback = MarkdownSplitter.fileTitle(source);
      sections = sb.build(fallback);
      return new SourceDoc(source, sb.title(fallback), Format.PDF, metadata(info), sections);
    } catch (InvalidPasswordException e) {
      throw new Unreadable("encrypted: it needs a password to open");
    } catch (OutOfTime e) {
      throw new Unreadable(
          "took longer than "
              + (budgetNanos >= 1_000_000_000L
                  ? budgetNanos / 1_000_000_000L + " s"
                  : budgetNanos / 1_000_000L + " ms")
              + " to read (the limit for one file)");
    } catch (IOException e) {
      throw new Unreadable("not a readable PDF (" + firstLine(e.getMessage()) + ")");
    } catch (OutOfMemoryError e) {
      throw new Unreadable("needs more memory than " + (MEMORY_BYTES >> 20) + " MB to read");
    }
  }

  private static String firstLine(String s) {
    if (s == null || s.isBlank()) {
      return "damaged file";
    }
    String l = s.lines().findFirst().orElse("").strip();
    return l.length() > 120 ? l.substring(0, 120) + "…" : l;
  }

  private static Map<String, String> metadata(PDDocumentInformation info) {
    Map<String, String> m = new LinkedHashMap<>();
    if (info != null) {
      put(m, "author", info.getAuthor());
      put(m, "subject", info.getSubject());
      put(m, "keywords", info.getKeywords());
    }
    return m;
  }

  private static void put(Map<String, String> m, String key, String value) {
    if (value != null && !value.isBlank()) {
      m.put(key, value.strip());
    }
  }

  /** Thrown from inside PDFBox's text extraction when a file's time is up. */
  private static final class OutOfTime extends RuntimeException {
    OutOfTime() {
      super(null, null, false, false);
    }
  }

  /**
   * Collects the lines PDFBox's text extraction finds, with their page, position and style. The
   * order is the content stream's (no sorting by position): the PDFs people print put each column's
   * text together, where sorting would interleave the lines of side-by-side columns.
   */
  private static final class Collector extends PDFTextStripper {
    final List<Line> lines = new ArrayList<>();
    private final long deadline;
    private final StringBuilder text = new StringBuilder();
    private final Map<Float, Integer> sizes = new HashMap<>();
    private int boldChars;
    private int chars;
    private float top = Float.MAX_VALUE;
    private boolean paragraphStart = true;
    private int page;
    private int glyphs;

    Collector(long deadline) throws IOException {
      this.deadline = deadline;
      setSortByPosition(false);
      setSuppressDuplicateOverlappingText(true);
    }

    @Override
    protected void startPage(PDPage p) throws IOException {
      checkTime();
      page = getCurrentPageNo();
      paragraphStart = true;
    }

    @Override
    protected void processTextPosition(TextPosition t) {
      if ((++glyphs & 1023) == 0) {
        checkTime();
      }
      super.processTextPosition(t);
    }

    private void checkTime() {
      if (System.nanoTime() > deadline) {
        throw new OutOfTime();
      }
    }

    @Override
    protected void writeString(String s, List<TextPosition> positions) {
      text.append(s);
      for (TextPosition p : positions) {
        float size = p.getFontSizeInPt();
        if (!(size > 0) || size > 500) {
          size = p.getHeightDir();
        }
        sizes.merge(Math.round(size * 2) / 2f, 1, Integer::sum);
        chars++;
        if (isBold(p.getFont())) {
          boldChars++;
        }
        top = Math.max(top == Float.MAX_VALUE ? 0 : top, p.getYDirAdj()); // the baseline
      }
    }

    @Override
    protected void writeWordSeparator() {
      text.append(' ');
    }

    @Override
    protected void writeLineSeparator() {
      endLine();
    }

    @Override
    protected void writeParagraphStart() {
      endLine();
      paragraphStart = true;
    }

    @Override
    protected void writeParagraphEnd() {
      endLine();
    }

    @Override
    protected void writePageEnd() {
      endLine();
    }

    @Override
    protected void writePageStart() {}

    @Override
    protected void writeCharacters(TextPosition t) {}

    @Override
    protected void writeString(String s) {}

    private void endLine() {
      String s = SectionBuilder.collapse(text.toString());
      if (!s.isEmpty()) {
        float size =
            sizes.entrySet().stream()
                .max(
                    Map.Entry.<Float, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse(0f);
        lines.add(
            new Line(
                page,
                top == Float.MAX_VALUE ? 0 : top,
                size,
                chars > 0 && boldChars * 10 >= chars * 8,
                s,
                paragraphStart));
        paragraphStart = false;
      }
      text.setLength(0);
      sizes.clear();
      boldChars = 0;
      chars = 0;
      top = Float.MAX_VALUE;
    }

    // Nothing is written out: the lines are all that is kept.
    @Override
    public String getText(PDDocument doc) throws IOException {
      writeText(doc, Writer.nullWriter());
      return "";
    }
  }

  static boolean isBold(PDFont font) {
    if (font == null) {
      return false;
    }
    PDFontDescriptor d = font.getFontDescriptor();
    if (d != null && (d.isForceBold() || d.getFontWeight() >= 600)) {
      return true;
    }
    String name = font.getName() == null ? "" : font.getName().toLowerCase(Locale.ROOT);
    return name.contains("bold")
        || name.contains("black")
        || name.contains("heavy")
        || name.contains("semibold");
  }

  /**
   * Whether the only top-level bookmark holds all the others, or names the document: it stands for
   * the document.
   */
  private static boolean loneTopMark(List<Mark> marks, String title) {
    long top = marks.stream().filter(m -> m.level() == 1).count();
    return top == 1
        && (marks.size() > 1 || title != null && sameWords(marks.getFirst().title(), title));
  }

  /**
   * The bookmarks, flattened in document order with their depth; empty when none leads to a page.
   */
  private static List<Mark> outline(PDDocument doc) {
    List<Mark> out = new ArrayList<>();
    try {
      PDDocumentOutline root = doc.getDocumentCatalog().getDocumentOutline();
      if (root != null) {
        walk(doc, root, 1, out, new HashSet<>());
      }
    } catch (IOException | RuntimeException e) {
      return List.of(); // a broken outline: the layout still gives the sections
    }
    out.sort(Comparator.comparingInt(Mark::page).thenComparingDouble(Mark::top));
    return out;
  }

  private static void walk(
      PDDocument doc, PDOutlineNode node, int level, List<Mark> out, Set<PDOutlineItem> seen)
      throws IOException {
    for (PDOutlineItem item : node.children()) {
      if (!seen.add(item) || out.size() > 10_000) {
        return; // a looping or absurd outline
      }
      String title = item.getTitle() == null ? "" : SectionBuilder.collapse(item.getTitle());
      PDDestination dest = item.getDestination();
      if (dest == null && item.getAction() instanceof PDActionGoTo goTo) {
        dest = goTo.getDestination();
      }
      if (dest instanceof PDNamedDestination named) {
        dest = doc.getDocumentCatalog().findNamedDestinationPage(named);
      }
      if (dest instanceof PDPageDestination pd && !title.isEmpty()) {
        int page = pd.retrievePageNumber();
        if (page >= 0) {
          float top = 0;
          if (pd instanceof PDPageXYZDestination xyz && xyz.getTop() >= 0) {
            PDRectangle box = doc.getPage(page).getCropBox();
            top = Math.max(0, box.getUpperRightY() - xyz.getTop());
          }
          out.add(new Mark(level, title, page + 1, top));
        }
      }
      if (level < 6) {
        walk(doc, item, level + 1, out, seen);
      }
    }
  }

  /**
   * Leaves out running headers and footers: lines at the top or bottom of pages that repeat (digits
   * aside) on most pages, and page numbers there.
   */
  static List<Line> dropRunningLines(List<Line> lines, int pages) {
    Map<Integer, List<Integer>> byPage = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      byPage.computeIfAbsent(lines.get(i).page(), k -> new ArrayList<>()).add(i);
    }
    Set<Integer> edge = new HashSet<>();
    Map<String, Set<Integer>> pagesOf = new HashMap<>();
    for (var e : byPage.entrySet()) {
      List<Integer> idx = e.getValue();
      for (int k = 0; k < idx.size(); k++) {
        if (k < 2 || k >= idx.size() - 2) {
          int i = idx.get(k);
          edge.add(i);
          pagesOf
              .computeIfAbsent(runningKey(lines.get(i).text()), x -> new HashSet<>())
              .add(e.getKey());
        }
      }
    }
    int needed = Math.max(2, (pages + 1) / 2);
    float body = bodySize(lines);
    List<Line> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      if (edge.contains(i)
          && (PAGE_NUMBER.matcher(l.text()).matches()
              || pageCounter(l, pages)
              || l.size() <= body * 0.85f && PRINTED_AT.matcher(l.text()).lookingAt()
              || pages >= 2 && pagesOf.get(runningKey(l.text())).size() >= needed)) {
        continue;
      }
      out.add(l);
    }
    return out;
  }

  /** A line ending with its page's counter, "… 2/5" or "… 2 of 5", as browsers print in footers. */
  private static boolean pageCounter(Line l, int pages) {
    Matcher m = PAGE_COUNTER.matcher(l.text());
    return m.matches()
        && Integer.parseInt(m.group(1)) == l.page()
        && Integer.parseInt(m.group(2)) == pages;
  }

  /**
   * Where paragraphs start, from the spacing of lines: a gap wider than the usual distance between
   * lines, a change of size or weight, or a jump up (to the next column) starts one. PDFBox's own
   * guess takes every line of some PDFs (Chromium's) for a paragraph.
   */
  static List<Line> paragraphs(List<Line> lines) {
    Map<Float, Integer> gaps = new HashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      Line a = lines.get(i - 1);
      Line b = lines.get(i);
      // Lines closer than their size are sub- or superscripts, not lines of a paragraph.
      if (a.page() == b.page() && a.size() == b.size() && b.top() - a.top() >= a.size() * 0.9f) {
        gaps.merge(Math.round((b.top() - a.top()) * 2) / 2f, 1, Integer::sum);
      }
    }
    if (gaps.isEmpty()) {
      return lines;
    }
    // The line pitch: the smallest gap that recurs (short paragraphs can make the paragraph gap the
    // commonest).
    float pitch =
        gaps.entrySet().stream()
            .filter(e -> e.getValue() >= 2)
            .map(Map.Entry::getKey)
            .min(Float::compare)
            .orElseGet(() -> gaps.keySet().stream().min(Float::compare).orElseThrow());
    List<Line> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      Line b = lines.get(i);
      if (i == 0) {
        out.add(b.withParagraphStart(true));
        continue;
      }
      Line a = lines.get(i - 1);
      float gap = b.top() - a.top();
      boolean start =
          a.page() != b.page()
              || gap <= 0
              || gap > pitch * 1.35f
              || Math.abs(a.size() - b.size()) > 0.5f
              || a.bold() != b.bold();
      out.add(b.withParagraphStart(start));
    }
    return out;
  }

  private static String runningKey(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("\\d+", "#").replaceAll("\\s+", " ").strip();
  }

  /** Sections from the bookmarks: each line belongs to the last bookmark placed before it. */
  private static void byOutline(List<Line> lines, List<Mark> marks, SectionBuilder sb) {
    Paragraphs para = new Paragraphs(sb);
    int next = 0;
    sb.anchorPrefix(pagePrefix(lines.isEmpty() ? 1 : lines.getFirst().page()));
    Mark current = null;
    for (Line l : lines) {
      while (next < marks.size()
          && (marks.get(next).page() < l.page()
              || marks.get(next).page() == l.page() && marks.get(next).top() <= l.top() + 1)) {
        current = marks.get(next++);
        para.flush();
        sb.anchorPrefix(pagePrefix(current.page()));
        sb.heading(current.level(), current.title());
      }
      if (current != null && sameWords(l.text(), current.title())) {
        continue; // the heading as printed on the page
      }
      para.add(l);
    }
    para.flush();
  }

  private static boolean sameWords(String line, String title) {
    String a = words(line);
    String b = words(title);
    return !a.isEmpty() && (a.equals(b) || b.startsWith(a) && a.length() * 2 >= b.length());
  }

  private static String words(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKC)
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}]+", " ")
        .strip();
  }

  /** The body text's size: the one most characters are set in. */
  static float bodySize(List<Line> lines) {
    Map<Float, Integer> chars = new HashMap<>();
    for (Line l : lines) {
      chars.merge(l.size(), l.text().length(), Integer::sum);
    }
    return chars.entrySet().stream()
        .max(
            Map.Entry.<Float, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(Map.Entry::getKey)
        .orElse(0f);
  }

  /**
   * Sections from the layout: lines larger than the body text, or bold lines standing alone, are
   * headings.
   */
  private static void byLayout(List<Line> lines, SectionBuilder sb) {
    float body = bodySize(lines);
    boolean[] heading = new boolean[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      boolean alone =
          l.paragraphStart()
              && (i + 1 == lines.size()
                  || lines.get(i + 1).paragraphStart()
                  || lines.get(i + 1).size() != l.size()
                  || lines.get(i + 1).bold() != l.bold());
      heading[i] =
          looksLikeHeading(l.text())
              && (l.size() >= body * LARGER || l.bold() && l.size() >= body * 0.95f && alone);
    }
    // Numbered headings set like the body text ("3.2 Backups" alone between gaps) are headings too,
    // below the styled ones, one level per step of numbering; "1. Install" is a list item.
    int[] numbered = new int[lines.size()];
    int numberedCount = 0;
    int minDepth = Integer.MAX_VALUE;
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      Matcher m = NUMBERED.matcher(l.text());
      boolean alone =
          l.paragraphStart() && (i + 1 == lines.size() || lines.get(i + 1).paragraphStart());
      if (!heading[i]
          && alone
          && l.text().length() <= 80
          && m.matches()
          && ".,;:".indexOf(l.text().charAt(l.text().length() - 1)) < 0) {
        int depth = m.group(1).split("\\.").length;
        if (depth > 1 || m.group(2).isEmpty()) {
          numbered[i] = depth;
          numberedCount++;
          minDepth = Math.min(minDepth, depth);
        }
      }
    }
    if (numberedCount < 2) {
      java.util.Arrays.fill(numbered, 0); // one numbered line is not a scheme of headings
    }
    // Heading styles, largest first (bold before regular at one size), give the levels.
    List<Float> styles = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (heading[i]) {
        float key = styleKey(lines.get(i));
        if (!styles.contains(key)) {
          styles.add(key);
        }
      }
    }
    styles.sort(Comparator.reverseOrder());
    // A largest heading that opens the document and is the only one of its size is its title,
    // as a lone <h1> is a page's.
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (heading[i] && !continuesHeading(lines, heading, i)) {
        starts.add(i);
      }
    }
    float top = styles.isEmpty() ? -1 : styles.getFirst();
    boolean titleLine =
        (styles.size() > 1 || numberedCount >= 2)
            && !starts.isEmpty()
            && styleKey(lines.get(starts.getFirst())) == top
            && starts.stream().filter(i -> styleKey(lines.get(i)) == top).count() == 1;
    Paragraphs para = new Paragraphs(sb);
    sb.anchorPrefix(pagePrefix(lines.isEmpty() ? 1 : lines.getFirst().page()));
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      if (numbered[i] > 0) {
        para.flush();
        sb.anchorPrefix(pagePrefix(l.page()));
        sb.heading(styles.size() - (titleLine ? 1 : 0) + numbered[i] - minDepth + 1, l.text());
        continue;
      }
      if (!heading[i]) {
        para.add(l);
        continue;
      }
      StringBuilder text = new StringBuilder(l.text());
      while (i + 1 < lines.size() && continuesHeading(lines, heading, i + 1)) {
        text.append(' ').append(lines.get(++i).text());
      }
      para.flush();
      sb.anchorPrefix(pagePrefix(l.page()));
      // Level 0 is the title's: the root of every heading path.
      sb.heading(
          titleLine && styleKey(l) == top ? 0 : styles.indexOf(styleKey(l)) + (titleLine ? 0 : 1),
          text.toString());
    }
    para.flush();
  }

  /**
   * Whether a heading line continues the heading on the line before (a heading set on two lines).
   */
  private static boolean continuesHeading(List<Line> lines, boolean[] heading, int i) {
    return i > 0
        && heading[i]
        && heading[i - 1]
        && !lines.get(i).paragraphStart()
        && styleKey(lines.get(i)) == styleKey(lines.get(i - 1))
        && lines.get(i).page() == lines.get(i - 1).page();
  }

  /** Size first, bold as a half step: a bold line of a size outranks a regular one of it. */
  private static float styleKey(Line l) {
    return l.size() * 4 + (l.bold() ? 1 : 0);
  }

  /** Short, with a letter, not a sentence (cut mid-way or whole) nor a list item. */
  private static boolean looksLikeHeading(String text) {
    if (text.length() > MAX_HEADING_CHARS || text.chars().noneMatch(Character::isLetter)) {
      return false;
    }
    char last = text.charAt(text.length() - 1);
    // A bold sentence standing alone ("Do not unplug the node.") is emphasis, not a heading.
    return last != ',' && last != ';' && last != '-' && last != '.' && !text.startsWith("•");
  }

  private static String pagePrefix(int page) {
    return "page=" + page + "&";
  }

  /**
   * Joins the lines of paragraphs: words hyphenated at a line end are joined again, list items keep
   * a line each, and a paragraph that runs on to the next page continues there.
   */
  private static final class Paragraphs {
    private final SectionBuilder sb;
    private final StringBuilder text = new StringBuilder();
    private Line last;

    Paragraphs(SectionBuilder sb) {
      this.sb = sb;
    }

    void add(Line l) {
      if (last != null && l.paragraphStart() && !continuesOnNextPage(last, l)) {
        flush();
      }
      if (text.isEmpty()) {
        text.append(l.text());
      } else if (LIST_ITEM.matcher(l.text()).matches()) {
        text.append('\n').append(l.text());
      } else {
        joinLine(text, l.text());
      }
      last = l;
    }

    void flush() {
      sb.paragraph(text.toString());
      text.setLength(0);
      last = null;
    }

    private static boolean continuesOnNextPage(Line before, Line after) {
      if (after.page() != before.page() + 1 || after.text().isEmpty()) {
        return false;
      }
      char end = before.text().charAt(before.text().length() - 1);
      return Character.isLowerCase(after.text().charAt(0)) && ".!?:".indexOf(end) < 0;
    }
  }

  /** Appends a line to a paragraph: a word hyphenated at the end of the line is joined again. */
  static void joinLine(StringBuilder text, String line) {
    int n = text.length();
    char last = text.charAt(n - 1);
    if (last == '\u00AD') {
      text.setLength(n - 1);
      text.append(line);
    } else if (last == '-'
        && n >= 2
        && Character.isLetter(text.charAt(n - 2))
        && !line.isEmpty()
        && Character.isLowerCase(line.charAt(0))) {
      text.setLength(n - 1);
      text.append(line);
    } else {
      text.append(' ').append(line);
    }
  }
}
