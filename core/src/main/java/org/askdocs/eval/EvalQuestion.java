package org.askdocs.eval;

import java.util.List;
import java.util.Objects;

/**
 * One question of an evaluation set.
 *
 * @param id short stable name
 * @param question the question as a user would ask it
 * @param kind what sort of question it is (paraphrase, who/what/how, keyword, typo, spread, yes/no, unanswerable)
 * @param split "tune" or "heldout"
 * @param expect passages that answer it (any one counts); empty when the docs do not answer it
 */
public record EvalQuestion(String id, String question, String kind, String split, List<Expected> expect) {
  public EvalQuestion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(question, "question");
    kind = kind == null ? "" : kind;
    split = split == null ? "tune" : split;
    expect = List.copyOf(expect);
  }

  public boolean answerable() {
    return !expect.isEmpty();
  }

  /**
   * A passage that answers the question: its document, its heading, and a phrase it must contain
   * (case and spacing ignored). Heading or phrase may be null when any passage of the document counts.
   */
  public record Expected(String source, String heading, String phrase) {
    public Expected {
      Objects.requireNonNull(source, "source");
    }

    public boolean matches(String source, String heading, String text) {
      return this.source.equals(source)
          && (this.heading == null || norm(this.heading).equals(norm(heading)))
          && (phrase == null || norm(text).contains(norm(phrase)));
    }

    private static String norm(String s) {
      return s == null ? "" : s.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
  }
}
