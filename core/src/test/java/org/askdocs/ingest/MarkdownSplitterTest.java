package org.askdocs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownSplitterTest {
  private static List<String> paths(SourceDoc d) {
    return d.sections().stream()
        .map(s -> String.join(" > ", s.headingPath()) + " #" + s.anchor())
        .toList();
  }

  @Test
  void frontMatterGivesTitleAndMetadataAndIsNeverBodyText() {
    SourceDoc d =
        MarkdownSplitter.split(
            "a.md",
            """
            ---
            title: "Security overview"
            ms.date: 08/20/2019
            ---
            # Lone heading

            Intro text.
            """);
    assertEquals("Security overview", d.title());
    assertEquals(Map.of("title", "Security overview", "ms.date", "08/20/2019"), d.metadata());
    assertEquals(List.of("Security overview #lone-heading"), paths(d));
    assertEquals("Intro text.", d.sections().getFirst().text());
  }

  @Test
  void atxAndSetextHeadingsGiveTheFullPathAndLoneH1StandsForTheTitle() {
    SourceDoc d =
        MarkdownSplitter.split(
            "guide.md",
            """
            # Guide

            Intro.

            Setup
            =====

            Install it.

            Details
            -------

            ### Deep

            Deep text.
            """);
    // Two H1s (ATX and Setext): both belong to the path, under the title taken from the file name.
    assertEquals("guide", d.title());
    assertEquals(
        List.of(
            "guide > Guide #guide", "guide > Setup #setup", "guide > Setup > Details > Deep #deep"),
        paths(d));
  }

  @Test
  void hashLinesInCodeFencesAreNotHeadings() {
    SourceDoc d =
        MarkdownSplitter.split(
            "c.md",
            """
            # Title

            ## Run

            ```bash
            # not a heading
            ls -la
            ```
            """);
    assertEquals(1, d.sections().size());
    assertEquals("Title > Run", String.join(" > ", d.sections().getFirst().headingPath()));
    assertEquals("# not a heading\nls -la", d.sections().getFirst().text());
  }

  @Test
  void markupBecomesReadablePlainText() {
    SourceDoc d =
        MarkdownSplitter.split(
            "m.md",
            """
            # T

            See [the docs](https://example.com/x) and **bold** or _em_ with `code`. ![diagram](a.png)

            > [!NOTE]
            > Notes are **kept**.

            > [!IMPORTANT]
            > [!INCLUDE [limits](includes/limits.md)]

            [!INCLUDE [x](includes/x.md)]

            :::image type="content" source="a.png" alt-text="Alt":::

            - one
            - two
              1. nested

            | Port | Use |
            |---|---|
            | 443 | HTTPS |

            <div>inline <b>html</b></div>
            """);
    assertEquals(
        """
        See the docs and bold or em with code.

        Note: Notes are kept.

        - one
        - two
          1. nested

        Port: 443; Use: HTTPS

        inline html\
        """,
        d.sections().getFirst().text());
  }

  @Test
  void eachTableRowIsOneLineNamingItsCellsByTheirHeaders() {
    SourceDoc d =
        MarkdownSplitter.split(
            "t.md",
            """
            # Ports

            Open these ports:

            | Port | Protocol | Use |
            |------|:--------:|-----|
            | 443 | TCP | Management traffic to *vCenter Server*. |
            | 53  | UDP | DNS queries |
            """);
    assertEquals(
        """
        Open these ports:

        Port: 443; Protocol: TCP; Use: Management traffic to vCenter Server.
        Port: 53; Protocol: UDP; Use: DNS queries\
        """,
        d.sections().getFirst().text());
  }

  @Test
  void anEmptyCellIsLeftOutWithItsHeaderAndACellUnderAnEmptyHeaderStandsAlone() {
    SourceDoc d =
        MarkdownSplitter.split(
            "t.md",
            """
            |  | Customer | Microsoft |
            |---|---|---|
            | Patching |  | Yes |
            | Backups | Yes | Yes |

            | | |
            |---|---|
            | Region | West Europe |
            """);
    assertEquals(
        """
        Patching; Microsoft: Yes
        Backups; Customer: Yes; Microsoft: Yes

        Region; West Europe\
        """,
        d.sections().getFirst().text());
  }

  @Test
  void aTableWithOnlyAHeaderRowKeepsItsText() {
    SourceDoc d =
        MarkdownSplitter.split(
            "t.md",
            """
            | **Note:** Failed hosts are replaced within a day. |
            |---|
            """);
    assertEquals("Note: Failed hosts are replaced within a day.", d.sections().getFirst().text());
  }

  @Test
  void cellsKeepLinkTextAndABreakIsASpace() {
    SourceDoc d =
        MarkdownSplitter.split(
            "t.md",
            """
            | Role | Tasks |
            |---|---|
            | **Customer** | See [the checklist](checklist.md).<br>Plan the network<br/>Create the cloud |
            """);
    assertEquals(
        "Role: Customer; Tasks: See the checklist. Plan the network Create the cloud",
        d.sections().getFirst().text());
  }

  @Test
  void aLongTableIsCutBetweenRowsNeverInsideOne() {
    StringBuilder md = new StringBuilder("| Setting | Meaning |\n|---|---|\n");
    for (int i = 0; i < 40; i++) {
      md.append("| option")
          .append(i)
          .append(" | What option ")
          .append(i)
          .append(" changes, in a sentence of some length |\n");
    }
    Section table = MarkdownSplitter.split("t.md", md.toString()).sections().getFirst();
    var chunks = Chunker.chunks(table);
    assertTrue(chunks.size() > 1, "split into " + chunks.size());
    for (Chunk c : chunks) {
      for (String line : c.text().split("\n")) {
        assertTrue(
            line.matches(
                "Setting: option\\d+; Meaning: What option \\d+ changes, in a sentence of some"
                    + " length"),
            line);
      }
    }
  }

  @Test
  void docfxTabsStayInsideTheirSection() {
    SourceDoc d =
        MarkdownSplitter.split(
            "t.md",
            """
            # Title

            ## Create a cluster

            Steps follow.

            # [Portal](#tab/azure-portal)

            Click create.

            # [Azure CLI](#tab/azure-cli)

            Run az.

            ---
            """);
    assertEquals(
        List.of(
            "Title > Create a cluster #create-a-cluster",
            "Title > Create a cluster > Portal #portal",
            "Title > Create a cluster > Azure CLI #azure-cli"),
        paths(d));
  }

  @Test
  void headingsWithoutTextMakeNoSectionAndDuplicateAnchorsAreNumbered() {
    SourceDoc d =
        MarkdownSplitter.split(
            "d.md",
            """
            # Doc

            ## Empty

            ## Steps

            One.

            ## Steps

            Two.
            """);
    assertEquals(List.of("Doc > Steps #steps", "Doc > Steps #steps-1"), paths(d));
  }

  @Test
  void withoutFrontMatterOrHeadingTheFileNameIsTheTitle() {
    SourceDoc d = MarkdownSplitter.split("dir/set-up_guide.md", "Just text.\n");
    assertEquals("set up guide", d.title());
    assertEquals(List.of("set up guide #set-up-guide"), paths(d));
  }

  @Test
  void unterminatedFrontMatterIsText() {
    SourceDoc d = MarkdownSplitter.split("u.md", "---\ntitle: x\n\nNo closing line.\n");
    assertFalse(d.metadata().containsKey("title"));
    assertTrue(d.sections().getFirst().text().contains("No closing line."));
  }
}
