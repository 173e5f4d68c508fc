package org.askdocs.index;

/**
 * Receives the progress of a build: files read, then passages embedded. Called on the thread doing
 * the work; implementations must be quick.
 */
public interface Progress {
  Progress NONE =
      new Progress() {
        @Override
        public void indexed(int files, int totalFiles, long bytes, long totalBytes) {}
      };

  /** After each file read and indexed. */
  void indexed(int files, int totalFiles, long bytes, long totalBytes);

  /** After each batch of passages embedded; {@code done == total} at the end. */
  default void embedded(int done, int total) {}

  /**
   * Something the user should know about the index, once, in words: a damaged index being rebuilt,
   * an index folder that cannot be written, what a killed build left behind.
   */
  default void note(String message) {}
}
