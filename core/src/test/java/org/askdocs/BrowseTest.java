package org.askdocs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.askdocs.search.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search as you type, searching a document or folder, per-document counts and example questions.
 */
class BrowseTest {
  @TempDir static Path corpus;
  @TempDir static Path index;
  static AskDocs docs;

  @BeforeAll
  static void open() throws IOException {
    Files.createDirectories(corpus.resolve("guides/deep"));
    Files.writeString(
        corpus.resolve("intro.md"),
        "# Intro\n\n## Patching policy\n\nHosts are patched monthly by the operations team.\n");
    Files.writeString(
        corpus.resolve("guides/hosts.md"),
        "# Hosts\n\n## Host patching\n\nPatching of hosts happens at night.\n\n"
            + "## Host names\n\nHosts are named after rivers.\n");
    Files.writeString(
        corpus.resolve("guides/deep/net.md"),
        "# Network\n\n## Firewall rules\n\nThe firewall lets hosts reach the patch server.\n");
    docs = AskDocs.open(corpus, index);
  }

  @AfterAll
  static void close() throws IOException {
    docs.close();
  }

  @Test
  void theUnfinishedLastWordBecomesTheCorpusWordMostUsedThatStartsWithIt() {
    AskOptions typing = new AskOptions(5).prefixLast(true);
    assertEquals("when are hosts", docs.browse("when are ho", typing).searched());
    assertEquals(
        "when are hosts",
        docs.browse("when are hosts", typing).searched(),
        "a word the corpus uses stays");
    assertEquals(
        "firewall", docs.browse("firewall r", typing).searched(), "one letter is left out");
    assertEquals(
        "firewall",
        docs.browse("firewall zzq", typing).searched(),
        "a start no word has is left out");
    assertEquals(
        "when are ho",
        docs.browse("when are ho", typing).result().query(),
        "the query stays as typed");
    assertEquals(
        "when are ho", docs.browse("when are ho", new AskOptions(5)).searched(), "only when asked");
  }

  @Test
  void aScopeKeepsResultsInItWhileCountsCoverTheWholeCorpus() {
    AskDocs.Browse all = docs.browse("hosts", new AskOptions(10));
    assertEquals(
        Map.of("intro.md", 1, "guides/hosts.md", 2, "guides/deep/net.md", 1), all.perSource());
    AskDocs.Browse folder =
        docs.browse("hosts", new AskOptions(10).within(new Scope(null, "guides/")));
    assertEquals(
        List.of("guides/deep/net.md", "guides/hosts.md"),
        folder.result().results().stream().map(Passage::source).distinct().sorted().toList());
    assertEquals(all.perSource(), folder.perSource());
    AskResult one = docs.ask("hosts", new AskOptions(10).within(new Scope("intro.md", null)));
    assertEquals(
        List.of("intro.md#patching-policy"), one.results().stream().map(Passage::id).toList());
    assertEquals(
        List.of(),
        docs.ask("hosts", new AskOptions(10).within(new Scope("guides/hosts.md", "other/")))
            .results());
  }

  @Test
  void aScopeIsAPathRelativeToTheCorpusAsResultsGiveIt() {
    assertEquals(
        "a folder ends with /, e.g. guides/, got \"guides\"",
        assertThrows(IllegalArgumentException.class, () -> new Scope(null, "guides")).getMessage());
    assertEquals(
        "a source names a document, not a folder: \"guides/\"",
        assertThrows(IllegalArgumentException.class, () -> new Scope("guides/", null))
            .getMessage());
    for (String bad : List.of("../x.md", "/etc/passwd", "a//b.md", "a/../b.md", "./a.md")) {
      assertEquals(
          "source is a path relative to the corpus root, without ., .. or empty parts (as results"
              + " give it), got \""
              + bad
              + "\"",
          assertThrows(IllegalArgumentException.class, () -> new Scope(bad, null)).getMessage());
    }
    assertEquals("guides/", Scope.topFolder("guides/deep/net.md"));
    assertEquals(null, Scope.topFolder("intro.md"));
  }

  @Test
  void examplesAreHeadingsTheEngineAnswersOnePerDocumentBeforeASecond() {
    assertEquals(
        List.of("Host patching", "Firewall rules", "Patching policy", "Host names"),
        docs.examples(4));
    assertEquals(List.of("Host patching"), docs.examples(1));
  }
}
