package org.askdocs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ranking rules on tiny corpora where the right order is known. */
class RankingTest {
  @TempDir Path corpus;
  @TempDir Path index;

  private List<String> ids(String question) throws IOException {
    try (AskDocs docs = AskDocs.open(corpus, index)) {
      return docs.ask(question).results().stream().map(Passage::id).toList();
    }
  }

  @Test
  void anOpenEngineSeesAnIncrementalUpdateAfterRefresh() throws IOException {
    for (int i = 0; i < 4; i++) {
      Files.writeString(
          corpus.resolve("doc" + i + ".md"),
          "# Doc " + i + "\n\n## Rotation\n\nKeys rotate every " + (i + 2) + " years.\n");
    }
    try (AskDocs docs = AskDocs.open(corpus, index)) {
      assertEquals(8, docs.ask("how often do keys rotate").results().size() + 4);
      Files.writeString(
          corpus.resolve("doc1.md"),
          "# Doc 1\n\n## Quarantine\n\nInfected hosts are quarantined at once.\n");
      var report = docs.refresh();
      assertTrue(report.incremental());
      assertEquals(
          List.of("doc1.md#quarantine"),
          docs.ask("quarantine infected hosts").results().stream().map(Passage::id).toList());
      assertEquals(3, docs.ask("how often do keys rotate").results().size());
      assertEquals(4, docs.status().passages());
    }
  }

  @Test
  void aDamagedIndexIsRebuiltWhenOpened() throws IOException {
    Files.writeString(corpus.resolve("a.md"), "# A\n\n## Keys\n\nKeys rotate every year.\n");
    AskDocs.open(corpus, index).close();
    Path gen = org.askdocs.index.Indexer.current(index).orElseThrow();
    try (var files = Files.list(gen)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("_")).toList()) {
        byte[] bytes = Files.readAllBytes(f);
        Files.write(
            f,
            java.util.Arrays.copyOf(bytes, bytes.length / 2)); // what a full disk or a crash leaves
      }
    }
    try (AskDocs docs = AskDocs.open(corpus, index)) {
      assertEquals(
          List.of("a.md#keys"),
          docs.ask("how often do keys rotate").results().stream().map(Passage::id).toList());
    }
  }

  @Test
  void equalScoresAreOrderedByIdEveryTime() throws IOException {
    for (String name : List.of("c.md", "a.md", "b.md")) {
      Files.writeString(corpus.resolve(name), "# Same\n\nFirewall rules are reviewed weekly.\n");
    }
    assertEquals(List.of("a.md#same", "b.md#same", "c.md#same"), ids("firewall rules"));
  }

  @Test
  void wordsStandingTogetherRankFirst() throws IOException {
    Files.writeString(
        corpus.resolve("apart.md"),
        "# Notes\n\nThe data is kept in region one. A backup runs daily elsewhere for logs.\n");
    Files.writeString(
        corpus.resolve("together.md"),
        "# Notes\n\nRegion one is where it runs. The data backup runs daily for logs.\n");
    assertEquals("together.md#notes", ids("data backup").getFirst());
  }

  @Test
  void aHeadingMatchOutranksTheSameWordInPassing() throws IOException {
    Files.writeString(
        corpus.resolve("a.md"),
        "# Guide\n\n## Networking\n\nTraffic passes the firewall on port 443 today.\n");
    Files.writeString(
        corpus.resolve("b.md"),
        "# Guide\n\n## Firewall\n\nTraffic passes the gateway on port 443 today.\n");
    assertEquals("b.md#firewall", ids("firewall").getFirst());
  }

  @Test
  void questionWordsDoNotDecideTheRanking() throws IOException {
    Files.writeString(
        corpus.resolve("who.md"),
        "# Who\n\nWho knows who does what, and how, and why, who can tell.\n");
    Files.writeString(
        corpus.resolve("encryption.md"), "# Keys\n\nEncryption keys are rotated every year.\n");
    assertEquals("encryption.md#keys", ids("who rotates the encryption keys").getFirst());
  }
}
