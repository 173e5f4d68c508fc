package org.askdocs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The index in use.
 *
 * @param corpus the corpus folder it was built from
 * @param documents documents indexed
 * @param passages passages indexed
 * @param builtAt when it was built
 * @param semantic whether meaning joins words in ranking, and if not, why not yet
 * @param problem what is wrong with the index now, in words for the user (it is damaged and being
 *     rebuilt, or it cannot be updated and answers as it was built), or null when nothing is
 */
public record Status(
    Path corpus,
    int documents,
    int passages,
    Instant builtAt,
    Semantic semantic,
    @Nullable String problem) {
  public Status {
    Objects.requireNonNull(semantic, "semantic");
  }

  /** Whether the index answers as it should: up to date as far as it knows, and sound. */
  public boolean ok() {
    return problem == null;
  }

  /**
   * Where meaning stands.
   *
   * @param state what ranks now
   * @param model the embedding model's id, or null when there is none
   * @param embedded passages given vectors so far in the current embedding run
   * @param toEmbed passages that needed vectors when the run started (0 when none did)
   * @param reason for {@link State#UNAVAILABLE}: why, in words for the user; otherwise null
   */
  public record Semantic(
      State state, @Nullable String model, int embedded, int toEmbed, @Nullable String reason) {
    public Semantic {
      Objects.requireNonNull(state, "state");
    }

    static final Semantic OFF = new Semantic(State.OFF, null, 0, 0, null);

    /** Whether questions are ranked and answered by meaning as well as words right now. */
    public boolean ready() {
      return state == State.READY;
    }
  }

  /** What ranks the passages now. */
  public enum State {
    /** Words only, as asked ({@code --semantic off}). */
    OFF,
    /** Words only while the model loads. */
    LOADING,
    /** Words only while passages get their vectors. */
    EMBEDDING,
    /** Words and meaning. */
    READY,
    /** Words only: the model cannot be used here (the reason says why). */
    UNAVAILABLE
  }
}
