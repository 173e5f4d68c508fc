package org.askdocs.index;

import java.nio.file.Path;

/**
 * Builds or refreshes an index in a process of its own, for tests that kill it or race two of them.
 */
public final class BuildMain {
  private BuildMain() {}

  public static void main(String[] args) throws Exception {
    IndexReport r =
        new Indexer(Path.of(args[1])).update(Path.of(args[0]), null, Progress.NONE, false);
    System.out.println(r.documents() + " documents, rebuilt " + r.rebuilt());
  }
}
