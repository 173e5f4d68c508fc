package org.askdocs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.askdocs.embed.Embedder;
import org.askdocs.embed.EmbedderProvider;
import org.askdocs.embed.WordsEmbedder;
import org.askdocs.index.IndexReport;
import org.askdocs.index.Indexer;
import org.askdocs.search.Retrieval;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meaning in the engine: vectors made, kept, reused and used, with a stand-in model (the real one
 * is tested in askdocs-semantic).
 */
class SemanticTest {
  @TempDir Path corpus;
  @TempDir Path index;

  /** "Remedies" means what "patching" means; no other word of the question is in the docs. */
  static final Map<String, String> ALIKE = Map.of("remedies", "patching", "applies", "done");

  @BeforeEach
  void writeCorpus() throws IOException {
    Files.writeString(
        corpus.resolve("ops.md"),
        "# Operations\n\n"
            + "## Patching\n\n"
            + "Security patching is done monthly by the operations team.\n\n"
            + "## Backups\n\n"
            + "Backups are kept for thirty days in another region.\n");
    Files.writeString(
        corpus.resolve("net.md"),
        "# Network\n\n## Firewall\n\nThe firewall blocks inbound traffic by default.\n");
  }

  @Test
  void aQuestionInOtherWordsFindsItsPassageByMeaning() throws IOException {
    WordsEmbedder model = new WordsEmbedder("words-1", ALIKE);
    try (AskDocs docs = AskDocs.open(corpus, c -> c.index(index).embedder(model))) {
      assertEquals(
          new Status.Semantic(Status.State.READY, "words-1", 0, 0, null), docs.status().semantic());
      AskResult r = docs.ask("who applies remedies");
      assertEquals("ops.md#patching", r.results().getFirst().id());
      assertEquals(3, r.results().size(), "every passage, by meaning");
      assertTrue(
          docs.ask("who applies remedies", new AskOptions(5, Retrieval.LEXICAL)).results().stream()
              .noneMatch(p -> p.id().equals("ops.md#patching")),
          "no word of the question is in that passage");
      assertEquals(
          "ops.md#patching",
          docs.ask("who applies remedies", new AskOptions(5, Retrieval.DENSE))
              .results()
              .getFirst()
              .id());
    }
  }

  @Test
  void vectorsAreMadeOnceAndOnlyChangedPassagesAreEmbeddedAgain() throws Exception {
    WordsEmbedder model = new WordsEmbedder("words-1", ALIKE);
    try (AskDocs docs = AskDocs.open(corpus, c -> c.index(index).embedder(model))) {
      assertEquals(3 + 3, model.embedded(), "three passages and their three sentences");
      IndexReport forced = AskDocs.index(corpus, c -> c.index(index).embedder(model), true);
      assertTrue(forced.rebuilt());
      assertEquals(0, forced.embedded(), "a rebuild takes every vector from the index it replaces");
      assertEquals(6, model.embedded());
      Files.writeString(
          corpus.resolve("net.md"),
          "# Network\n\n## Firewall\n\nThe firewall blocks inbound traffic. It logs every drop.\n");
      docs.refresh();
      assertEquals(6 + 1 + 2, model.embedded(), "the changed passage and its two sentences");
      assertTrue(docs.status().semantic().ready());
      assertEquals("net.md#firewall", docs.ask("firewall logs").results().getFirst().id());
    }
  }

  @Test
  void anotherModelGetsVectorsOfItsOwn() throws IOException {
    AskDocs.open(corpus, c -> c.index(index).embedder(new WordsEmbedder("words-1", ALIKE))).close();
    WordsEmbedder other = new WordsEmbedder("words-2", ALIKE);
    try (AskDocs docs = AskDocs.open(corpus, c -> c.index(index).embedder(other))) {
      assertEquals(6, other.embedded(), "no vector of the first model is mixed with the second's");
      assertEquals("words-2", docs.status().semantic().model());
      Indexer.Manifest m = Indexer.manifest(Indexer.current(index).orElseThrow()).orElseThrow();
      assertEquals("words-2", m.model());
      assertEquals(32, m.dimensions());
      assertTrue(docs.status().semantic().ready());
    }
  }

  @Test
  void whileVectorsAreMadeInTheBackgroundWordsAnswer() throws Exception {
    WordsEmbedder slow = new WordsEmbedder("words-1", ALIKE, false);
    try (AskDocs docs = AskDocs.open(corpus, c -> c.index(index).embedder(slow).background(true))) {
      assertTrue(
          List.of(Status.State.LOADING, Status.State.EMBEDDING)
              .contains(docs.status().semantic().state()),
          docs.status().semantic().toString());
      assertEquals(
          "ops.md#backups", docs.ask("how long are backups kept").results().getFirst().id());
      assertFalse(
          docs.ask("who applies remedies").results().stream()
              .anyMatch(p -> p.id().equals("ops.md#patching")));
      slow.open();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!docs.status().semantic().ready() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(docs.status().semantic().ready());
      assertEquals("ops.md#patching", docs.ask("who applies remedies").results().getFirst().id());
    }
  }

  /** A model whose runtime has no native library for this machine. */
  static final EmbedderProvider BROKEN =
      new EmbedderProvider() {
        @Override
        public String id() {
          return "broken-1";
        }

        @Override
        public Embedder load() throws IOException {
          throw new IOException("no native library for this platform");
        }
      };

  @Test
  void aModelThatCannotStartLeavesWordsAnsweringAndSaysWhy() throws IOException {
    try (AskDocs docs = AskDocs.open(corpus, c -> c.index(index).model(BROKEN))) {
      assertEquals(
          new Status.Semantic(
              Status.State.UNAVAILABLE,
              "broken-1",
              0,
              0,
              "the embedding model could not start: no native library for this platform"),
          docs.status().semantic());
      assertEquals(
          "ops.md#backups", docs.ask("how long are backups kept").results().getFirst().id());
    }
  }

  @Test
  void aModelThatCannotStartIsAnErrorWhenMeaningIsOn() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AskDocs.open(
                    corpus, c -> c.index(index).model(BROKEN).semantic(AskDocs.Semantic.ON)));
    assertEquals(
        "the embedding model could not start: no native library for this platform", e.getMessage());
  }

  @Test
  void meaningOnWithoutAModelIsAnError() {
    // The core library's tests have no model on the class path.
    IOException e =
        assertThrows(
            IOException.class,
            () -> AskDocs.open(corpus, c -> c.index(index).semantic(AskDocs.Semantic.ON)));
    assertEquals(
        "meaning is on but there is no embedding model on the class path (the askdocs-semantic"
            + " module)",
        e.getMessage());
  }

  @Test
  void meaningOffLoadsNoModelAndKeepsTheVectorsThere() throws IOException {
    WordsEmbedder model = new WordsEmbedder("words-1", ALIKE);
    AskDocs.open(corpus, c -> c.index(index).embedder(model)).close();
    try (AskDocs docs = AskDocs.open(corpus, c -> c.index(index).semantic(AskDocs.Semantic.OFF))) {
      assertEquals(Status.State.OFF, docs.status().semantic().state());
      assertTrue(
          docs.ask("who applies remedies").results().stream()
              .noneMatch(p -> p.id().equals("ops.md#patching")));
    }
    try (AskDocs docs = AskDocs.open(corpus, c -> c.index(index).embedder(model))) {
      assertEquals(6, model.embedded(), "turning meaning off and on again embeds nothing");
      assertEquals("ops.md#patching", docs.ask("who applies remedies").results().getFirst().id());
    }
  }
}
