package org.askdocs.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexerTest {
  @TempDir Path corpus;
  @TempDir Path index;

  @Test
  void buildsOnceThenOnlyWhenTheCorpusReallyChanged() throws IOException {
    Files.writeString(corpus.resolve("a.md"), "# A\n\nAlpha text.\n");
    IndexReport first = new Indexer(index).update(corpus, null, Progress.NONE, false);
    assertTrue(first.rebuilt());
    assertEquals(List.of(new IndexReport.Indexed("a.md", 1, 1, null)), first.indexed());

    assertFalse(new Indexer(index).update(corpus, null, Progress.NONE, false).rebuilt());

    // Touched but unchanged: the hash says it is the same file.
    Files.setLastModifiedTime(
        corpus.resolve("a.md"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertTrue(new Indexer(index).isCurrent(corpus, null));

    Files.writeString(corpus.resolve("a.md"), "# A\n\nAlpha text, changed.\n");
    assertFalse(new Indexer(index).isCurrent(corpus, null));
    Files.writeString(corpus.resolve("a.md"), "# A\n\nAlpha text.\n");
    Files.writeString(corpus.resolve("b.md"), "# B\n\nBeta.\n");
    IndexReport third = new Indexer(index).update(corpus, null, Progress.NONE, false);
    assertTrue(third.rebuilt());
    assertEquals(2, third.documents());
    Files.delete(corpus.resolve("b.md"));
    assertFalse(new Indexer(index).isCurrent(corpus, null));
  }

  @Test
  void aBuildSwitchesGenerationsAndLeavesOnlyTheCurrentOne() throws IOException {
    Files.writeString(corpus.resolve("a.md"), "# A\n\nAlpha.\n");
    new Indexer(index).update(corpus, null, Progress.NONE, true);
    Path before = Indexer.current(index).orElseThrow();
    new Indexer(index).update(corpus, null, Progress.NONE, true);
    Path after = Indexer.current(index).orElseThrow();
    assertFalse(before.equals(after));
    assertFalse(Files.exists(before));
    try (var s = Files.list(index)) {
      assertEquals(
          List.of("CURRENT", "build.lock", after.getFileName().toString()),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void anInterruptedBuildNeverReplacesTheLastGoodIndex() throws IOException {
    Files.writeString(corpus.resolve("a.md"), "# A\n\nAlpha.\n");
    new Indexer(index).update(corpus, null, Progress.NONE, true);
    Path good = Indexer.current(index).orElseThrow();
    // What a crash mid-build leaves: a half-written folder beside the good one.
    Files.createDirectories(index.resolve("building-123"));
    Files.writeString(index.resolve("building-123/_0.cfs"), "half");
    assertEquals(good, Indexer.current(index).orElseThrow());
    assertTrue(new Indexer(index).isCurrent(corpus, null));
    new Indexer(index).update(corpus, null, Progress.NONE, true);
    assertFalse(
        Files.exists(index.resolve("building-123")), "leftovers are cleaned by the next build");
  }

  @Test
  void fewChangesAreIndexedInPlaceAndOnlyTheChangedFilesAreRead() throws IOException {
    for (int i = 0; i < 6; i++) {
      Files.writeString(
          corpus.resolve("f" + i + ".md"), "# F" + i + "\n\nText number " + i + ".\n");
    }
    IndexReport full = new Indexer(index).update(corpus, null, Progress.NONE, false);
    assertFalse(full.incremental());
    Path gen = Indexer.current(index).orElseThrow();

    Files.writeString(
        corpus.resolve("f1.md"), "# F1\n\nRewritten.\n\n## More\n\nA second section.\n");
    Files.delete(corpus.resolve("f2.md"));
    Files.writeString(corpus.resolve("g.md"), "# G\n\nNew file.\n");
    IndexReport update = new Indexer(index).update(corpus, null, Progress.NONE, false);
    assertTrue(update.rebuilt());
    assertTrue(update.incremental());
    assertEquals(
        List.of(
            new IndexReport.Indexed("f1.md", 2, 2, null),
            new IndexReport.Indexed("g.md", 1, 1, null)),
        update.indexed());
    assertEquals(List.of("f2.md"), update.removed());
    assertEquals(6, update.documents());
    assertEquals(7, update.passages());
    assertEquals(gen, Indexer.current(index).orElseThrow(), "updated in place, same generation");
    assertTrue(new Indexer(index).isCurrent(corpus, null));
  }

  @Test
  void whenMostFilesChangeTheIndexIsRebuiltAsANewGeneration() throws IOException {
    for (int i = 0; i < 4; i++) {
      Files.writeString(corpus.resolve("f" + i + ".md"), "# F" + i + "\n\nText " + i + ".\n");
    }
    new Indexer(index).update(corpus, null, Progress.NONE, false);
    Path gen = Indexer.current(index).orElseThrow();
    for (int i = 0; i < 4; i++) {
      Files.writeString(corpus.resolve("f" + i + ".md"), "# F" + i + "\n\nOther text " + i + ".\n");
    }
    IndexReport r = new Indexer(index).update(corpus, null, Progress.NONE, false);
    assertFalse(r.incremental());
    assertFalse(gen.equals(Indexer.current(index).orElseThrow()));
  }

  @Test
  void aCurrentFilePointingOutsideTheIndexIsIgnored() throws IOException {
    Files.writeString(index.resolve("CURRENT"), "../../etc\n");
    assertTrue(Indexer.current(index).isEmpty());
    Files.writeString(index.resolve("CURRENT"), "gen-../x\n");
    assertTrue(Indexer.current(index).isEmpty());
  }
}
