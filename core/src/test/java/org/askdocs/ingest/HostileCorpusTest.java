package org.askdocs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.askdocs.AskDocs;
import org.askdocs.index.IndexReport;
import org.askdocs.index.Indexer;
import org.askdocs.index.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that break naive indexers: each is indexed sensibly or skipped with a reason, and the rest
 * of the corpus always indexes.
 */
class HostileCorpusTest {
  @TempDir Path corpus;
  @TempDir Path index;

  @Test
  void everyHostileFileIsIndexedOrSkippedWithAReasonAndTheGoodOneAlwaysIndexes()
      throws IOException {
    Files.writeString(
        corpus.resolve("good.md"), "# Good\n\n## Rotation\n\nKeys rotate every year.\n");
    Files.write(corpus.resolve("empty.md"), new byte[0]);
    Files.write(corpus.resolve("binary.md"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3});
    Files.write(
        corpus.resolve("latin1.txt"),
        "Caf\u00e9 menu\nThe cr\u00e8me is fine.\n".getBytes(StandardCharsets.ISO_8859_1));
    Files.write(
        corpus.resolve("utf16.md"),
        "\uFEFF# Wide\n\nUTF-16 text.\n".getBytes(StandardCharsets.UTF_16BE));
    Files.writeString(corpus.resolve("nested.md"), "# Nested\n\n" + nestedList(2000));
    Files.writeString(
        corpus.resolve("longline.txt"), "Long line\n" + "word ".repeat(100_000) + "\n");
    Files.writeString(corpus.resolve("headings-only.md"), "# A\n\n## B\n\n### C\n");
    Files.writeString(
        corpus.resolve("html.html"),
        "<html><body><script>"
            + "x".repeat(100_000)
            + "</script><h1>Only</h1><p>Text.</p></body></html>");
    Files.createSymbolicLink(corpus.resolve("loop-a.md"), corpus.resolve("loop-b.md"));
    Files.createSymbolicLink(corpus.resolve("loop-b.md"), corpus.resolve("loop-a.md"));
    Files.createDirectories(corpus.resolve("dir"));
    Files.createSymbolicLink(corpus.resolve("dir/up"), corpus);

    IndexReport r = new Indexer(index).update(corpus, null, Progress.NONE, true);
    List<String> indexed = r.indexed().stream().map(IndexReport.Indexed::source).toList();
    assertEquals(
        List.of("good.md", "html.html", "latin1.txt", "longline.txt", "nested.md", "utf16.md"),
        indexed);
    assertEquals(
        List.of(
            new IndexReport.Skipped("binary.md", "binary content, not text"),
            new IndexReport.Skipped("empty.md", "no text to index"),
            new IndexReport.Skipped("headings-only.md", "no text to index"),
            new IndexReport.Skipped(
                "loop-a.md",
                "unreadable (a broken or looping symbolic link, or no permission to see it)"),
            new IndexReport.Skipped(
                "loop-b.md",
                "unreadable (a broken or looping symbolic link, or no permission to see it)")),
        r.skipped());
    try (AskDocs docs = AskDocs.open(corpus, index)) {
      assertEquals(
          "good.md#rotation", docs.ask("how often do keys rotate").results().getFirst().id());
      assertTrue(docs.ask("word word").results().getFirst().id().startsWith("longline.txt#"));
    }
  }

  @Test
  void aLinkToAFileOutsideTheCorpusIsNeverReadButALinkInsideIs(@TempDir Path outside)
      throws IOException {
    Files.writeString(outside.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    Files.writeString(
        corpus.resolve("good.md"), "# Good\n\n## Rotation\n\nKeys rotate every year.\n");
    Files.createSymbolicLink(corpus.resolve("passwd.txt"), outside.resolve("passwd"));
    Files.createDirectories(corpus.resolve("sub"));
    Files.createSymbolicLink(
        corpus.resolve("sub/dotdot.txt"), Path.of("../../" + outside.getFileName() + "/passwd"));
    Files.createSymbolicLink(corpus.resolve("alias.md"), corpus.resolve("good.md"));

    IndexReport r = new Indexer(index).update(corpus, null, Progress.NONE, true);
    assertEquals(
        List.of("alias.md", "good.md"),
        r.indexed().stream().map(IndexReport.Indexed::source).toList());
    String outsideReason =
        "a link to a file outside the corpus; askdocs reads only files inside the corpus folder";
    assertEquals(
        List.of(
            new IndexReport.Skipped("passwd.txt", outsideReason),
            new IndexReport.Skipped("sub/dotdot.txt", outsideReason)),
        r.skipped());
    try (AskDocs docs = AskDocs.open(corpus, index)) {
      assertTrue(
          docs.ask("root bin bash").results().stream().noneMatch(p -> p.text().contains("root:")));
      assertTrue(docs.section("passwd.txt#passwd").isEmpty());
    }
  }

  @Test
  void everyLegalFileNameGetsItsOwnSourceAndNoFileIsLost() throws IOException {
    Files.createDirectories(corpus.resolve("sub"));
    Files.writeString(
        corpus.resolve("sub/install.md"), "# Install\n\nRun the installer from the folder.\n");
    Files.writeString(
        corpus.resolve("sub\\install.md"),
        "# Install by name\n\nThe backslash belongs to the name.\n");
    Files.writeString(corpus.resolve("line\nbreak.md"), "# Break\n\nA newline in a name.\n");
    Files.writeString(
        corpus.resolve("\u001b[31mred.md"), "# Red\n\nAn escape sequence in a name.\n");
    byte[] latin1Name = "caf\u00e9.md".getBytes(StandardCharsets.ISO_8859_1);
    byte[] otherName = "caf\u00e8.md".getBytes(StandardCharsets.ISO_8859_1);
    Path a = rawName(latin1Name);
    Path b = rawName(otherName);
    Files.writeString(a, "# Latin one\n\nNamed in Latin-1.\n");
    Files.writeString(b, "# Latin two\n\nAlso named in Latin-1.\n");

    List<String> sources = Corpus.list(corpus).stream().map(Corpus.FileEntry::source).toList();
    assertEquals(
        List.of(
            "\u001b[31mred.md",
            "caf%E8.md",
            "caf%E9.md",
            "line\nbreak.md",
            "sub/install.md",
            "sub\\install.md"),
        sources);
    IndexReport r = new Indexer(index).update(corpus, null, Progress.NONE, true);
    assertEquals(6, r.indexed().size());
    assertEquals(List.of(), r.skipped());
    assertEquals(Corpus.list(corpus), Corpus.list(corpus), "the same sources on every run");
    assertTrue(
        new Indexer(index).update(corpus, null, Progress.NONE, false).indexed().isEmpty(),
        "nothing to re-index: the sources are stable");
  }

  /**
   * A file in the corpus whose name is these bytes, not valid UTF-8 (made through the name's URI,
   * the JDK's raw-byte door).
   */
  private Path rawName(byte[] name) {
    StringBuilder escaped = new StringBuilder();
    for (byte x : name) {
      escaped.append(
          x >= 0x21 && x < 0x7f && x != '%'
              ? String.valueOf((char) x)
              : String.format("%%%02X", x & 0xff));
    }
    return Path.of(java.net.URI.create(corpus.toUri() + escaped.toString()));
  }

  @Test
  void aFileDeletedWhileIndexingIsSkippedWithThatReason() throws IOException {
    Files.writeString(corpus.resolve("gone.md"), "# Gone\n\nSoon.\n");
    Corpus.FileEntry entry = Corpus.list(corpus).getFirst();
    Files.delete(corpus.resolve("gone.md"));
    assertEquals(new Corpus.Skipped("gone.md", "deleted while indexing"), Corpus.read(entry));
  }

  @Test
  void aVeryLongLineBecomesPassagesOfAtMostTheLimit() throws IOException {
    Files.writeString(corpus.resolve("long.txt"), "Title\n" + "abcdefghij".repeat(100_000) + "\n");
    Corpus.Read r =
        assertInstanceOf(Corpus.Read.class, Corpus.read(Corpus.list(corpus).getFirst()));
    for (Section s : r.doc().sections()) {
      for (Chunk c : Chunker.chunks(s)) {
        assertTrue(c.text().length() <= Chunker.MAX_CHARS);
      }
    }
  }

  private static String nestedList(int depth) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      b.append("  ".repeat(i)).append("- level ").append(i).append('\n');
    }
    return b.toString();
  }
}
