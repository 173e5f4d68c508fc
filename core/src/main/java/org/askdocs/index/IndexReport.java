package org.askdocs.index;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What an index build or freshness check did.
 *
 * @param rebuilt true when the index changed, false when it was already current
 * @param incremental true when only the changed files were re-indexed, in place
 * @param builtAt when the index in use was built or last updated
 * @param documents documents indexed
 * @param passages passages indexed
 * @param indexed one line per indexed file
 * @param skipped one line per file left out, with the reason
 * @param removed files no longer in the corpus whose passages were removed (incremental updates)
 * @param took time spent, including the freshness check
 */
public record IndexReport(boolean rebuilt, boolean incremental, Instant builtAt, int documents, int passages,
    List<Indexed> indexed, List<Skipped> skipped, List<String> removed, Duration took) {
  public IndexReport {
    indexed = List.copyOf(indexed);
    skipped = List.copyOf(skipped);
    removed = List.copyOf(removed);
  }

  /** An indexed file: its passages, and how it was decoded when that was not plain UTF-8. */
  public record Indexed(String source, int sections, int passages, String note) {}

  /** A file left out, and why. */
  public record Skipped(String source, String reason) {}
}
