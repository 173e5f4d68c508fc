package org.askdocs.index;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
 * @param embedded passages given vectors after the words were indexed (0 when none needed them or
 *     meaning is off)
 * @param embedding time spent giving them vectors
 * @param repaired why the index was rebuilt although the corpus had not changed (it was damaged),
 *     or null
 */
public record IndexReport(
    boolean rebuilt,
    boolean incremental,
    Instant builtAt,
    int documents,
    int passages,
    List<Indexed> indexed,
    List<Skipped> skipped,
    List<String> removed,
    Duration took,
    int embedded,
    Duration embedding,
    @Nullable String repaired) {
  public IndexReport {
    indexed = List.copyOf(indexed);
    skipped = List.copyOf(skipped);
    removed = List.copyOf(removed);
  }

  /** A report of indexing words, before any embedding. */
  public IndexReport(
      boolean rebuilt,
      boolean incremental,
      Instant builtAt,
      int documents,
      int passages,
      List<Indexed> indexed,
      List<Skipped> skipped,
      List<String> removed,
      Duration took) {
    this(
        rebuilt,
        incremental,
        builtAt,
        documents,
        passages,
        indexed,
        skipped,
        removed,
        took,
        0,
        Duration.ZERO,
        null);
  }

  /** This report, with the embedding that followed. */
  public IndexReport withEmbedding(int passages, Duration took) {
    return new IndexReport(
        rebuilt,
        incremental,
        builtAt,
        documents,
        this.passages,
        indexed,
        skipped,
        removed,
        this.took,
        passages,
        took,
        repaired);
  }

  /** This report of a rebuild, saying it repaired a damaged index. */
  public IndexReport withRepair(String damage) {
    return new IndexReport(
        rebuilt,
        incremental,
        builtAt,
        documents,
        passages,
        indexed,
        skipped,
        removed,
        took,
        embedded,
        embedding,
        damage);
  }

  /** An indexed file: its passages, and how it was decoded when that was not plain UTF-8. */
  public record Indexed(String source, int sections, int passages, String note) {}

  /** A file left out, and why. */
  public record Skipped(String source, String reason) {}
}
