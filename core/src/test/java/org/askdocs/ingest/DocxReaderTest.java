package org.askdocs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xwpf.usermodel.XWPFAbstractNum;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFNumbering;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTAbstractNum;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTLvl;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STNumberFormat;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

public class DocxReaderTest {
  @TempDir Path dir;

  private Corpus.Outcome read(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return Corpus.read(new Corpus.FileEntry(name, p, bytes.length, 0));
  }

  /**
   * A leave policy as people write them in Word: a title, heading styles, a numbered procedure, a
   * table.
   */
  public static byte[] leavePolicy() throws IOException {
    try (XWPFDocument doc = new XWPFDocument()) {
      style(doc, "Title", "Title", -1);
      style(doc, "Heading1", "heading 1", 0);
      style(doc, "Heading2", "heading 2", 1);
      paragraph(doc, "Title", "Annual Leave Policy");
      paragraph(doc, null, "This policy applies to all permanent and fixed-term employees.");
      paragraph(doc, "Heading1", "Entitlement");
      paragraph(
          doc, null, "Full-time employees receive 25 days of paid annual leave per calendar year.");
      paragraph(doc, "Heading2", "Carrying over unused leave");
      paragraph(
          doc,
          null,
          "Up to five unused days may be carried over into the first quarter of the next year.");
      paragraph(doc, "Heading1", "Requesting leave");
      paragraph(doc, null, "Employees request leave through the HR portal:");
      BigInteger num = numbering(doc);
      for (String step :
          List.of(
              "Open the HR portal and choose Time off.",
              "Pick the dates and submit.",
              "Wait for your manager's approval.")) {
        paragraph(doc, null, step).setNumID(num);
      }
      paragraph(doc, "Heading1", "Notice periods");
      XWPFTable t = doc.createTable(3, 2);
      String[][] cells = {
        {"Leave length", "Notice required"},
        {"Up to 2 days", "1 week"},
        {"3 days or more", "4 weeks"}
      };
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 2; c++) {
          t.getRow(r).getCell(c).setText(cells[r][c]);
        }
      }
      // A heading made by a paragraph's own outline level, in no heading style.
      XWPFParagraph outlined = paragraph(doc, null, "Public holidays");
      outlined.getCTPPr().addNewOutlineLvl().setVal(BigInteger.ZERO);
      paragraph(doc, null, "Public holidays are given in addition to annual leave.");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.write(out);
      return out.toByteArray();
    }
  }

  private static XWPFParagraph paragraph(XWPFDocument doc, String style, String text) {
    XWPFParagraph p = doc.createParagraph();
    if (style != null) {
      p.setStyle(style);
    }
    p.createRun().setText(text);
    return p;
  }

  private static void style(XWPFDocument doc, String id, String name, int outline) {
    CTStyle ct = CTStyle.Factory.newInstance();
    ct.setStyleId(id);
    ct.addNewName().setVal(name);
    ct.setType(STStyleType.PARAGRAPH);
    if (outline >= 0) {
      ct.addNewPPr().addNewOutlineLvl().setVal(BigInteger.valueOf(outline));
    }
    doc.createStyles().addStyle(new XWPFStyle(ct));
  }

  private static BigInteger numbering(XWPFDocument doc) {
    CTAbstractNum abs = CTAbstractNum.Factory.newInstance();
    abs.setAbstractNumId(BigInteger.ONE);
    CTLvl lvl = abs.addNewLvl();
    lvl.setIlvl(BigInteger.ZERO);
    lvl.addNewNumFmt().setVal(STNumberFormat.DECIMAL);
    lvl.addNewLvlText().setVal("%1.");
    XWPFNumbering numbering = doc.createNumbering();
    return numbering.addNum(numbering.addAbstractNum(new XWPFAbstractNum(abs)));
  }

  @Test
  void headingStylesOutlineLevelsListsAndTablesAreKept() throws IOException {
    SourceDoc doc =
        assertInstanceOf(Corpus.Read.class, read("leave-policy.docx", leavePolicy())).doc();
    assertEquals(Format.DOCX, doc.format());
    assertEquals("Annual Leave Policy", doc.title());
    assertEquals(
        List.of(
            List.of("Annual Leave Policy"),
            List.of("Annual Leave Policy", "Entitlement"),
            List.of("Annual Leave Policy", "Entitlement", "Carrying over unused leave"),
            List.of("Annual Leave Policy", "Requesting leave"),
            List.of("Annual Leave Policy", "Notice periods"),
            List.of("Annual Leave Policy", "Public holidays")),
        doc.sections().stream().map(Section::headingPath).toList());
    assertEquals(
        List.of(
            "annual-leave-policy",
            "entitlement",
            "carrying-over-unused-leave",
            "requesting-leave",
            "notice-periods",
            "public-holidays"),
        doc.sections().stream().map(Section::anchor).toList());
    assertEquals(
        "Employees request leave through the HR portal:\n\n"
            + "1. Open the HR portal and choose Time off.\n"
            + "2. Pick the dates and submit.\n"
            + "3. Wait for your manager's approval.",
        doc.sections().get(3).text());
    assertEquals(
        "Leave length: Up to 2 days; Notice required: 1 week\n"
            + "Leave length: 3 days or more; Notice required: 4 weeks",
        doc.sections().get(4).text());
  }

  @Test
  void aDocumentWithAChartIsRead() throws Exception {
    try (XWPFDocument doc = new XWPFDocument()) {
      paragraph(doc, "Heading1", "Sales");
      paragraph(doc, null, "Sales grew in every quarter.");
      doc.createChart(4_000_000, 3_000_000);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.write(out);
      SourceDoc read =
          assertInstanceOf(Corpus.Read.class, read("chart.docx", out.toByteArray())).doc();
      assertEquals(List.of("chart", "Sales"), read.sections().getFirst().headingPath());
      assertEquals("Sales grew in every quarter.", read.sections().getFirst().text());
    }
  }

  @Test
  void aTableOfContentsIsNotText() throws Exception {
    try (XWPFDocument doc = new XWPFDocument()) {
      style(doc, "Heading1", "heading 1", 0);
      paragraph(doc, "TOC1", "Entitlement\t1");
      paragraph(doc, "Heading1", "Entitlement");
      paragraph(doc, null, "Full-time employees receive 25 days.");
      doc.createTOC();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.write(out);
      SourceDoc read =
          assertInstanceOf(Corpus.Read.class, read("toc.docx", out.toByteArray())).doc();
      assertEquals(
          List.of(List.of("toc", "Entitlement")),
          read.sections().stream().map(Section::headingPath).toList());
      assertEquals("Full-time employees receive 25 days.", read.sections().getFirst().text());
    }
  }

  @Test
  void garbageNamedDocxIsSkippedAsUnreadable() throws IOException {
    Corpus.Skipped s =
        assertInstanceOf(
            Corpus.Skipped.class, read("garbage.docx", "PK not really a zip".getBytes()));
    assertTrue(s.reason().startsWith("not a readable Word .docx file ("), s.reason());
  }

  @Test
  void anEncryptedDocxAndAnOldDocNamedDocxAreSkippedWithTheirReason() throws IOException {
    assertEquals(
        new Corpus.Skipped("locked.docx", "encrypted: it needs a password to open"),
        read("locked.docx", ole2("EncryptedPackage")));
    assertEquals(
        new Corpus.Skipped(
            "old.docx",
            "an old binary Word .doc file named .docx (askdocs reads .docx only; save it as"
                + " .docx)"),
        read("old.docx", ole2("WordDocument")));
  }

  /**
   * An OLE2 container with one entry: how Word stores a password-protected .docx, and old .doc
   * files.
   */
  private static byte[] ole2(String entry) throws IOException {
    try (POIFSFileSystem fs = new POIFSFileSystem()) {
      fs.createDocument(new java.io.ByteArrayInputStream(new byte[64]), entry);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      fs.writeFilesystem(out);
      return out.toByteArray();
    }
  }
}
