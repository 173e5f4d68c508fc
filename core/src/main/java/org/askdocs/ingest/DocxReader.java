package org.askdocs.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFSDT;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTDecimalNumber;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;

/**
 * Word documents (.docx), read with Apache POI: headings from the heading styles ("Heading 1", and
 * styles based on them) or a paragraph's outline level, the "Title" style or the document
 * properties' title as the title, list items one per line (numbered ones with their number), and
 * tables one row per line, each cell named by its column's header ({@link Tables}).
 *
 * <p>Bounded: POI refuses zip entries that inflate past {@link #MAX_ENTRY_BYTES} or by an absurd
 * ratio (zip bombs). Encrypted files and old binary .doc files named .docx are skipped with the
 * reason. Stateless and thread-safe.
 */
final class DocxReader {
  static final long MAX_ENTRY_BYTES = 256L << 20;

  /**
   * "heading 1" … "heading 9", Word's names of its built-in heading styles (ids vary by language).
   */
  private static final Pattern HEADING_NAME = Pattern.compile("(?i)heading\\s*([1-9])");

  /** Word's styles of table-of-contents lines ("TOC1", "TOC Heading"). */
  private static final Pattern TOC_STYLE = Pattern.compile("(?i)toc\\s*(\\d|heading).*");

  /** A line ending with a page number, as a table of contents' lines do. */
  private static final Pattern PAGE_REF = Pattern.compile(".*\\S[\\s.·…]+\\d{1,4}");

  static {
    ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
  }

  private DocxReader() {}

  static SourceDoc read(String source, byte[] bytes) throws Unreadable {
    if (bytes.length >= 8
        && (bytes[0] & 0xFF) == 0xD0
        && (bytes[1] & 0xFF) == 0xCF
        && (bytes[2] & 0xFF) == 0x11) {
      throw new Unreadable(ole2Reason(bytes, "Word", "doc", "docx"));
    }
    try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(bytes))) {
      String title = null;
      Map<String, String> meta = new LinkedHashMap<>();
      POIXMLProperties.CoreProperties core = doc.getProperties().getCoreProperties();
      if (core != null) {
        title = blankToNull(core.getTitle());
        if (blankToNull(core.getCreator()) != null) {
          meta.put("author", core.getCreator().strip());
        }
        if (blankToNull(core.getSubject()) != null) {
          meta.put("subject", core.getSubject().strip());
        }
      }
      Walker w = new Walker(doc.getStyles(), title);
      w.body(doc.getBodyElements(), 0);
      w.flushList();
      String fallback = MarkdownSplitter.fileTitle(source);
      return new SourceDoc(source, w.sb.title(fallback), Format.DOCX, meta, w.sb.build(fallback));
    } catch (IOException
        | org.apache.poi.UnsupportedFileFormatException
        | org.apache.poi.ooxml.POIXMLException e) {
      throw new Unreadable("not a readable Word .docx file (" + reason(e) + ")");
    }
  }

  static String reason(Exception e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String l = m.lines().findFirst().orElse("").strip();
    return l.length() > 120 ? l.substring(0, 120) + "…" : l;
  }

  /**
   * An OLE2 container: either an encrypted Office file (a password-protected package) or an old
   * binary one.
   */
  static String ole2Reason(byte[] bytes, String app, String oldExt, String ext) {
    try (POIFSFileSystem fs = new POIFSFileSystem(new ByteArrayInputStream(bytes))) {
      if (fs.getRoot().hasEntry("EncryptedPackage")) {
        return "encrypted: it needs a password to open";
      }
      return "an old binary "
          + app
          + " ."
          + oldExt
          + " file named ."
          + ext
          + " (askdocs reads ."
          + ext
          + " only; save it as ."
          + ext
          + ")";
    } catch (IOException | RuntimeException e) {
      return "not a readable " + app + " ." + ext + " file (a damaged OLE2 container)";
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** Walks the body in order, feeding headings and blocks to a section builder. Not thread-safe. */
  private static final class Walker {
    final SectionBuilder sb;
    private final XWPFStyles styles;
    private final Map<String, Integer> levels = new HashMap<>();
    private final StringBuilder list = new StringBuilder();
    private final Map<String, Integer> counters = new HashMap<>();
    private boolean titleSeen;

    Walker(XWPFStyles styles, String title) {
      this.styles = styles;
      this.sb = new SectionBuilder(title, 0);
    }

    void body(List<IBodyElement> elements, int depth) {
      for (IBodyElement e : elements) {
        switch (e) {
          case XWPFParagraph p -> paragraph(p);
          case XWPFTable t -> {
            flushList();
            table(t, depth);
          }
          case XWPFSDT sdt -> {
            flushList();
            String text = sdt.getContent().getText();
            if (!isTableOfContents(text)) {
              sb.paragraph(text);
            }
          }
          default -> {}
        }
      }
    }

    private void paragraph(XWPFParagraph p) {
      String text = SectionBuilder.collapse(p.getText().replace('\u00A0', ' '));
      if (text.isEmpty()) {
        return;
      }
      String style = p.getStyleID();
      if (style != null && TOC_STYLE.matcher(style).matches()) {
        return; // a line of the table of contents: the headings themselves follow
      }
      if (!titleSeen && style != null && isTitleStyle(style)) {
        flushList();
        titleSeen = true;
        sb.heading(0, text); // the document's title: the root of every heading path
        return;
      }
      int level = outlineLevel(p);
      if (level > 0) {
        flushList();
        counters.clear();
        sb.heading(level, text);
        return;
      }
      BigInteger num = p.getNumID();
      if (num != null) {
        if (p.getNumIlvl() == null) {
          p.setNumILvl(
              BigInteger
                  .ZERO); // Word's default level, which POI needs to find the numbering format
        }
        int ilvl = p.getNumIlvl().intValue();
        String fmt = p.getNumFmt();
        String marker;
        if (fmt == null || fmt.equals("bullet") || fmt.equals("none")) {
          marker = "•";
        } else {
          String key = num + ":" + ilvl;
          int n = counters.merge(key, 1, Integer::sum);
          // A deeper level restarts when a shallower item comes.
          counters
              .keySet()
              .removeIf(
                  k ->
                      k.startsWith(num + ":")
                          && Integer.parseInt(k.substring(k.indexOf(':') + 1)) > ilvl);
          marker =
              (fmt.startsWith("lower")
                      ? lowerLetters(n, fmt)
                      : fmt.startsWith("upper")
                          ? lowerLetters(n, fmt).toUpperCase(Locale.ROOT)
                          : Integer.toString(n))
                  + ".";
        }
        if (!list.isEmpty()) {
          list.append('\n');
        }
        list.append("  ".repeat(Math.min(ilvl, 8))).append(marker).append(' ').append(text);
        return;
      }
      flushList();
      sb.paragraph(text);
    }

    /** A table of contents in a content control: most of its lines end with a page number. */
    private static boolean isTableOfContents(String text) {
      List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      boolean titled = !lines.isEmpty() && lines.getFirst().matches("(?i)(table of )?contents");
      if (titled) {
        lines = lines.subList(1, lines.size());
      }
      long numbered = lines.stream().filter(l -> PAGE_REF.matcher(l).matches()).count();
      // One line ending in a number ("Revision 3") is a value, not a table of contents.
      return (titled ? numbered >= 1 : numbered >= 2) && numbered * 10 >= lines.size() * 6;
    }

    private static String lowerLetters(int n, String fmt) {
      if (fmt.contains("Roman")) {
        String[] r = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"};
        return n <= r.length ? r[n - 1] : Integer.toString(n);
      }
      return n <= 26 ? String.valueOf((char) ('a' + n - 1)) : Integer.toString(n);
    }

    void flushList() {
      if (!list.isEmpty()) {
        sb.paragraph(list.toString());
        list.setLength(0);
      }
    }

    /**
     * Each row a line, cells named by the first row's (the header's) cells; a nested table is read
     * after its cell's text.
     */
    private void table(XWPFTable t, int depth) {
      List<XWPFTableRow> rows = t.getRows();
      if (rows.isEmpty()) {
        return;
      }
      sb.paragraph(Tables.text(rows.stream().map(Walker::cells).toList()));
      if (depth < 3) {
        for (XWPFTableRow row : rows) {
          for (XWPFTableCell cell : row.getTableCells()) {
            for (XWPFTable nested : cell.getTables()) {
              table(nested, depth + 1);
            }
          }
        }
      }
    }

    private static List<String> cells(XWPFTableRow row) {
      List<String> out = new ArrayList<>();
      for (XWPFTableCell c : row.getTableCells()) {
        StringBuilder text = new StringBuilder();
        for (XWPFParagraph p : c.getParagraphs()) {
          String s = SectionBuilder.collapse(p.getText());
          if (!s.isEmpty()) {
            if (!text.isEmpty()) {
              text.append(' ');
            }
            text.append(s);
          }
        }
        out.add(text.toString());
      }
      return out;
    }

    private boolean isTitleStyle(String styleId) {
      XWPFStyle s = styles == null ? null : styles.getStyle(styleId);
      String name = s != null && s.getName() != null ? s.getName() : styleId;
      return name.equalsIgnoreCase("title");
    }

    /**
     * 1–9 for a heading: the paragraph's own outline level, else its style's (following "based
     * on").
     */
    private int outlineLevel(XWPFParagraph p) {
      CTPPr ppr = p.getCTPPr();
      if (ppr != null && ppr.isSetOutlineLvl()) {
        return bodyOrLevel(ppr.getOutlineLvl());
      }
      String style = p.getStyleID();
      return style == null ? 0 : levels.computeIfAbsent(style, this::styleLevel);
    }

    private int styleLevel(String styleId) {
      Set<String> seen = new HashSet<>();
      String id = styleId;
      while (id != null && styles != null && seen.add(id)) {
        XWPFStyle s = styles.getStyle(id);
        if (s == null) {
          break;
        }
        CTStyle ct = s.getCTStyle();
        if (ct.isSetPPr() && ct.getPPr().isSetOutlineLvl()) {
          return bodyOrLevel(ct.getPPr().getOutlineLvl());
        }
        Matcher m = HEADING_NAME.matcher(s.getName() == null ? "" : s.getName());
        if (m.matches()) {
          return m.group(1).charAt(0) - '0';
        }
        id = s.getBasisStyleID();
      }
      Matcher m = HEADING_NAME.matcher(styleId);
      return m.matches() ? m.group(1).charAt(0) - '0' : 0;
    }

    /** Word's outline levels are 0–8 for headings and 9 for body text. */
    private static int bodyOrLevel(CTDecimalNumber lvl) {
      int v = lvl.getVal() == null ? 9 : lvl.getVal().intValue();
      return v >= 0 && v <= 8 ? v + 1 : 0;
    }
  }
}
