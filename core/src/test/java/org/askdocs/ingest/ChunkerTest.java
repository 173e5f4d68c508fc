package org.askdocs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {
  private static Section section(String text) {
    return new Section(List.of("Doc", "Long part"), "long-part", text);
  }

  @Test
  void shortSectionsStayWhole() {
    List<Chunk> c = Chunker.chunks(section("Short."));
    assertEquals(List.of(new Chunk(section("Short."), 1, 1, "Short.")), c);
  }

  @Test
  void longSectionsSplitAtParagraphsKeepingPathAndAnchor() {
    String para = "This sentence is about forty characters. ".repeat(20).strip();
    String text = String.join("\n\n", para, para, para, para, para);
    List<Chunk> chunks = Chunker.chunks(section(text));
    assertTrue(chunks.size() >= 3, "split into " + chunks.size());
    StringBuilder joined = new StringBuilder();
    for (Chunk c : chunks) {
      assertTrue(c.text().length() <= Chunker.MAX_CHARS, "part of " + c.text().length() + " chars");
      assertEquals(List.of("Doc", "Long part"), c.section().headingPath());
      assertEquals("long-part", c.section().anchor());
      assertEquals(chunks.size(), c.parts());
      assertTrue(c.text().startsWith("This sentence"), "parts start at a paragraph");
      joined.append(joined.isEmpty() ? "" : "\n\n").append(c.text());
    }
    assertEquals(text, joined.toString(), "no text lost or duplicated");
  }

  @Test
  void aHugeParagraphIsCutAtSentencesAndARunOnWordAtTheLimit() {
    String sentences = "Short sentence number one here. ".repeat(200);
    String word = "x".repeat(5000);
    for (String text : List.of(sentences, word)) {
      List<Chunk> chunks = Chunker.chunks(section(text));
      int total = 0;
      for (Chunk c : chunks) {
        assertTrue(c.text().length() <= Chunker.MAX_CHARS);
        total += c.text().replace(" ", "").length();
      }
      assertEquals(text.replace(" ", "").length(), total);
    }
  }
}
