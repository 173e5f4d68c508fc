package org.askdocs.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.sl.usermodel.Placeholder;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFGroupShape;
import org.apache.poi.xslf.usermodel.XSLFNotes;
import org.apache.poi.xslf.usermodel.XSLFShape;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTable;
import org.apache.poi.xslf.usermodel.XSLFTableCell;
import org.apache.poi.xslf.usermodel.XSLFTableRow;
import org.apache.poi.xslf.usermodel.XSLFTextParagraph;
import org.apache.poi.xslf.usermodel.XSLFTextShape;

/**
 * PowerPoint decks (.pptx), read with Apache POI: one section per slide under the slide's title (or
 * "Slide N" when it has none), its text boxes in reading order (top to bottom, then left to right),
 * bullet points one a line and indented by level, tables one row a line with each cell named by its
 * column ({@link Tables}), then the speaker notes. The deck's title is the document properties'
 * title, else the first slide's. Each anchor starts with its slide ({@code slide=3&…}). Stateless
 * and thread-safe.
 */
final class PptxReader {
  private PptxReader() {}

  static SourceDoc read(String source, byte[] bytes) throws Unreadable {
    if (bytes.length >= 8
        && (bytes[0] & 0xFF) == 0xD0
        && (bytes[1] & 0xFF) == 0xCF
        && (bytes[2] & 0xFF) == 0x11) {
      throw new Unreadable(DocxReader.ole2Reason(bytes, "PowerPoint", "ppt", "pptx"));
    }
    try (XMLSlideShow deck = new XMLSlideShow(new ByteArrayInputStream(bytes))) {
      String title = null;
      Map<String, String> meta = new LinkedHashMap<>();
      POIXMLProperties.CoreProperties core = deck.getProperties().getCoreProperties();
      if (core != null) {
        if (core.getTitle() != null && !core.getTitle().isBlank()) {
          title = core.getTitle().strip();
        }
        if (core.getCreator() != null && !core.getCreator().isBlank()) {
          meta.put("author", core.getCreator().strip());
        }
      }
      SectionBuilder sb = new SectionBuilder(title, 0);
      List<XSLFSlide> slides = deck.getSlides();
      for (int i = 0; i < slides.size(); i++) {
        XSLFSlide slide = slides.get(i);
        int number = i + 1;
        String slideTitle = title(slide);
        sb.anchorPrefix("slide=" + number + "&");
        if (i == 0 && title == null && !slideTitle.isEmpty()) {
          sb.heading(0, slideTitle); // the title slide names the deck
        } else {
          sb.heading(1, slideTitle.isEmpty() ? "Slide " + number : slideTitle);
        }
        shapes(slide.getShapes(), sb, 0);
        XSLFNotes notes = slide.getNotes();
        if (notes != null) {
          for (XSLFShape s : notes.getShapes()) {
            if (s instanceof XSLFTextShape t && t.getPlaceholder() == Placeholder.BODY) {
              sb.paragraph(text(t));
            }
          }
        }
      }
      String fallback = MarkdownSplitter.fileTitle(source);
      return new SourceDoc(source, sb.title(fallback), Format.PPTX, meta, sb.build(fallback));
    } catch (IOException
        | org.apache.poi.UnsupportedFileFormatException
        | org.apache.poi.ooxml.POIXMLException e) {
      throw new Unreadable("not a readable PowerPoint .pptx file (" + DocxReader.reason(e) + ")");
    }
  }

  /**
   * The text of the slide's title placeholder (a title slide's is a "centered title"), or empty.
   */
  private static String title(XSLFSlide slide) {
    for (XSLFShape s : slide.getShapes()) {
      if (s instanceof XSLFTextShape t
          && (t.getPlaceholder() == Placeholder.TITLE
              || t.getPlaceholder() == Placeholder.CENTERED_TITLE)) {
        String text = SectionBuilder.collapse(t.getText() == null ? "" : t.getText());
        if (!text.isEmpty()) {
          return text;
        }
      }
    }
    return "";
  }

  /** A slide's shapes in reading order; titles are already the heading. */
  private static void shapes(List<XSLFShape> shapes, SectionBuilder sb, int depth) {
    List<XSLFShape> ordered = new ArrayList<>(shapes);
    ordered.sort(
        Comparator.comparingDouble((XSLFShape s) -> top(s)).thenComparingDouble(PptxReader::left));
    for (XSLFShape s : ordered) {
      switch (s) {
        case XSLFTextShape t -> {
          Placeholder p = t.getPlaceholder();
          if (p != Placeholder.TITLE
              && p != Placeholder.CENTERED_TITLE
              && p != Placeholder.SLIDE_NUMBER
              && p != Placeholder.FOOTER
              && p != Placeholder.DATETIME) {
            sb.paragraph(text(t));
          }
        }
        case XSLFTable table -> sb.paragraph(table(table));
        case XSLFGroupShape g when depth < 5 -> shapes(g.getShapes(), sb, depth + 1);
        default -> {}
      }
    }
  }

  private static double top(XSLFShape s) {
    try {
      return s.getAnchor() == null ? 0 : s.getAnchor().getY();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static double left(XSLFShape s) {
    try {
      return s.getAnchor() == null ? 0 : s.getAnchor().getX();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** A text box's paragraphs, one a line, bullet points indented by their level. */
  private static String text(XSLFTextShape t) {
    StringBuilder out = new StringBuilder();
    for (XSLFTextParagraph p : t.getTextParagraphs()) {
      String line = SectionBuilder.collapse(p.getText() == null ? "" : p.getText());
      if (line.isEmpty()) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append("  ".repeat(Math.max(0, Math.min(8, p.getIndentLevel())))).append(line);
    }
    return out.toString();
  }

  private static String table(XSLFTable t) {
    return Tables.text(t.getRows().stream().map(PptxReader::cells).toList());
  }

  private static List<String> cells(XSLFTableRow row) {
    List<String> out = new ArrayList<>();
    for (XSLFTableCell c : row.getCells()) {
      out.add(SectionBuilder.collapse(c.getText() == null ? "" : c.getText()));
    }
    return out;
  }
}
