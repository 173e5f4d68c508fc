package org.askdocs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.xslf.usermodel.SlideLayout;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFSlideLayout;
import org.apache.poi.xslf.usermodel.XSLFTable;
import org.apache.poi.xslf.usermodel.XSLFTableRow;
import org.apache.poi.xslf.usermodel.XSLFTextParagraph;
import org.apache.poi.xslf.usermodel.XSLFTextShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class PptxReaderTest {
  @TempDir Path dir;

  private Corpus.Outcome read(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return Corpus.read(new Corpus.FileEntry(name, p, bytes.length, 0));
  }

  /**
   * An onboarding deck: a title slide, a slide of bullet points with speaker notes, a slide with a
   * table.
   */
  public static byte[] onboardingDeck() throws IOException {
    try (XMLSlideShow deck = new XMLSlideShow()) {
      XSLFSlideLayout titleLayout = deck.getSlideMasters().getFirst().getLayout(SlideLayout.TITLE);
      XSLFSlideLayout content =
          deck.getSlideMasters().getFirst().getLayout(SlideLayout.TITLE_AND_CONTENT);
      XSLFSlide first = deck.createSlide(titleLayout);
      first.getPlaceholder(0).setText("New Starter Onboarding");
      first.getPlaceholder(1).setText("Welcome to the platform team");

      XSLFSlide week = deck.createSlide(content);
      week.getPlaceholder(0).setText("Your first week");
      XSLFTextShape body = week.getPlaceholder(1);
      body.clearText();
      bullet(body, "Collect your laptop from the IT desk on day one", 0);
      bullet(body, "Ask for the VPN token at the same time", 1);
      bullet(body, "Shadow the on-call engineer on Thursday", 0);
      for (XSLFTextShape notes : deck.getNotesSlide(week).getPlaceholders()) {
        if (notes.getPlaceholder() == org.apache.poi.sl.usermodel.Placeholder.BODY) {
          notes.setText("Remind them that the building opens at 7:30.");
        }
      }

      XSLFSlide tools = deck.createSlide(content);
      tools.getPlaceholder(0).setText("Tools and access");
      tools.removeShape(tools.getPlaceholder(1));
      XSLFTable table = tools.createTable();
      table.setAnchor(new Rectangle2D.Double(50, 150, 600, 200));
      String[][] cells = {
        {"Tool", "How to get access"},
        {"Grafana", "Request the viewer role in the access portal"},
        {"PagerDuty", "Your manager adds you"}
      };
      for (String[] r : cells) {
        XSLFTableRow row = table.addRow();
        for (String c : r) {
          row.addCell().setText(c);
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      deck.write(out);
      return out.toByteArray();
    }
  }

  private static void bullet(XSLFTextShape shape, String text, int level) {
    XSLFTextParagraph p = shape.addNewTextParagraph();
    p.setIndentLevel(level);
    p.addNewTextRun().setText(text);
  }

  @Test
  void eachSlideIsASectionUnderItsTitleWithBulletsTablesAndNotes() throws IOException {
    SourceDoc doc =
        assertInstanceOf(Corpus.Read.class, read("onboarding.pptx", onboardingDeck())).doc();
    assertEquals(Format.PPTX, doc.format());
    assertEquals("New Starter Onboarding", doc.title());
    assertEquals(
        List.of(
            List.of("New Starter Onboarding"),
            List.of("New Starter Onboarding", "Your first week"),
            List.of("New Starter Onboarding", "Tools and access")),
        doc.sections().stream().map(Section::headingPath).toList());
    assertEquals(
        List.of(
            "slide=1&new-starter-onboarding",
            "slide=2&your-first-week",
            "slide=3&tools-and-access"),
        doc.sections().stream().map(Section::anchor).toList());
    assertEquals("Welcome to the platform team", doc.sections().get(0).text());
    assertEquals(
        "Collect your laptop from the IT desk on day one\n"
            + "  Ask for the VPN token at the same time\n"
            + "Shadow the on-call engineer on Thursday\n\n"
            + "Remind them that the building opens at 7:30.",
        doc.sections().get(1).text());
    assertEquals(
        "Tool: Grafana; How to get access: Request the viewer role in the access portal\n"
            + "Tool: PagerDuty; How to get access: Your manager adds you",
        doc.sections().get(2).text());
  }

  @Test
  void garbageAndOldPptNamedPptxAreSkippedWithTheReason() throws IOException {
    Corpus.Skipped s =
        assertInstanceOf(Corpus.Skipped.class, read("garbage.pptx", "not a deck".getBytes()));
    assertTrue(s.reason().startsWith("not a readable PowerPoint .pptx file ("), s.reason());
    try (org.apache.poi.poifs.filesystem.POIFSFileSystem fs =
        new org.apache.poi.poifs.filesystem.POIFSFileSystem()) {
      fs.createDocument(new java.io.ByteArrayInputStream(new byte[64]), "PowerPoint Document");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      fs.writeFilesystem(out);
      assertEquals(
          new Corpus.Skipped(
              "old.pptx",
              "an old binary PowerPoint .ppt file named .pptx (askdocs reads .pptx only; save it as"
                  + " .pptx)"),
          read("old.pptx", out.toByteArray()));
    }
  }
}
