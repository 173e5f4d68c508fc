package org.askdocs.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.askdocs.AskDocs;
import org.askdocs.AskOptions;
import org.askdocs.AskResult;
import org.askdocs.Passage;
import org.askdocs.PromptContext;
import org.askdocs.ingest.Chunk;
import org.askdocs.ingest.Chunker;
import org.askdocs.ingest.Format;
import org.askdocs.ingest.Section;
import org.askdocs.ingest.SourceDoc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz targets. Every build replays their regression inputs (src/test/resources, a folder per
 * target); {@code fuzz/run} fuzzes them for a bounded time (JAZZER_FUZZ=1). An input that throws,
 * or breaks an invariant, is a bug: fix it and keep the input here.
 */
class EngineFuzzTest {
  static AskDocs docs;

  @BeforeAll
  static void open() throws IOException {
    docs = AskDocs.open(Path.of("../corpus"), Files.createTempDirectory("askdocs-fuzz"));
  }

  @AfterAll
  static void close() throws IOException {
    docs.close();
  }

  /**
   * Any text is a question: no exception, the contract holds, snippets are escaped, the context
   * fits.
   */
  @FuzzTest(maxDuration = "60s")
  void questions(FuzzedDataProvider data) {
    int top = data.consumeInt(1, 50);
    String q = data.consumeRemainingAsString();
    if (q.length() > AskDocs.MAX_QUESTION_CHARS) {
      return;
    }
    AskResult r = docs.ask(q, new AskOptions(top));
    assertEquals(q, r.query());
    assertTrue(r.results().size() <= top);
    assertEquals(r.answered(), r.answer() != null);
    for (Passage p : r.results()) {
      assertFalse(p.snippet().contains("<script"));
    }
    assertTrue(PromptContext.of(r, 100).tokens() <= 100);
  }

  /** Every splitter of text takes any text: sections hold text, passages stay within the limit. */
  @FuzzTest(maxDuration = "60s")
  void splitters(FuzzedDataProvider data) {
    Format format =
        data.pickValue(java.util.Arrays.stream(Format.values()).filter(f -> !f.binary()).toList());
    String content = data.consumeRemainingAsString();
    SourceDoc doc =
        format.split("fuzz." + format.name().toLowerCase(java.util.Locale.ROOT), content);
    for (Section s : doc.sections()) {
      assertFalse(s.text().isBlank());
      for (Chunk c : Chunker.chunks(s)) {
        assertTrue(c.text().length() <= Chunker.MAX_CHARS);
      }
    }
  }
}
