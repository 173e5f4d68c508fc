package org.askdocs.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.askdocs.AskDocs;
import org.askdocs.AskOptions;
import org.askdocs.AskResult;
import org.askdocs.embed.WordsEmbedder;
import org.askdocs.index.IndexReport;
import org.askdocs.index.Progress;
import org.askdocs.search.Retrieval;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenSearch backend against a real 3-node cluster (started once for this class, in its own
 * process): the same answers as the embedded engine, the index lifecycle, and faults. Set {@code
 * -Daskdocs.opensearch.urls=http://…} to run against a cluster that is already up.
 */
class OpenSearchBackendTest {
  static final Path SEEDS = Path.of("..", "corpus").toAbsolutePath().normalize();
  static final Path AVS =
      Path.of("..", "core", "src", "test", "resources", "corpora", "azure-vmware")
          .toAbsolutePath()
          .normalize();
  static LocalClusterProcess cluster;
  static String urls;
  static final AtomicInteger NAMES = new AtomicInteger();

  @TempDir Path tmp;

  @BeforeAll
  static void startCluster() throws Exception {
    urls = System.getProperty("askdocs.opensearch.urls");
    if (urls == null) {
      cluster = LocalClusterProcess.start();
      urls = cluster.urls;
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A fresh index name per test, so tests never see each other's indexes. */
  static OpenSearchConfig config() {
    return OpenSearchConfig.of(
            urls, "askdocs-test-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet())
        .withLayout(3, 1);
  }

  static AskDocs open(Path corpus, OpenSearchStore store) throws IOException {
    return AskDocs.open(corpus, c -> c.store(store));
  }

  @Test
  void answersWhoHandlesPatchingLikeTheEmbeddedEngine() throws Exception {
    try (OpenSearchStore store = new OpenSearchStore(config());
        AskDocs os = open(SEEDS, store);
        AskDocs embedded = AskDocs.open(SEEDS, tmp.resolve("index"))) {
      AskResult a = os.ask("who handles patching");
      AskResult b = embedded.ask("who handles patching");
      assertTrue(a.answered());
      assertEquals("Vulnerability and patch management", a.results().getFirst().heading());
      assertEquals(b.results().getFirst().id(), a.results().getFirst().id());
      assertEquals(b.answer().text(), a.answer().text());
      assertTrue(
          a.results().getFirst().snippet().contains("<mark>"), a.results().getFirst().snippet());
      store.drop();
    }
  }

  @Test
  void ranksEveryEvaluationQuestionLikeTheEmbeddedEngine() throws Exception {
    List<String> questions = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("..", "eval", "avs.jsonl"))) {
      questions.add(Cluster.json().readTree(line).path("question").asText());
    }
    try (OpenSearchStore store = new OpenSearchStore(config());
        AskDocs os = open(AVS, store);
        AskDocs embedded = AskDocs.open(AVS, tmp.resolve("index"))) {
      List<String> differ = new ArrayList<>();
      int same = 0;
      for (String q : questions) {
        AskResult a = os.ask(q, new AskOptions(5));
        AskResult b = embedded.ask(q, new AskOptions(5));
        String fa = a.results().isEmpty() ? "-" : a.results().getFirst().id();
        String fb = b.results().isEmpty() ? "-" : b.results().getFirst().id();
        if (fa.equals(fb) && a.answered() == b.answered()) {
          same++;
        } else {
          differ.add(q + " → " + fa + " / embedded " + fb);
        }
      }
      System.out.println("same first result and decision: " + same + " of " + questions.size());
      differ.forEach(System.out::println);
      assertTrue(
          same >= questions.size() * 0.95,
          same + " of " + questions.size() + " alike; differ: " + differ);
      store.drop();
    }
  }

  @Test
  void vectorsLiveWithThePassagesAreReusedAndRankTheCandidatesTheWordsFound() throws Exception {
    Path corpus = Files.createDirectories(tmp.resolve("meaning"));
    Files.writeString(
        corpus.resolve("ops.md"),
        "# Operations\n\n"
            + "## Patching\n\n"
            + "Security patching is done monthly by the operations team.\n");
    Files.writeString(
        corpus.resolve("people.md"),
        "# People\n\n## Team\n\nThe team meets weekly. The team plans the quarter.\n");
    WordsEmbedder model = new WordsEmbedder("words-1", Map.of("remedies", "patching"));
    try (OpenSearchStore store = new OpenSearchStore(config());
        AskDocs docs = AskDocs.open(corpus, c -> c.store(store).embedder(model))) {
      assertTrue(docs.status().semantic().ready(), docs.status().semantic().toString());
      assertEquals(2 + 3, model.embedded(), "two passages and their three sentences");
      assertEquals(
          "people.md#team",
          docs.ask("team remedies", new AskOptions(5, Retrieval.LEXICAL))
              .results()
              .getFirst()
              .id());
      assertEquals(
          "ops.md#patching",
          docs.ask("team remedies").results().getFirst().id(),
          "meaning ranks what the words found");

      IndexReport forced = AskDocs.index(corpus, c -> c.store(store).embedder(model), true);
      assertTrue(forced.rebuilt());
      assertEquals(0, forced.embedded(), "a rebuild takes the vectors from the index it replaces");
      Files.writeString(
          corpus.resolve("people.md"), "# People\n\n## Team\n\nThe team meets every Monday.\n");
      int before = model.embedded(); // the passages', and the questions asked so far
      docs.refresh();
      assertEquals(before + 2, model.embedded(), "only the changed passage and its sentence");
      assertTrue(docs.status().semantic().ready());
      store.drop();
    }
  }

  @Test
  void hostileQuestionsAreWordsOrNothingAsInTheEmbeddedEngine() throws Exception {
    List<String> questions =
        List.of(
            "",
            "   ",
            "AND",
            "C++",
            "\"unbalanced",
            "*",
            "field:value",
            "[1 TO 5]",
            "a OR b NOT c",
            "{\"query\": {\"match_all\": {}}}",
            "\u0000\u0007 control",
            "🙂 astral 𝔘",
            "<script>alert(1)</script> patching",
            "patchng",
            "vulnerabilty managment",
            "how do I",
            "x".repeat(5000),
            "patch ".repeat(300));
    try (OpenSearchStore store = new OpenSearchStore(config());
        AskDocs os = open(SEEDS, store);
        AskDocs embedded = AskDocs.open(SEEDS, tmp.resolve("index"))) {
      for (String q : questions) {
        AskResult a = os.ask(q);
        AskResult b = embedded.ask(q);
        String label = q.length() > 40 ? q.substring(0, 40) + "…" : q;
        assertEquals(
            b.results().stream().map(p -> p.id()).toList(),
            a.results().stream().map(p -> p.id()).toList(),
            label);
        assertEquals(b.answered(), a.answered(), label);
        assertEquals(b.didYouMean(), a.didYouMean(), label);
        a.results().forEach(p -> assertFalse(p.snippet().contains("<script>"), p.snippet()));
      }
      store.drop();
    }
  }

  /** A corpus of a few small documents in a temporary folder. */
  Path smallCorpus(int documents) throws IOException {
    Path c = tmp.resolve("corpus");
    Files.createDirectories(c);
    for (int i = 1; i <= documents; i++) {
      Files.writeString(
          c.resolve("doc" + i + ".md"),
          "# Document "
              + i
              + "\n\n## Backups of site "
              + i
              + "\n\nSite "
              + i
              + " keeps nightly backups for thirty days.\n\n## Contacts\n\nWrite to team"
              + i
              + "@example.com.\n");
    }
    return c;
  }

  @Test
  void updatesOnlyChangedFilesAndSwitchesFullBuildsAtomically() throws Exception {
    Path corpus = smallCorpus(4);
    Files.writeString(corpus.resolve("notes.bin"), "\u0000\u0001binary");
    OpenSearchConfig cfg = config();
    try (OpenSearchStore store = new OpenSearchStore(cfg)) {
      IndexReport first = store.update(corpus, null, Progress.NONE, false);
      assertTrue(first.rebuilt());
      assertFalse(first.incremental());
      assertEquals(4, first.documents());
      assertEquals(
          List.of("notes.bin"), first.skipped().stream().map(IndexReport.Skipped::source).toList());
      List<String> before = aliasTargets(store, cfg.index());
      assertEquals(1, before.size());

      // Unchanged corpus: nothing to do (the skipped file is remembered too).
      IndexReport again = store.update(corpus, null, Progress.NONE, false);
      assertFalse(again.rebuilt());
      // The same documents in another folder: still current (content decides, not the path).
      Path copy = tmp.resolve("copy");
      Files.createDirectories(copy);
      try (var files = Files.list(corpus)) {
        for (Path f : files.toList()) {
          Files.copy(
              f, copy.resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
      assertFalse(store.update(copy, null, Progress.NONE, false).rebuilt());

      try (AskDocs docs = open(corpus, store)) {
        assertEquals(
            "doc3.md",
            docs.ask("how long are backups of site 3 kept").results().getFirst().source());
        // One file changes, one is removed: updated in place, in the same index.
        Files.writeString(
            corpus.resolve("doc3.md"),
            "# Document 3\n\n## Retention\n\nSite 3 now archives logs for a year.\n");
        Files.delete(corpus.resolve("doc4.md"));
        IndexReport inc = docs.refresh();
        assertTrue(inc.incremental(), inc.toString());
        assertEquals(List.of("doc4.md"), inc.removed());
        assertEquals(before, aliasTargets(store, cfg.index()));
        assertEquals(3, docs.status().documents());
        AskResult r = docs.ask("how long does site 3 archive logs");
        assertEquals("doc3.md#retention", r.results().getFirst().id());
        assertTrue(
            docs.ask("site 4 backups").results().stream()
                .noneMatch(p -> p.source().equals("doc4.md")));
        assertEquals(
            List.of("doc1.md", "doc2.md", "doc3.md"),
            docs.documents().stream().map(AskDocs.DocumentInfo::source).toList());

        // A forced rebuild writes a new index and moves the alias; the old index is gone.
        IndexReport full = AskDocs.index(corpus, c -> c.store(store), true);
        assertTrue(full.rebuilt());
        assertFalse(full.incremental());
        List<String> after = aliasTargets(store, cfg.index());
        assertEquals(1, after.size());
        assertFalse(after.equals(before));
        assertEquals(404, store.cluster().call("GET", "/" + before.getFirst(), null).status());
        docs.refresh();
        assertEquals(
            "doc3.md#retention", docs.ask("archive logs for a year").results().getFirst().id());
      }
      store.drop();
    }
  }

  @Test
  void refusesToSwitchToAnIndexThatLostMostPassages() throws Exception {
    Path corpus = smallCorpus(6);
    try (OpenSearchStore store = new OpenSearchStore(config())) {
      store.update(corpus, null, Progress.NONE, false);
      List<String> before = aliasTargets(store, store.config().index());
      // Five of six files gone (an unmounted share, a bad sync): most of the corpus changed, so a
      // full build runs, and it would hold a sixth of the passages.
      for (int i = 2; i <= 6; i++) {
        Files.delete(corpus.resolve("doc" + i + ".md"));
      }
      IOException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IOException.class, () -> store.update(corpus, null, Progress.NONE, false));
      assertTrue(e.getMessage().contains("not switching"), e.getMessage());
      assertEquals(before, aliasTargets(store, store.config().index()));
      // The refused build left nothing behind, and the old passages still answer.
      JsonNode indexes =
          store
              .cluster()
              .ok(
                  "list",
                  "GET",
                  "/_cat/indices/" + store.config().index() + "-*?format=json",
                  null);
      assertEquals(
          2, indexes.size(), indexes.toString()); // the passages and the files of the index in use
      // Forcing it switches.
      IndexReport forced = store.update(corpus, null, Progress.NONE, true);
      assertEquals(1, forced.documents());
      store.drop();
    }
  }

  static List<String> aliasTargets(OpenSearchStore store, String alias) throws IOException {
    List<String> out = new ArrayList<>();
    store
        .cluster()
        .ok("read alias", "GET", "/_alias/" + alias, null)
        .fieldNames()
        .forEachRemaining(out::add);
    return out;
  }

  @Test
  void aClusterThatIsDownGetsAClearErrorNotAHang() throws Exception {
    // Nothing listens on this port: refused at once.
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    long start = System.nanoTime();
    try (OpenSearchStore store =
        new OpenSearchStore(OpenSearchConfig.of("http://127.0.0.1:" + closed, "askdocs-down"))) {
      IOException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IOException.class, () -> open(SEEDS, store));
      assertTrue(
          e.getMessage().startsWith("cannot reach OpenSearch at http://127.0.0.1:" + closed),
          e.getMessage());
    }
    // A server that accepts connections and never answers: the request times out.
    try (java.net.ServerSocket silent =
            new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        OpenSearchStore store =
            new OpenSearchStore(
                OpenSearchConfig.of("http://127.0.0.1:" + silent.getLocalPort(), "askdocs-down")
                    .withTimeout(Duration.ofSeconds(2)))) {
      long t = System.nanoTime();
      IOException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IOException.class, () -> open(SEEDS, store));
      double seconds = (System.nanoTime() - t) / 1e9;
      assertTrue(e.getMessage().contains("timed out"), e.getMessage());
      assertTrue(seconds < 30, "gave up after " + seconds + " s");
    }
    assertTrue((System.nanoTime() - start) / 1e9 < 60);
  }

  @Test
  void anIndexThatWasDeletedUnderARunningEngineGivesAClearError() throws Exception {
    try (OpenSearchStore store = new OpenSearchStore(config());
        AskDocs docs = open(SEEDS, store)) {
      store.drop();
      java.io.UncheckedIOException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.io.UncheckedIOException.class, () -> docs.ask("who handles patching"));
      assertTrue(e.getMessage().contains("index_not_found_exception"), e.getMessage());
    }
  }

  @Test
  void stoppingOneOfThreeNodesWhileQuestionsRunLosesNoAnswers() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        cluster != null, "needs the cluster this test started");
    try (OpenSearchStore store = new OpenSearchStore(config());
        AskDocs docs = open(AVS, store)) {
      waitForGreen(store);
      String expected = docs.ask("who handles patching").results().getFirst().id();
      AtomicInteger asked = new AtomicInteger();
      List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.atomic.AtomicBoolean stop =
          new java.util.concurrent.atomic.AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread th =
            new Thread(
                () -> {
                  while (!stop.get()) {
                    try {
                      AskResult r = docs.ask("who handles patching");
                      if (r.results().isEmpty() || !r.results().getFirst().id().equals(expected)) {
                        failures.add(
                            "wrong first result: "
                                + (r.results().isEmpty() ? "none" : r.results().getFirst().id()));
                      }
                    } catch (RuntimeException e) {
                      failures.add(e.getMessage());
                    }
                    asked.incrementAndGet();
                  }
                });
        th.start();
        threads.add(th);
      }
      Thread.sleep(1000);
      // Node 3 holds shard copies; its replicas elsewhere take over.
      cluster.stop(3);
      int atStop = asked.get();
      // At least 3 seconds and 40 questions after the stop (at most 30 seconds on a slow machine).
      long until = System.nanoTime() + 3_000_000_000L;
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (System.nanoTime() < deadline
          && (System.nanoTime() < until || asked.get() - atStop < 40)) {
        Thread.sleep(100);
      }
      stop.set(true);
      for (Thread th : threads) {
        th.join(30_000);
      }
      System.out.println(
          "questions: "
              + asked.get()
              + " ("
              + (asked.get() - atStop)
              + " after the node stopped), failures: "
              + failures);
      assertTrue(asked.get() - atStop > 20, "questions after the stop: " + (asked.get() - atStop));
      assertEquals(List.of(), failures);
      cluster.startNode(3);
      waitForGreen(store);
      store.drop();
    }
  }

  static void waitForGreen(OpenSearchStore store) throws IOException {
    store
        .cluster()
        .ok("wait for green", "GET", "/_cluster/health?wait_for_status=green&timeout=60s", null);
  }
}
