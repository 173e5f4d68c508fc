package org.askdocs.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The files of a corpus, whatever it is: a folder of documents ({@link Corpus#list}), or the local
 * mirror of a website ({@link Website#entries}, whose sources are the pages' URLs). The one place
 * indexing asks, so both kinds index, update and report alike. Stateless and thread-safe.
 */
public final class Sources {
  private Sources() {}

  /**
   * The corpus files under {@code root}, sorted by source.
   *
   * @throws IOException when {@code root} is not a readable directory
   */
  public static List<Corpus.FileEntry> list(Path root) throws IOException {
    return Website.isMirror(root) ? Website.entries(root) : Corpus.list(root);
  }
}
