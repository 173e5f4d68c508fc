package org.askdocs.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.askdocs.search.Hits;
import org.askdocs.search.LuceneBackend;
import org.askdocs.search.QuestionParser;
import org.askdocs.search.Retrieval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds killed with SIGKILL at any moment, and two processes building at once. */
class CrashSafetyTest {
  static final int FILES = 150;
  @TempDir Path corpus;
  @TempDir Path index;

  private void writeCorpus(String word) throws IOException {
    for (int i = 0; i < FILES; i++) {
      Files.writeString(
          corpus.resolve("doc" + i + ".md"),
          "# Doc "
              + i
              + "\n\n## Part "
              + word
              + "\n\n"
              + ("The " + word + " topic number " + i + " is described here in some detail. ")
                  .repeat(30)
              + "\n");
    }
  }

  private Process build() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            BuildMain.class.getName(),
            corpus.toString(),
            index.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** The index in use opens and answers from one generation, whole. */
  private int answers(String word) throws IOException {
    Path gen = Indexer.current(index).orElseThrow();
    try (LuceneBackend backend = new LuceneBackend(gen)) {
      Hits h = backend.search(QuestionParser.english().parse(word), null, 5, Retrieval.LEXICAL);
      return h.hits().size();
    }
  }

  @Test
  void killingABuildAtAnyMomentLeavesTheLastGoodIndexAnswering() throws Exception {
    writeCorpus("alpha");
    new Indexer(index).update(corpus, null, Progress.NONE, false);
    assertEquals(5, answers("alpha"));
    List<String> versions = new ArrayList<>(List.of("alpha"));
    String[] names = {
      "bravo", "charlie", "foxtrot", "kilo"
    }; // far apart, so no near spelling matches another
    int[] delays = {100, 300, 700, 1200};
    for (int i = 0; i < delays.length; i++) {
      int delay = delays[i];
      versions.add(names[i]);
      writeCorpus(versions.getLast()); // every file changes: a full rebuild into a new generation
      Process p = build();
      Thread.sleep(delay);
      p.destroyForcibly(); // SIGKILL
      p.waitFor(10, TimeUnit.SECONDS);
      // Whatever the moment, CURRENT names one complete generation: one version of the corpus,
      // whole.
      assertTrue(
          Indexer.manifest(Indexer.current(index).orElseThrow()).isPresent(),
          "killed after " + delay + " ms");
      List<Integer> found = new ArrayList<>();
      for (String v : versions) {
        found.add(answers(v));
      }
      assertEquals(
          1,
          found.stream().filter(n -> n == 5).count(),
          "one version answers, killed after " + delay + " ms: " + found);
      assertEquals(
          0,
          found.stream().filter(n -> n != 5 && n != 0).count(),
          "no half-built version: " + found);
    }
    // The next build cleans up what the killed ones left and brings the index up to date.
    IndexReport r = new Indexer(index).update(corpus, null, Progress.NONE, false);
    assertEquals(FILES, r.documents());
    assertEquals(5, answers("kilo"));
    try (var left = Files.list(index)) {
      assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("building-")));
    }
  }

  @Test
  void twoProcessesBuildingOneIndexTakeTurns() throws Exception {
    writeCorpus("gamma");
    List<Process> builds = new ArrayList<>(List.of(build(), build()));
    for (Process p : builds) {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue());
    }
    assertTrue(new Indexer(index).isCurrent(corpus, null));
    assertEquals(
        FILES, Indexer.manifest(Indexer.current(index).orElseThrow()).orElseThrow().documents());
    assertEquals(5, answers("gamma"));
  }
}
