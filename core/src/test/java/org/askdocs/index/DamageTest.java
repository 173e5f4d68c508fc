package org.askdocs.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.lucene.index.CorruptIndexException;
import org.askdocs.AskDocs;
import org.askdocs.embed.Embedder;
import org.askdocs.search.SearchBackend;
import org.askdocs.search.SearchParams;
import org.askdocs.store.EmbeddedStore;
import org.askdocs.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged, read-only or half-built index folder: detected, said, and answered from or rebuilt.
 */
class DamageTest {
  static final Path CORPUS = Path.of("../corpus");
  static final String PATCHING =
      "AVS is responsible for periodic security patching of managed VMware software (ESXi, vCenter,"
          + " and NSX).";
  @TempDir Path index;

  /** Flips 8 bytes in the middle of the largest file of the generation in use. */
  static void flipBytes(Path index) throws IOException {
    Path gen = new Indexer(index).current().orElseThrow();
    Path largest;
    try (Stream<Path> files = Files.list(gen)) {
      largest =
          files
              .filter(Files::isRegularFile)
              .max(Comparator.comparingLong(p -> p.toFile().length()))
              .orElseThrow();
    }
    try (FileChannel ch =
        FileChannel.open(largest, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long at = ch.size() / 2;
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8);
      ch.read(b, at);
      for (int i = 0; i < 8; i++) {
        b.put(i, (byte) ~b.get(i));
      }
      b.rewind();
      ch.write(b, at);
    }
  }

  static final class Notes implements Progress {
    final List<String> said = new ArrayList<>();

    @Override
    public void indexed(int files, int totalFiles, long bytes, long totalBytes) {}

    @Override
    public void note(String message) {
      said.add(message);
    }
  }

  @Test
  void indexingFindsADamagedIndexAndRebuildsItInsteadOfCallingItCurrent() throws IOException {
    AskDocs.index(CORPUS, c -> c.index(index).semantic(AskDocs.Semantic.OFF), false);
    flipBytes(index);
    assertTrue(new Indexer(index).damage().isPresent());
    Notes notes = new Notes();
    IndexReport r =
        AskDocs.index(
            CORPUS, c -> c.index(index).semantic(AskDocs.Semantic.OFF).progress(notes), false);
    assertTrue(r.rebuilt());
    assertNotNull(r.repaired());
    assertEquals(1, notes.said.size());
    assertTrue(notes.said.getFirst().startsWith("the index is damaged ("), notes.said.getFirst());
    assertEquals(Optional.empty(), new Indexer(index).damage());
    IndexReport again =
        AskDocs.index(CORPUS, c -> c.index(index).semantic(AskDocs.Semantic.OFF), false);
    assertEquals(false, again.rebuilt());
    assertNull(again.repaired());
  }

  @Test
  void aServerOpeningADamagedIndexRebuildsItAndAnswers() throws IOException {
    AskDocs.index(CORPUS, c -> c.index(index).semantic(AskDocs.Semantic.OFF), false);
    flipBytes(index);
    Notes notes = new Notes();
    try (AskDocs docs =
        AskDocs.open(
            CORPUS,
            c -> c.index(index).semantic(AskDocs.Semantic.OFF).background(true).progress(notes))) {
      assertEquals(PATCHING, docs.ask("who handles patching").answer().text());
      assertTrue(docs.status().ok());
    }
    assertEquals(1, notes.said.size(), notes.said.toString());
    assertTrue(notes.said.getFirst().contains("is damaged"), notes.said.getFirst());
  }

  /**
   * The embedded store, whose backend fails its first search as a damaged file would, and says so
   * when checked.
   */
  static final class FailingOnce implements Store {
    final EmbeddedStore real;
    final AtomicInteger rebuilds = new AtomicInteger();
    volatile boolean damaged = true;

    FailingOnce(Path dir) {
      real = new EmbeddedStore(dir);
    }

    @Override
    public IndexReport update(Path corpus, String model, Progress progress, boolean full)
        throws IOException {
      if (full) {
        rebuilds.incrementAndGet();
        damaged = false;
      }
      return real.update(corpus, model, progress, full);
    }

    @Override
    public int unembedded(String model) throws IOException {
      return real.unembedded(model);
    }

    @Override
    public int embed(Embedder embedder, Progress progress) throws IOException {
      return real.embed(embedder, progress);
    }

    @Override
    public SearchBackend open(Path corpus, SearchParams params, Progress progress)
        throws IOException {
      SearchBackend b = real.open(corpus, params, progress);
      if (!damaged) {
        return b;
      }
      return (SearchBackend)
          java.lang.reflect.Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {SearchBackend.class},
              (proxy, method, args) -> {
                if (method.getName().equals("search")) {
                  throw new CorruptIndexException("checksum failed", "_0.cfs");
                }
                try {
                  return method.invoke(b, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public Optional<String> damage() {
      return damaged ? Optional.of("checksum failed (_0.cfs)") : Optional.empty();
    }

    @Override
    public Optional<IndexReport> inUse() {
      return real.inUse();
    }

    @Override
    public String version() throws IOException {
      return real.version() + (damaged ? "" : "#repaired");
    }

    @Override
    public String describe() {
      return real.describe();
    }
  }

  @Test
  void aReadThatFailsOnADamagedIndexRebuildsItAndTheQuestionIsAnswered() throws IOException {
    FailingOnce store = new FailingOnce(index);
    try (AskDocs docs = AskDocs.open(CORPUS, c -> c.store(store).semantic(AskDocs.Semantic.OFF))) {
      assertEquals(PATCHING, docs.ask("who handles patching").answer().text());
      assertEquals(1, store.rebuilds.get());
      assertTrue(docs.status().ok(), docs.status().problem());
      assertEquals(PATCHING, docs.ask("who handles patching").answer().text());
      assertEquals(1, store.rebuilds.get(), "a sound index is not rebuilt again");
    }
  }

  /** The embedded store in a folder it may read but not write. */
  static final class ReadOnly implements Store {
    final EmbeddedStore real;

    ReadOnly(Path dir) {
      real = new EmbeddedStore(dir);
    }

    @Override
    public IndexReport update(Path corpus, String model, Progress progress, boolean full)
        throws IOException {
      throw new AccessDeniedException(real.dir().resolve("build.lock").toString());
    }

    @Override
    public int unembedded(String model) {
      return 0;
    }

    @Override
    public int embed(Embedder embedder, Progress progress) {
      return 0;
    }

    @Override
    public SearchBackend open(Path corpus, SearchParams params, Progress progress)
        throws IOException {
      return real.open(corpus, params, progress);
    }

    @Override
    public Optional<IndexReport> inUse() {
      return real.inUse();
    }

    @Override
    public String version() throws IOException {
      return real.version();
    }

    @Override
    public String describe() {
      return real.describe();
    }
  }

  @Test
  void anIndexFolderThatCannotBeWrittenStillAnswersWithAWarning(@TempDir Path corpus)
      throws IOException {
    Files.writeString(
        corpus.resolve("keys.md"), "# Keys\n\n## Rotation\n\nKeys rotate every year.\n");
    AskDocs.index(corpus, c -> c.index(index).semantic(AskDocs.Semantic.OFF), false);
    Files.writeString(
        corpus.resolve("more.md"), "# More\n\nA change the read-only index cannot take.\n");
    Notes notes = new Notes();
    try (AskDocs docs =
        AskDocs.open(
            corpus,
            c -> c.store(new ReadOnly(index)).semantic(AskDocs.Semantic.OFF).progress(notes))) {
      assertEquals(
          "keys.md#rotation", docs.ask("how often do keys rotate").results().getFirst().id());
      assertEquals(false, docs.status().ok());
      String expected =
          "the index cannot be updated (permission denied: "
              + index.toAbsolutePath().normalize().resolve("build.lock")
              + "); answering from the index built at "
              + docs.status().builtAt()
              + ", which may miss recent changes to the corpus";
      assertEquals(expected, docs.status().problem());
      assertEquals(List.of(expected), notes.said);
    }
  }

  @Test
  void whatAKilledBuildLeftIsRemovedAtTheNextStart() throws IOException {
    AskDocs.index(CORPUS, c -> c.index(index).semantic(AskDocs.Semantic.OFF), false);
    Files.createDirectories(index.resolve("building-123/sub"));
    Files.writeString(index.resolve("building-123/sub/_0.cfs"), "half");
    Files.createDirectories(index.resolve("gen-1-old"));
    Notes notes = new Notes();
    try (AskDocs docs =
        AskDocs.open(CORPUS, c -> c.index(index).semantic(AskDocs.Semantic.OFF).progress(notes))) {
      assertEquals(PATCHING, docs.ask("who handles patching").answer().text());
    }
    assertTrue(Files.notExists(index.resolve("building-123")));
    assertTrue(Files.notExists(index.resolve("gen-1-old")));
    assertEquals(
        List.of(
            "removed 2 folders an interrupted build left in " + index.toAbsolutePath().normalize()),
        notes.said);
  }

  @Test
  void aFailedBuildLeavesNothingBehind(@TempDir Path corpus) throws IOException {
    Files.writeString(corpus.resolve("a.md"), "# A\n\nText.\n");
    Progress failing =
        new Progress() {
          @Override
          public void indexed(int files, int totalFiles, long bytes, long totalBytes) {
            throw new java.io.UncheckedIOException(new IOException("No space left on device"));
          }
        };
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.io.UncheckedIOException.class,
            () -> new Indexer(index).update(corpus, null, failing, true));
    assertEquals("No space left on device", e.getCause().getMessage());
    try (Stream<Path> left = Files.list(index)) {
      assertEquals(
          List.of(),
          left.map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("building-"))
              .toList());
    }
  }
}
