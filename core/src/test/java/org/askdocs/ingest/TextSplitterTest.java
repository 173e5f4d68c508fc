package org.askdocs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextSplitterTest {
  @Test
  void theScrapedSeedGetsItsHeadingsAndItsBrokenTableStaysText() throws IOException {
    String text =
        Files.readString(Path.of("../corpus/vmware-cloud-shared-responsibility-model.txt"));
    SourceDoc d = TextSplitter.split("seed.txt", text);
    assertEquals(
        "VMware Cloud Well-Architected Framework for Azure VMware Solution: Shared Responsibility"
            + " Model",
        d.title());
    assertEquals(
        List.of(
            "VMware Cloud Shared Responsibility",
            "Azure VMware Solution",
            "Responsibilities",
            "Customer Responsibility: Security in the Cloud",
            "Microsoft Responsibility: Azure VMware Solution Security of the Cloud",
            "Shared Responsibility Matrix",
            "Azure VMware Solution private cloud updates and upgrades",
            "Changelog"),
        d.sections().stream().map(Section::heading).toList());
    Section matrix = d.sections().get(5);
    assertEquals(
        """
        The following is not an exhausted list of responsibilities but encompass the most frequent tasks and definitions. For further questions, please contact Microsoft.

        Entity
        Responsibility/Activity
        Customer
        Microsoft
        Partner ecosystem

        Partners provide support for their own products and solutions.\
        """,
        matrix.text());
    assertEquals(
        List.of(
            d.title(), "References", "Azure VMware Solution private cloud updates and upgrades"),
        d.sections().get(6).headingPath());
  }

  @Test
  void hardWrappedParagraphsAreJoinedAndTheirShortLastLineIsNoHeading() {
    SourceDoc d =
        TextSplitter.split(
            "w.txt",
            """
            Agent Guide
            The agent runs on every host of the cluster and reports its state to the
            Management Server
            every five minutes.
            Alerts
            An agent silent for ten minutes raises an alert.
            """);
    assertEquals(
        List.of("Agent Guide", "Alerts"), d.sections().stream().map(Section::heading).toList());
    assertEquals(
        "The agent runs on every host of the cluster and reports its state to the Management Server"
            + " every five minutes.",
        d.sections().getFirst().text());
  }

  @Test
  void aPipeTableWithAHeaderAboveItsDelimiterRowNamesEachCell() {
    SourceDoc d =
        TextSplitter.split(
            "p.txt",
            """
            Agent Guide
            Ports
            The agent needs these ports open.
            | Port | Protocol | Use |
            |------|:--------:|-----|
            | 443 | TCP | Management traffic. |
            | 53 | UDP | |
            Alerts
            An agent silent for ten minutes raises an alert.
            """);
    assertEquals(List.of("Ports", "Alerts"), d.sections().stream().map(Section::heading).toList());
    assertEquals(
        """
        The agent needs these ports open.

        Port: 443; Protocol: TCP; Use: Management traffic.
        Port: 53; Protocol: UDP\
        """,
        d.sections().getFirst().text());
  }

  @Test
  void pipeRowsWithoutAHeaderKeepTheirCellsAndALoneBarIsNothing() {
    SourceDoc d =
        TextSplitter.split(
            "b.txt",
            """
            Changelog
            Date | Description of Changes |
            2022/12/01 | Matrix added |
            |
            """);
    assertEquals(
        "Date | Description of Changes\n2022/12/01 | Matrix added", d.sections().getFirst().text());
  }

  @Test
  void aShortLastLineWithNothingAfterItIsText() {
    SourceDoc d = TextSplitter.split("e.txt", "Setup\nInstall the agent.\nThe End\n");
    assertEquals(
        List.of("Setup", "Setup"),
        List.of(d.title(), d.sections().getFirst().headingPath().getFirst()));
    assertTrue(d.sections().getFirst().text().endsWith("The End"));
  }
}
