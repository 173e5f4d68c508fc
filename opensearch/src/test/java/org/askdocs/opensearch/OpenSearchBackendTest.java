package org.askdocs.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.askdocs.AskDocs;
import org.askdocs.AskResult;
import org.askdocs.AskOptions;
import org.askdocs.SectionView;
import org.askdocs.index.IndexReport;
import org.askdocs.index.IndexStore;
import org.askdocs.search.SearchParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenSearch backend against a real 3-node cluster (started once for this class, in its own
 * process): the same answers as the embedded engine, the index lifecycle, and faults.
 * Set {@code -Daskdocs.opensearch.urls=http://…} to run against a cluster that is already up.
 */
class OpenSearchBackendTest {
  static final Path SEEDS = Path.of("..", "corpus").toAbsolutePath().normalize();
  static final Path AVS = Path.of("..", "core", "src", "test", "resources", "corpora", "azure-vmware").toAbsolutePath().normalize();
  static LocalClusterProcess cluster;
  static String urls;
  static final AtomicInteger NAMES = new AtomicInteger();

  @TempDir
  Path tmp;

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
    return OpenSearchConfig.of(urls, "askdocs-test-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet())
        .withLayout(3, 1);
  }

  static AskDocs open(Path corpus, OpenSearchStore store) throws IOException {
    return AskDocs.open(corpus, store, IndexStore.Progress.NONE, SearchParams.DEFAULTS);
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
      assertTrue(a.results().getFirst().snippet().contains("<mark>"), a.results().getFirst().snippet());
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
      assertTrue(same >= questions.size() * 0.95, same + " of " + questions.size() + " alike; differ: " + differ);
      store.drop();
    }
  }
}
