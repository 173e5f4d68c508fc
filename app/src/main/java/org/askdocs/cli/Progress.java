package org.askdocs.cli;

import java.io.PrintWriter;
import org.askdocs.index.IndexStore;

/**
 * Build progress for people: a bar redrawn in place on a terminal, a plain line every 10% otherwise.
 * Small corpora build in a blink, so nothing is shown until a build has run for a second.
 */
final class Progress implements IndexStore.Progress {
  private static final long QUIET_NANOS = 1_000_000_000L;
  private final PrintWriter err;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private int lastDecile = 0;
  private long lastDraw;

  private Progress(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  static Progress forStderr(PrintWriter err) {
    return new Progress(err, System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM")));
  }

  @Override
  public void update(int files, int totalFiles, long bytes, long totalBytes) {
    long now = System.nanoTime();
    if (now - start < QUIET_NANOS) {
      return; // a build this quick needs no progress report, not even a final line
    }
    double share = totalBytes > 0 ? (double) bytes / totalBytes : (double) files / Math.max(1, totalFiles);
    double seconds = (now - start) / 1e9;
    long eta = share > 0 ? Math.round(seconds / share - seconds) : -1;
    String line = String.format("indexing: %d/%d files, %.1f/%.1f MB, %.0f%%, ETA %ds",
        files, totalFiles, bytes / 1e6, totalBytes / 1e6, share * 100, Math.max(0, eta));
    if (terminal) {
      if (now - lastDraw > 100_000_000L || files == totalFiles) {
        int width = 30;
        int filled = (int) Math.round(share * width);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + line + "   ");
        if (files == totalFiles) {
          err.println();
        }
        err.flush();
        lastDraw = now;
      }
    } else {
      int decile = (int) Math.floor(share * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        err.println(line);
        err.flush();
      }
    }
  }
}
