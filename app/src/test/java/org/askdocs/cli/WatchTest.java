package org.askdocs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.askdocs.AskDocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's corpus watcher when re-indexing fails: said once, retried less often, recovery said. */
class WatchTest {
  @Test
  void aFailingReindexIsSaidOnceBackedOffAndItsRecoverySaid(@TempDir Path root, @TempDir Path index)
      throws Exception {
    Path corpus = Files.createDirectories(root.resolve("docs"));
    Files.writeString(corpus.resolve("a.md"), "# A\n\nKeys rotate every year.\n");
    StringWriter err = new StringWriter();
    try (AskDocs docs = AskDocs.open(corpus, c -> c.index(index).semantic(AskDocs.Semantic.OFF))) {
      ServeCommand.Watch watch = new ServeCommand.Watch(docs, new PrintWriter(err, true), 1);
      Path moved = root.resolve("moved");
      Files.move(corpus, moved);
      for (int i = 0; i < 5; i++) {
        watch.run();
      }
      Thread.sleep(2_100);
      watch.run(); // after the first back-off: tried again, the same failure is not said again
      Files.move(moved, corpus);
      Thread.sleep(4_100);
      watch.run();
      assertEquals(
          List.of(
              "askdocs: re-indexing failed, still serving the previous index (retrying less often):"
                  + " no such file or folder: "
                  + corpus
                  + " (the corpus must be a directory of documents)",
              "askdocs: re-indexing works again"),
          err.toString().lines().toList());
      assertEquals("a.md", docs.ask("how often do keys rotate").results().getFirst().source());
    }
  }
}
