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

class IndexStoreTest {
  @TempDir Path corpus;
  @TempDir Path index;

  @Test
  void buildsOnceThenOnlyWhenTheCorpusReallyChanged() throws IOException {
    Files.writeString(corpus.resolve("a.md"), "# A\n\nAlpha text.\n");
    IndexReport first = IndexStore.ensureCurrent(corpus, index, IndexStore.Progress.NONE);
    assertTrue(first.rebuilt());
    assertEquals(List.of(new IndexReport.Indexed("a.md", 1, 1, null)), first.indexed());

    assertFalse(IndexStore.ensureCurrent(corpus, index, IndexStore.Progress.NONE).rebuilt());

    // Touched but unchanged: the hash says it is the same file.
    Files.setLastModifiedTime(corpus.resolve("a.md"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertTrue(IndexStore.isCurrent(corpus, index));

    Files.writeString(corpus.resolve("a.md"), "# A\n\nAlpha text, changed.\n");
    assertFalse(IndexStore.isCurrent(corpus, index));
    Files.writeString(corpus.resolve("a.md"), "# A\n\nAlpha text.\n");
    Files.writeString(corpus.resolve("b.md"), "# B\n\nBeta.\n");
    IndexReport third = IndexStore.ensureCurrent(corpus, index, IndexStore.Progress.NONE);
    assertTrue(third.rebuilt());
    assertEquals(2, third.documents());
    Files.delete(corpus.resolve("b.md"));
    assertFalse(IndexStore.isCurrent(corpus, index));
  }

  @Test
  void aBuildSwitchesGenerationsAndLeavesOnlyTheCurrentOne() throws IOException {
    Files.writeString(corpus.resolve("a.md"), "# A\n\nAlpha.\n");
    IndexStore.build(corpus, index, IndexStore.Progress.NONE, true);
    Path before = IndexStore.current(index).orElseThrow();
    IndexStore.build(corpus, index, IndexStore.Progress.NONE, true);
    Path after = IndexStore.current(index).orElseThrow();
    assertFalse(before.equals(after));
    assertFalse(Files.exists(before));
    try (var s = Files.list(index)) {
      assertEquals(List.of("CURRENT", "build.lock", after.getFileName().toString()), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void anInterruptedBuildNeverReplacesTheLastGoodIndex() throws IOException {
    Files.writeString(corpus.resolve("a.md"), "# A\n\nAlpha.\n");
    IndexStore.build(corpus, index, IndexStore.Progress.NONE, true);
    Path good = IndexStore.current(index).orElseThrow();
    // What a crash mid-build leaves: a half-written folder beside the good one.
    Files.createDirectories(index.resolve("building-123"));
    Files.writeString(index.resolve("building-123/_0.cfs"), "half");
    assertEquals(good, IndexStore.current(index).orElseThrow());
    assertTrue(IndexStore.isCurrent(corpus, index));
    IndexStore.build(corpus, index, IndexStore.Progress.NONE, true);
    assertFalse(Files.exists(index.resolve("building-123")), "leftovers are cleaned by the next build");
  }

  @Test
  void fewChangesAreIndexedInPlaceAndOnlyTheChangedFilesAreRead() throws IOException {
    for (int i = 0; i < 6; i++) {
      Files.writeString(corpus.resolve("f" + i + ".md"), "# F" + i + "\n\nText number " + i + ".\n");
    }
    IndexReport full = IndexStore.ensureCurrent(corpus, index, IndexStore.Progress.NONE);
    assertFalse(full.incremental());
    Path gen = IndexStore.current(index).orElseThrow();

    Files.writeString(corpus.resolve("f1.md"), "# F1\n\nRewritten.\n\n## More\n\nA second section.\n");
    Files.delete(corpus.resolve("f2.md"));
    Files.writeString(corpus.resolve("g.md"), "# G\n\nNew file.\n");
    IndexReport update = IndexStore.ensureCurrent(corpus, index, IndexStore.Progress.NONE);
    assertTrue(update.rebuilt());
    assertTrue(update.incremental());
    assertEquals(List.of(new IndexReport.Indexed("f1.md", 2, 2, null), new IndexReport.Indexed("g.md", 1, 1, null)), update.indexed());
    assertEquals(List.of("f2.md"), update.removed());
    assertEquals(6, update.documents());
    assertEquals(7, update.passages());
    assertEquals(gen, IndexStore.current(index).orElseThrow(), "updated in place, same generation");
    assertTrue(IndexStore.isCurrent(corpus, index));
  }

  @Test
  void whenMostFilesChangeTheIndexIsRebuiltAsANewGeneration() throws IOException {
    for (int i = 0; i < 4; i++) {
      Files.writeString(corpus.resolve("f" + i + ".md"), "# F" + i + "\n\nText " + i + ".\n");
    }
    IndexStore.ensureCurrent(corpus, index, IndexStore.Progress.NONE);
    Path gen = IndexStore.current(index).orElseThrow();
    for (int i = 0; i < 4; i++) {
      Files.writeString(corpus.resolve("f" + i + ".md"), "# F" + i + "\n\nOther text " + i + ".\n");
    }
    IndexReport r = IndexStore.ensureCurrent(corpus, index, IndexStore.Progress.NONE);
    assertFalse(r.incremental());
    assertFalse(gen.equals(IndexStore.current(index).orElseThrow()));
  }

  @Test
  void aCurrentFilePointingOutsideTheIndexIsIgnored() throws IOException {
    Files.writeString(index.resolve("CURRENT"), "../../etc\n");
    assertTrue(IndexStore.current(index).isEmpty());
    Files.writeString(index.resolve("CURRENT"), "gen-../x\n");
    assertTrue(IndexStore.current(index).isEmpty());
  }
}
