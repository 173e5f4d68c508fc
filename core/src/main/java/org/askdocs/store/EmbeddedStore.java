package org.askdocs.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.askdocs.embed.Embedder;
import org.askdocs.index.IndexReport;
import org.askdocs.index.Indexer;
import org.askdocs.index.Progress;
import org.askdocs.search.LuceneBackend;
import org.askdocs.search.SearchBackend;
import org.askdocs.search.SearchParams;
import org.jspecify.annotations.Nullable;

/**
 * The embedded index: a folder of Lucene index generations on this machine (see {@link Indexer}).
 */
public final class EmbeddedStore implements Store {
  private final Path dir;

  public EmbeddedStore(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  @Override
  public IndexReport update(Path corpus, @Nullable String model, Progress progress, boolean full)
      throws IOException {
    Indexer indexer = new Indexer(dir);
    int removed = indexer.removeLeftovers();
    if (removed > 0) {
      progress.note(
          "removed "
              + removed
              + (removed == 1 ? " folder" : " folders")
              + " an interrupted build left in "
              + dir);
    }
    return indexer.update(corpus, model, progress, full);
  }

  @Override
  public java.util.Optional<IndexReport> inUse() {
    return new Indexer(dir).inUse();
  }

  @Override
  public java.util.Optional<String> damage() {
    return new Indexer(dir).damage();
  }

  @Override
  public int unembedded(String model) throws IOException {
    return new Indexer(dir).unembedded(model);
  }

  @Override
  public int embed(Embedder embedder, Progress progress) throws IOException {
    return new Indexer(dir).embed(embedder, progress);
  }

  /**
   * Opens the index in use; one that cannot be opened (a truncated, missing or corrupt file) is
   * rebuilt from the corpus, which is the truth.
   */
  @Override
  public SearchBackend open(Path corpus, SearchParams params, Progress progress)
      throws IOException {
    try {
      return new LuceneBackend(generation(), params);
    } catch (CorruptIndexException
        | IndexFormatTooOldException
        | IndexFormatTooNewException
        | EOFException
        | NoSuchFileException e) {
      progress.note(
          "the index in "
              + dir
              + " is damaged ("
              + e.getMessage()
              + "); rebuilding it from the corpus");
      update(corpus, null, progress, true);
      return new LuceneBackend(generation(), params);
    }
  }

  private Path generation() throws IOException {
    return Indexer.current(dir)
        .orElseThrow(
            () -> new IOException("the index in " + dir + " disappeared while opening it"));
  }

  @Override
  public String version() throws IOException {
    return generation().toString();
  }

  @Override
  public String describe() {
    return "the index in " + dir;
  }
}
