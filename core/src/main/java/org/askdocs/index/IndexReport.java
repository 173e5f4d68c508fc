package org.askdocs.index;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What an index build or freshness check did.
 *
 * @param rebuilt true when the index was (re)built, false when it was already current
 * @param builtAt when the index in use was built
 * @param documents documents indexed
 * @param passages passages indexed
 * @param indexed one line per indexed file
 * @param skipped one line per file left out, with the reason
 * @param took time spent, including the freshness check
 */
public record IndexReport(boolean rebuilt, Instant builtAt, int documents, int passages,
    List<Indexed> indexed, List<Skipped> skipped, Duration took) {
  public IndexReport {
    indexed = List.copyOf(indexed);
    skipped = List.copyOf(skipped);
  }

  /** An indexed file: its passages, and how it was decoded when that was not plain UTF-8. */
  public record Indexed(String source, int sections, int passages, String note) {}

  /** A file left out, and why. */
  public record Skipped(String source, String reason) {}
}
