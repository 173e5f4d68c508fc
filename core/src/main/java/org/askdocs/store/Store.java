package org.askdocs.index;

import java.io.IOException;
import java.nio.file.Path;
import org.askdocs.search.SearchBackend;
import org.askdocs.search.SearchParams;

/**
 * Where the passages of a corpus are kept and how they are kept current: the embedded Lucene index
 * in a folder ({@link EmbeddedStore}, the default) or a search cluster. Every front door talks to a
 * store through {@link org.askdocs.AskDocs}, so they answer alike whichever holds the passages.
 */
public interface Store {
  /**
   * Brings the index up to date with the corpus: nothing when it is current, only what changed when
   * little did, everything when {@code full}.
   */
  IndexReport update(Path corpus, IndexStore.Progress progress, boolean full) throws IOException;

  /**
   * Opens the current index for searching. A store may repair what it finds damaged on the way
   * (the embedded store rebuilds a damaged index from the corpus, reporting to {@code progress}).
   */
  SearchBackend open(Path corpus, SearchParams params, IndexStore.Progress progress) throws IOException;

  /**
   * Names the index {@link #open} would open now. When it changes after an update, the backend in
   * use is replaced; when it stays the same, the backend is {@linkplain SearchBackend#refresh refreshed}.
   */
  String version() throws IOException;

  /** Where the index is, for messages: a folder or a cluster's address and index name. */
  String describe();
}
