package org.askdocs.store;

import java.io.IOException;
import java.nio.file.Path;
import org.askdocs.embed.Embedder;
import org.askdocs.index.IndexReport;
import org.askdocs.index.Progress;
import org.askdocs.search.SearchBackend;
import org.askdocs.search.SearchParams;
import org.jspecify.annotations.Nullable;

/**
 * Where the passages of a corpus are kept and how they are kept current: the embedded Lucene index
 * in a folder ({@link EmbeddedStore}, the default) or a search cluster. Every front door talks to a
 * store through {@link org.askdocs.AskDocs}, so they answer alike whichever holds the passages.
 *
 * <p>Words first, meaning after: {@link #update} makes the passages searchable by their words at
 * once (with the vectors the store already had for the same texts); {@link #embed} gives the others
 * their vectors, which takes longer.
 */
public interface Store {
  /**
   * Brings the index up to date with the corpus: nothing when it is current, only what changed when
   * little did, everything when {@code full}.
   *
   * @param model the {@linkplain Embedder#id() id} of the model whose vectors the passages should
   *     have, or null when meaning is off (vectors already stored are kept); a store holding
   *     another model's vectors rebuilds
   */
  IndexReport update(Path corpus, @Nullable String model, Progress progress, boolean full)
      throws IOException;

  /** How many passages have no vectors of this model yet. */
  int unembedded(String model) throws IOException;

  /**
   * Gives vectors to the passages that have none, reporting to {@code progress}; questions go on
   * being answered meanwhile.
   *
   * @return how many passages got vectors
   */
  int embed(Embedder embedder, Progress progress) throws IOException;

  /**
   * Opens the current index for searching. A store may repair what it finds damaged on the way (the
   * embedded store rebuilds a damaged index from the corpus, reporting to {@code progress}).
   */
  SearchBackend open(Path corpus, SearchParams params, Progress progress) throws IOException;

  /**
   * Names the index {@link #open} would open now. When it changes after an update, the backend in
   * use is replaced; when it stays the same, the backend is {@linkplain SearchBackend#refresh
   * refreshed}.
   */
  String version() throws IOException;

  /**
   * What the index holds as it is, without bringing it up to date (for answering from an index that
   * cannot be updated just now); empty when there is none or the store cannot tell.
   */
  default java.util.Optional<IndexReport> inUse() throws IOException {
    return java.util.Optional.empty();
  }

  /**
   * Checks the index's integrity (the embedded store verifies every file's checksum). The damage
   * found, in words, or empty when it is sound or the store cannot tell.
   */
  default java.util.Optional<String> damage() {
    return java.util.Optional.empty();
  }

  /** Where the index is, for messages: a folder or a cluster's address and index name. */
  String describe();
}
