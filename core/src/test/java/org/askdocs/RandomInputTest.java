package org.askdocs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.askdocs.ingest.Chunk;
import org.askdocs.ingest.Chunker;
import org.askdocs.ingest.Format;
import org.askdocs.ingest.Section;
import org.askdocs.ingest.SourceDoc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random hostile inputs from a fixed seed (so a failure replays): questions built from query
 * syntax, markup, control and astral characters, and documents built from Markdown, HTML and text
 * fragments. {@code -Daskdocs.random.iterations=N} runs longer.
 */
class RandomInputTest {
  static final int ITERATIONS = Integer.getInteger("askdocs.random.iterations", 400);
  static final String[] PIECES = {
    "who",
    "handles",
    "patching",
    " ",
    " ",
    "AND",
    "OR",
    "NOT",
    "\"",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "*",
    "?",
    "~",
    "^",
    ":",
    "\\",
    "/",
    "-",
    "+",
    "&&",
    "||",
    "C++",
    "field:value",
    "[1 TO 5]",
    "<script>",
    "</b>",
    "&amp;",
    "\u0000",
    "\u0007",
    "\n",
    "\t",
    "\r",
    "\uFEFF",
    "é",
    "ß",
    "ﬁ",
    "İ",
    "🙂",
    "\uD83D",
    "\u202E",
    "漢字",
    "مرحبا",
    "AVS",
    "vSAN",
    "# ",
    "## ",
    "```",
    "> [!NOTE]",
    "- ",
    "1. ",
    "| a | b |",
    "|---|",
    "---",
    "[!INCLUDE [x](y.md)]",
    ":::image",
    "<h1>",
    "</h1>",
    "<p>",
    "<nav>",
    "<!--",
    "-->",
    "<![CDATA[",
    "x".repeat(300)
  };
  @TempDir static Path index;
  static AskDocs docs;

  @BeforeAll
  static void open() throws IOException {
    docs = AskDocs.open(Path.of("../corpus"), index);
  }

  @AfterAll
  static void close() throws IOException {
    docs.close();
  }

  static String random(Random r, int maxPieces) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(maxPieces + 1);
    for (int i = 0; i < n; i++) {
      b.append(PIECES[r.nextInt(PIECES.length)]);
      if (r.nextInt(4) == 0) {
        b.appendCodePoint(r.nextInt(0x3000));
      }
    }
    return b.toString();
  }

  @Test
  void anyQuestionKeepsTheContract() {
    Random r = new Random(20261123);
    for (int i = 0; i < ITERATIONS; i++) {
      String q = random(r, 30);
      int top = 1 + r.nextInt(50);
      AskResult res = docs.ask(q, new AskOptions(top));
      assertEquals(q, res.query());
      assertTrue(res.results().size() <= top, q);
      assertEquals(res.answered(), res.answer() != null);
      for (Passage p : res.results()) {
        assertFalse(p.snippet().contains("<script"), "snippets are escaped: " + q);
      }
      assertTrue(PromptContext.of(res, 100).tokens() <= 100, q);
    }
  }

  @Test
  void anyDocumentSplitsIntoSectionsWithTextAndPassagesWithinTheLimit() {
    Random r = new Random(11232026);
    for (int i = 0; i < ITERATIONS; i++) {
      String content = random(r, 200);
      for (Format f : Format.values()) {
        if (f.binary()) {
          continue; // read from bytes: see the next test
        }
        SourceDoc doc = f.split("random." + f.name().toLowerCase(), content);
        for (Section s : doc.sections()) {
          assertFalse(s.text().isBlank());
          for (Chunk c : Chunker.chunks(s)) {
            assertTrue(c.text().length() <= Chunker.MAX_CHARS);
          }
        }
      }
    }
  }

  /**
   * PDF, Word and PowerPoint files damaged anywhere (bytes of real files overwritten at random, or
   * cut short) are read or skipped with a reason: never an exception, never a hang.
   */
  @Test
  void damagedPdfWordAndPowerPointFilesAreReadOrSkippedNeverThrown(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    Random r = new Random(11302026);
    java.util.Map<String, byte[]> originals =
        java.util.Map.of(
            "pdf",
                java.nio.file.Files.readAllBytes(
                    java.nio.file.Path.of("src/test/resources/formats/runbook.pdf")),
            "docx", org.askdocs.ingest.DocxReaderTest.leavePolicy(),
            "pptx", org.askdocs.ingest.PptxReaderTest.onboardingDeck());
    for (var e : originals.entrySet()) {
      for (int i = 0; i < 40; i++) {
        byte[] b = e.getValue().clone();
        if (i % 4 == 3) {
          b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
        } else {
          for (int k = 0; k < 1 + r.nextInt(20); k++) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
          }
        }
        java.nio.file.Path folder =
            java.nio.file.Files.createDirectories(dir.resolve(e.getKey() + "-" + i));
        java.nio.file.Files.write(folder.resolve("damaged." + e.getKey()), b);
        org.askdocs.ingest.Corpus.Outcome o =
            org.askdocs.ingest.Corpus.read(org.askdocs.ingest.Corpus.list(folder).getFirst());
        if (o instanceof org.askdocs.ingest.Corpus.Skipped s) {
          assertFalse(s.reason().isBlank());
        }
      }
    }
  }
}
