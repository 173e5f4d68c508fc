package org.askdocs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FormatTest {
  @Test
  void frontMatterAtTheTopMakesATextFileMarkdown() {
    assertEquals(
        Format.MARKDOWN,
        Format.TEXT.forContent("---\ntitle: Notes\nms.date: 08/20/2019\n---\nJust text.\n"));
  }

  @Test
  void dashLinesAroundProseAreNoFrontMatter() {
    assertEquals(
        Format.TEXT,
        Format.TEXT.forContent(
            "---\nThis note is not YAML, it is a boxed remark.\n---\nMore text.\n"));
  }

  @Test
  void twoAtxHeadingsAndOneOtherMarkMakeMarkdown() {
    assertEquals(
        Format.MARKDOWN,
        Format.TEXT.forContent("# Install\n\nRun it.\n\n## Use\n\n- Open the page.\n"));
  }

  @Test
  void oneAtxHeadingNeedsTwoOtherKindsOfMark() {
    assertEquals(
        Format.MARKDOWN,
        Format.TEXT.forContent(
            "# Ports\n\n"
                + "See [the list](ports.md).\n\n"
                + "| Port | Use |\n"
                + "|---|---|\n"
                + "| 443 | HTTPS |\n"));
  }

  @Test
  void aLoneShellCommentAboveAListStaysPlainText() {
    assertEquals(
        Format.TEXT,
        Format.TEXT.forContent(
            "Backup notes\n# run nightly\ntar czf backup.tgz /srv\n- keep seven copies\n"));
  }

  @Test
  void commentsWithoutOtherMarksStayPlainText() {
    assertEquals(
        Format.TEXT,
        Format.TEXT.forContent(
            "# requirements\nlucene==10\n# pinned for the index format\njsoup==1.24\n"));
  }

  @Test
  void hashLinesInsideCodeFencesAreNoHeadings() {
    assertEquals(
        Format.TEXT, Format.TEXT.forContent("Setup\n```\n# step one\n# step two\n```\n- done\n"));
  }

  @Test
  void theScrapedSeedStaysPlainTextAndTheMarkdownSeedIsMarkdown() throws IOException {
    assertEquals(
        Format.TEXT,
        Format.TEXT.forContent(
            Files.readString(Path.of("../corpus/vmware-cloud-shared-responsibility-model.txt"))));
    assertEquals(
        Format.MARKDOWN,
        Format.TEXT.forContent(Files.readString(Path.of("../corpus/avs-security-overview.md"))));
  }

  @Test
  void onlyTextIsEverReadAsAnotherFormat() {
    String markdown = "---\ntitle: x\n---\n# A\n\n## B\n\n- c\n";
    assertEquals(Format.HTML, Format.HTML.forContent(markdown));
    assertEquals(Format.MARKDOWN, Format.MARKDOWN.forContent("plain words"));
  }
}
