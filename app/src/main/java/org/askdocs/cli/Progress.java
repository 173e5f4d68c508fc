package org.askdocs.cli;

import java.io.PrintWriter;

/**
 * Build progress for people: a bar redrawn in place on a terminal, a plain line every 10%
 * otherwise; one for reading and indexing the files, then one for embedding the passages. Small
 * corpora build in a blink, so nothing is shown until a stage has run for a second.
 */
final class Progress implements org.askdocs.index.Progress {
  private static final long QUIET_NANOS = 1_000_000_000L;
  private final PrintWriter err;
  private final boolean terminal;
  private final Stage indexing = new Stage("indexing");
  private final Stage embedding = new Stage("embedding");

  private Progress(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  static Progress forStderr(PrintWriter err) {
    return new Progress(
        err,
        System.console() != null
            && System.getenv("TERM") != null
            && !"dumb".equals(System.getenv("TERM")));
  }

  @Override
  public void indexed(int files, int totalFiles, long bytes, long totalBytes) {
    double share =
        totalBytes > 0 ? (double) bytes / totalBytes : (double) files / Math.max(1, totalFiles);
    indexing.show(
        share,
        files == totalFiles,
        String.format(
            "%d/%d files, %.1f/%.1f MB", files, totalFiles, bytes / 1e6, totalBytes / 1e6));
  }

  @Override
  public void embedded(int done, int total) {
    embedding.show(
        (double) done / Math.max(1, total),
        done >= total,
        String.format("%d/%d passages", done, total));
  }

  @Override
  public void note(String message) {
    err.println("askdocs: " + message);
    err.flush();
  }

  /** One stage's report: quiet for its first second, then a bar or a line per 10%. */
  private final class Stage {
    private final String name;
    private long start = -1;
    private int lastDecile;
    private long lastDraw;

    Stage(String name) {
      this.name = name;
    }

    void show(double share, boolean last, String what) {
      long now = System.nanoTime();
      if (start < 0) {
        start = now;
      }
      if (now - start < QUIET_NANOS) {
        return; // a stage this quick needs no progress report, not even a final line
      }
      double seconds = (now - start) / 1e9;
      long eta = share > 0 ? Math.round(seconds / share - seconds) : -1;
      String line =
          String.format("%s: %s, %.0f%%, ETA %ds", name, what, share * 100, Math.max(0, eta));
      if (terminal) {
        if (now - lastDraw > 100_000_000L || last) {
          int width = 30;
          int filled = (int) Math.round(Math.min(1, share) * width);
          err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + line + "   ");
          if (last) {
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
}
