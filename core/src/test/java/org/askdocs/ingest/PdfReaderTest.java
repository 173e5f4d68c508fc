package org.askdocs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PDFs as Chromium prints them (runbook.html → runbook.pdf with the default header and footer,
 * runbook-outline.pdf with bookmarks and none), and PDFs askdocs cannot read.
 */
class PdfReaderTest {
  private static final Path FIXTURES = Path.of("src/test/resources/formats");
  @TempDir Path dir;

  private static final List<List<String>> PATHS =
      List.of(
          List.of("Storage Operations Runbook"),
          List.of("Storage Operations Runbook", "1 Overview"),
          List.of("Storage Operations Runbook", "2 Backups"),
          List.of("Storage Operations Runbook", "2 Backups", "2.1 Backup schedule"),
          List.of("Storage Operations Runbook", "2 Backups", "2.2 Restoring a file"),
          List.of("Storage Operations Runbook", "3 Incident response"),
          List.of("Storage Operations Runbook", "3 Incident response", "3.1 Escalation contacts"),
          List.of("Storage Operations Runbook", "4 Decommissioning a node"));
  private static final List<String> ANCHORS =
      List.of(
          "page=1&storage-operations-runbook",
          "page=1&1-overview",
          "page=1&2-backups",
          "page=1&21-backup-schedule",
          "page=1&22-restoring-a-file",
          "page=1&3-incident-response",
          "page=2&31-escalation-contacts",
          "page=3&4-decommissioning-a-node");

  private static Corpus.Outcome read(Path file, String source) throws IOException {
    return Corpus.read(new Corpus.FileEntry(source, file, Files.size(file), 0));
  }

  private Corpus.Outcome read(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return read(p, name);
  }

  private static void assertRunbook(SourceDoc doc) {
    assertEquals(Format.PDF, doc.format());
    assertEquals("Storage Operations Runbook", doc.title());
    assertEquals(PATHS, doc.sections().stream().map(Section::headingPath).toList());
    assertEquals(ANCHORS, doc.sections().stream().map(Section::anchor).toList());
    assertEquals(
        "Incremental backups run every night at 01:30 UTC and a full backup runs every Sunday at"
            + " 03:00 UTC. Nightly backups are kept for 35 days and weekly full backups are kept"
            + " for one year.",
        doc.sections().get(3).text());
    // Two paragraphs, each of several printed lines joined again.
    assertEquals(2, doc.sections().get(5).text().split("\n\n").length);
  }

  @Test
  void
      aChromiumPrintedPdfWithoutBookmarksIsSplitByItsHeadingsSizesAndItsRunningHeaderAndFooterAreDropped()
          throws IOException {
    SourceDoc doc =
        assertInstanceOf(Corpus.Read.class, read(FIXTURES.resolve("runbook.pdf"), "runbook.pdf"))
            .doc();
    assertRunbook(doc);
    // Chromium's header (date, title) and footer (file URL, "1/3") are on every page: not text.
    for (Section s : doc.sections()) {
      assertFalse(s.text().contains("runbook.html") || s.text().matches("(?s).*\\d/3.*"), s.text());
    }
  }

  @Test
  void aPdfWithBookmarksIsSplitByItsOutline() throws IOException {
    SourceDoc doc =
        assertInstanceOf(
                Corpus.Read.class,
                read(FIXTURES.resolve("runbook-outline.pdf"), "runbook-outline.pdf"))
            .doc();
    assertRunbook(doc);
  }

  /**
   * A two-column manual as typeset by hand: a large title, numbered bold headings of the body's
   * size, a word hyphenated at a line end, a running header and page numbers on both pages.
   */
  @Test
  void boldHeadingsOfBodySizeColumnsHyphenationAndPageNumbersAreReadAsAPersonReadsThem()
      throws IOException {
    PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    try (PDDocument doc = new PDDocument()) {
      for (int page = 1; page <= 2; page++) {
        PDPage p = new PDPage();
        doc.addPage(p);
        try (PDPageContentStream cs = new PDPageContentStream(doc, p)) {
          text(cs, regular, 9, 72, 760, "Backup Guide - internal use only");
          if (page == 1) {
            text(cs, bold, 18, 72, 720, "Backup Guide");
            // Left column, then right column: the order they were written in is the reading order.
            column(
                cs,
                regular,
                bold,
                72,
                680,
                "1 Scope",
                "This guide covers the file servers",
                "of the head office and the branches.");
            column(
                cs,
                regular,
                bold,
                72,
                580,
                "2 Schedule",
                "Backups run nightly at 02:00 and are",
                "kept on tape for ninety days.");
            text(
                cs,
                bold,
                11,
                72,
                516,
                "Never skip a nightly backup."); // emphasis standing alone, not a heading
            column(
                cs,
                regular,
                bold,
                320,
                680,
                "3 Restores",
                "A restore overwrites the target, so it is irre-",
                "versible once started; check the path first.");
          } else {
            column(
                cs,
                regular,
                bold,
                72,
                720,
                "4 Contacts",
                "Questions go to the storage team by",
                "email or through the service desk.");
          }
          text(cs, regular, 9, 300, 40, Integer.toString(page));
        }
      }
      SourceDoc read = assertInstanceOf(Corpus.Read.class, read("guide.pdf", bytes(doc))).doc();
      assertEquals("Backup Guide", read.title());
      assertEquals(
          List.of(
              List.of("Backup Guide", "1 Scope"), List.of("Backup Guide", "2 Schedule"),
              List.of("Backup Guide", "3 Restores"), List.of("Backup Guide", "4 Contacts")),
          read.sections().stream().map(Section::headingPath).toList());
      assertEquals(
          List.of("page=1&1-scope", "page=1&2-schedule", "page=1&3-restores", "page=2&4-contacts"),
          read.sections().stream().map(Section::anchor).toList());
      assertEquals(
          List.of(
              "This guide covers the file servers of the head office and the branches.",
              "Backups run nightly at 02:00 and are kept on tape for ninety days.\n\n"
                  + "Never skip a nightly backup.",
              "A restore overwrites the target, so it is irreversible once started; check the path"
                  + " first.",
              "Questions go to the storage team by email or through the service desk."),
          read.sections().stream().map(Section::text).toList());
    }
  }

  @Test
  void numberedHeadingsSetLikeTheBodyTextAreHeadingsOneLevelPerStepButNumberedListItemsAreNot()
      throws IOException {
    PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    try (PDDocument doc = new PDDocument()) {
      PDPage p = new PDPage();
      doc.addPage(p);
      try (PDPageContentStream cs = new PDPageContentStream(doc, p)) {
        text(cs, bold, 16, 72, 740, "Network Runbook");
        // Paragraphs of lines 14 pt apart, with 28 pt between paragraphs and around headings.
        String[][] blocks = {
          {"1 Firewalls"}, {"All inbound traffic is denied unless a", "rule allows it."},
          {"1.1 Rule reviews"}, {"Rules are reviewed every quarter by the", "network team."},
          {"1. Export the rules"}, {"2. Compare them with the last review"},
          {"2 VPN"}, {"Remote staff connect through the VPN", "gateway."}
        };
        float y = 700;
        for (String[] block : blocks) {
          for (String line : block) {
            text(cs, regular, 11, 72, y, line);
            y -= 14;
          }
          y -= 14;
        }
      }
      SourceDoc read = assertInstanceOf(Corpus.Read.class, read("network.pdf", bytes(doc))).doc();
      assertEquals("Network Runbook", read.title());
      assertEquals(
          List.of(
              List.of("Network Runbook", "1 Firewalls"),
              List.of("Network Runbook", "1 Firewalls", "1.1 Rule reviews"),
              List.of("Network Runbook", "2 VPN")),
          read.sections().stream().map(Section::headingPath).toList());
      assertEquals(
          "Rules are reviewed every quarter by the network team.\n\n"
              + "1. Export the rules\n\n"
              + "2. Compare them with the last review",
          read.sections().get(1).text());
    }
  }

  private static void column(
      PDPageContentStream cs,
      PDType1Font regular,
      PDType1Font bold,
      float x,
      float y,
      String heading,
      String... lines)
      throws IOException {
    text(cs, bold, 11, x, y, heading);
    for (int i = 0; i < lines.length; i++) {
      text(cs, regular, 11, x, y - 22 - 14 * i, lines[i]);
    }
  }

  private static void text(
      PDPageContentStream cs, PDType1Font font, float size, float x, float y, String text)
      throws IOException {
    cs.beginText();
    cs.setFont(font, size);
    cs.newLineAtOffset(x, y);
    cs.showText(text);
    cs.endText();
  }

  @Test
  void aPasswordProtectedPdfIsSkippedAsEncrypted() throws IOException {
    try (PDDocument doc = onePage("Secret plans")) {
      StandardProtectionPolicy policy =
          new StandardProtectionPolicy("owner", "user", new AccessPermission());
      policy.setEncryptionKeyLength(128);
      doc.protect(policy);
      assertEquals(
          new Corpus.Skipped("secret.pdf", "encrypted: it needs a password to open"),
          read("secret.pdf", bytes(doc)));
    }
  }

  @Test
  void aPdfThatTakesLongerThanItsTimeBudgetIsGivenUp() throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int page = 0; page < 200; page++) {
        PDPage p = new PDPage();
        doc.addPage(p);
        try (PDPageContentStream cs = new PDPageContentStream(doc, p)) {
          for (int line = 0; line < 50; line++) {
            text(
                cs,
                font,
                11,
                72,
                750 - 14 * line,
                "Line " + line + " of page " + page + " says nothing in particular at length.");
          }
        }
      }
      byte[] pdf = bytes(doc);
      long start = System.nanoTime();
      Unreadable e =
          org.junit.jupiter.api.Assertions.assertThrows(
              Unreadable.class, () -> PdfReader.read("long.pdf", pdf, 20_000_000L));
      assertEquals("took longer than 20 ms to read (the limit for one file)", e.reason());
      assertTrue(System.nanoTime() - start < 2_000_000_000L, "given up soon after the budget");
    }
  }

  @Test
  void aPdfWithoutATextLayerIsSkippedAsAScan() throws IOException {
    try (PDDocument doc = new PDDocument()) {
      doc.addPage(new PDPage());
      assertEquals(
          new Corpus.Skipped(
              "scan.pdf", "no text layer (a scanned PDF? askdocs does not read text from images)"),
          read("scan.pdf", bytes(doc)));
    }
  }

  @Test
  void garbageAndTruncatedFilesNamedPdfAreSkippedAsUnreadable() throws IOException {
    Corpus.Skipped garbage =
        assertInstanceOf(
            Corpus.Skipped.class, read("garbage.pdf", "this is not a PDF at all".getBytes()));
    assertTrue(garbage.reason().startsWith("not a readable PDF ("), garbage.reason());
    byte[] whole = Files.readAllBytes(FIXTURES.resolve("runbook.pdf"));
    Corpus.Outcome cut = read("cut.pdf", java.util.Arrays.copyOf(whole, whole.length / 3));
    // PDFBox repairs what it can: a truncated file is either read in part or skipped, never thrown.
    assertTrue(cut instanceof Corpus.Skipped || cut instanceof Corpus.Read, cut.toString());
  }

  @Test
  void wordsHyphenatedAtALineEndAreJoinedAndOtherHyphensKept() {
    StringBuilder text = new StringBuilder("The migration is irre-");
    PdfReader.joinLine(text, "versible once started, and read-");
    PdfReader.joinLine(text, "Only volumes stay.");
    assertEquals(
        "The migration is irreversible once started, and read- Only volumes stay.",
        text.toString());
  }

  @Test
  void pageNumbersAndLinesRepeatedAtTheTopOfMostPagesAreDropped() {
    List<PdfReader.Line> lines =
        List.of(
            line(1, "ACME Manual — Confidential"),
            line(1, "Install the agent first."),
            line(1, "1"),
            line(2, "ACME Manual — Confidential"),
            line(2, "Then configure it."),
            line(2, "Page 2 of 3"),
            line(3, "ACME Manual — Confidential"),
            line(3, "Finally start it."),
            line(3, "- 3 -"));
    assertEquals(
        List.of("Install the agent first.", "Then configure it.", "Finally start it."),
        PdfReader.dropRunningLines(lines, 3).stream().map(PdfReader.Line::text).toList());
  }

  @Test
  void aOnePageBrowserPrintLosesItsDateHeaderAndPageCounterFooter() {
    List<PdfReader.Line> lines =
        List.of(
            new PdfReader.Line(1, 20, 8, false, "12/1/26, 12:02 AM Short Note", true),
            new PdfReader.Line(
                1, 80, 11, false, "The VPN gateway restarts every Sunday at 04:00.", true),
            new PdfReader.Line(1, 100, 11, false, "Ask the network team on 2/3 of the days.", true),
            new PdfReader.Line(1, 780, 8, false, "file:///tmp/note.html 1/1", true));
    assertEquals(
        List.of(
            "The VPN gateway restarts every Sunday at 04:00.",
            "Ask the network team on 2/3 of the days."),
        PdfReader.dropRunningLines(lines, 1).stream().map(PdfReader.Line::text).toList());
  }

  private static PdfReader.Line line(int page, String text) {
    return new PdfReader.Line(page, 0, 11, false, text, true);
  }

  private static PDDocument onePage(String text) throws IOException {
    PDDocument doc = new PDDocument();
    PDPage page = new PDPage();
    doc.addPage(page);
    try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
      cs.beginText();
      cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
      cs.newLineAtOffset(72, 700);
      cs.showText(text);
      cs.endText();
    }
    return doc;
  }

  private static byte[] bytes(PDDocument doc) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    doc.save(out);
    return out.toByteArray();
  }
}
