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
    return Corpus.list(dir).stream()
        .filter(f -> f.source().equals(name))
        .map(Corpus::read)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void listsFilesSortedWithRelativeSlashPathsAndSkipsHiddenOnes() throws IOException {
    Files.createDirectories(dir.resolve("b/.git"));
    Files.writeString(dir.resolve("b/z.md"), "z");
    Files.writeString(dir.resolve("a.txt"), "a");
    Files.writeString(dir.resolve(".hidden.md"), "h");
    Files.writeString(dir.resolve("b/.git/config"), "c");
    assertEquals(
        List.of("a.txt", "b/z.md"),
        Corpus.list(dir).stream().map(Corpus.FileEntry::source).toList());
  }

  @Test
  void unknownFormatsBinaryAndEmptyFilesAreSkippedWithAReason() throws IOException {
    assertEquals(
        new Corpus.Skipped(
            "logo.png",
            "not a format askdocs reads (Markdown .md, text .txt, HTML .html, PDF .pdf, Word .docx,"
                + " PowerPoint .pptx)"),
        read("logo.png", new byte[] {1, 2, 3}));
    assertEquals(
        new Corpus.Skipped("fake.md", "binary content, not text"),
        read("fake.md", new byte[] {'#', ' ', 0, 1, 2}));
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
  void aMarkdownArticleSavedAsTxtIsSplitExactlyAsTheSameArticleSavedAsMd() throws IOException {
    byte[] article = Files.readAllBytes(Path.of("../corpus/avs-security-overview.md"));
    SourceDoc asTxt =
        assertInstanceOf(Corpus.Read.class, read("004_ee70f240bb6e5a3b.txt", article)).doc();
    SourceDoc asMd =
        assertInstanceOf(Corpus.Read.class, read("avs-security-overview.md", article)).doc();
    assertEquals(Format.MARKDOWN, asTxt.format());
    assertEquals(asMd.title(), asTxt.title());
    assertEquals(asMd.metadata(), asTxt.metadata());
    assertEquals(asMd.sections(), asTxt.sections());
    assertEquals(
        new Section(
            List.of(
                "Azure VMware Solutions (AVS) - Security for AVS Services",
                "Vulnerability and patch management"),
            "vulnerability-and-patch-management",
            "AVS is responsible for periodic security patching of managed VMware software (ESXi,"
                + " vCenter, and NSX)."),
        asTxt.sections().get(15));
  }

  @Test
  void theScrapedPlainTextSeedStaysPlainTextWithTheSameSections() throws IOException {
    byte[] page =
        Files.readAllBytes(Path.of("../corpus/vmware-cloud-shared-responsibility-model.txt"));
    SourceDoc d = assertInstanceOf(Corpus.Read.class, read("000_e944f8b23581013c.txt", page)).doc();
    assertEquals(Format.TEXT, d.format());
    StringBuilder sections = new StringBuilder();
    for (Section s : d.sections()) {
      sections
          .append("## ")
          .append(String.join(" > ", s.headingPath()))
          .append(" #")
          .append(s.anchor())
          .append('\n')
          .append(s.text())
          .append('\n');
    }
    assertEquals(
        Files.readString(
            Path.of(
                "src/test/resources/ingest/vmware-cloud-shared-responsibility-model.sections.txt")),
        sections.toString());
  }

  @Test
  void aDotTextFileHoldingMarkdownIsSplitAsMarkdown() throws IOException {
    SourceDoc d =
        assertInstanceOf(
                Corpus.Read.class,
                read(
                    "notes.text",
                    """
                    # Install

                    Run [the installer](setup.sh).

                    ## Check

                    - The agent is running.
                    """
                        .getBytes(StandardCharsets.UTF_8)))
            .doc();
    assertEquals(Format.MARKDOWN, d.format());
    assertEquals(
        List.of(List.of("Install"), List.of("Install", "Check")),
        d.sections().stream().map(Section::headingPath).toList());
    assertEquals("- The agent is running.", d.sections().get(1).text());
  }

  @Test
  void aMissingCorpusFolderIsAClearError() {
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.nio.file.NoSuchFileException.class, () -> Corpus.list(dir.resolve("nope")));
    assertEquals("the corpus must be a directory of documents", e.getReason());
  }
}
