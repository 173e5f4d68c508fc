package org.askdocs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
  @TempDir Path dir;

  private Corpus.Outcome read(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    return Corpus.list(dir).stream().filter(f -> f.source().equals(name)).map(Corpus::read).findFirst().orElseThrow();
  }

  @Test
  void listsFilesSortedWithRelativeSlashPathsAndSkipsHiddenOnes() throws IOException {
    Files.createDirectories(dir.resolve("b/.git"));
    Files.writeString(dir.resolve("b/z.md"), "z");
    Files.writeString(dir.resolve("a.txt"), "a");
    Files.writeString(dir.resolve(".hidden.md"), "h");
    Files.writeString(dir.resolve("b/.git/config"), "c");
    assertEquals(List.of("a.txt", "b/z.md"), Corpus.list(dir).stream().map(Corpus.FileEntry::source).toList());
  }

  @Test
  void unknownFormatsBinaryAndEmptyFilesAreSkippedWithAReason() throws IOException {
    assertEquals(new Corpus.Skipped("logo.png", "not a format askdocs reads (Markdown .md, text .txt, HTML .html)"),
        read("logo.png", new byte[] {1, 2, 3}));
    assertEquals(new Corpus.Skipped("fake.md", "binary content, not text"), read("fake.md", new byte[] {'#', ' ', 0, 1, 2}));
    assertEquals(new Corpus.Skipped("empty.md", "no text to index"), read("empty.md", new byte[0]));
  }

  @Test
  void utf16WithBomAndInvalidUtf8AreDecoded() throws IOException {
    byte[] utf16 = "\uFEFF# Café\n\nCrème brûlée.".getBytes(StandardCharsets.UTF_16LE);
    Corpus.Read r = assertInstanceOf(Corpus.Read.class, read("u16.md", utf16));
    assertEquals("Café", r.doc().title());
    assertEquals("decoded as UTF-16LE", r.note());
    byte[] latin = "Title\nThe na\u00EFve text.".getBytes(StandardCharsets.ISO_8859_1);
    Corpus.Read l = assertInstanceOf(Corpus.Read.class, read("latin.txt", latin));
    assertEquals("The naïve text.", l.doc().sections().getFirst().text());
    assertEquals("not valid UTF-8; decoded as Windows-1252", l.note());
  }

  @Test
  void aMissingCorpusFolderIsAClearError() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.NoSuchFileException.class, () -> Corpus.list(dir.resolve("nope")));
    assertEquals("the corpus must be a directory of documents", e.getReason());
  }
}
