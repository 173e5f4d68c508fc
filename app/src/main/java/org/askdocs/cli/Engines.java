package org.askdocs.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.askdocs.AskDocs;

/**
 * Where a question's engine comes from: opened for the one command and closed after it (in
 * process), or kept open between commands by the helper process ({@code org.askdocs.daemon}), which
 * refreshes it when the corpus changed. Implementations are thread-safe.
 */
public interface Engines {
  /** Opens the corpus for this command and closes it after. */
  Engines IN_PROCESS = (key, opener) -> new Lease(opener.open(), true);

  /**
   * The engine for a corpus and index.
   *
   * @param key what identifies the engine: corpus, index and whether meaning joins
   * @param opener opens it the way the command would in process (building or updating the index
   *     first)
   */
  Lease lease(Key key, Opener opener) throws IOException;

  /** Opens an engine the way the command would. */
  @FunctionalInterface
  interface Opener {
    AskDocs open() throws IOException;
  }

  /** What makes two commands' engines the same one. */
  record Key(Path corpus, Path index, AskDocs.Semantic semantic) {}

  /** An engine for one command; closing it closes the engine only when the command opened it. */
  record Lease(AskDocs docs, boolean owned) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (owned) {
        docs.close();
      }
    }
  }
}
