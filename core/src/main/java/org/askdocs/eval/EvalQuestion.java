package org.askdocs.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One question of an evaluation set.
 *
 * @param id short stable name
 * @param question the question as a user would ask it
 * @param kind what sort of question it is (paraphrase, who/what/how, keyword, typo, yes/no,
 *     unanswerable…)
 * @param split "tune" or "heldout"
 * @param expect passages that answer it (any one counts); empty when the docs do not answer it
 */
public record EvalQuestion(
    String id, String question, String kind, String split, List<Expected> expect) {
  public EvalQuestion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(question, "question");
    kind =
        kind == null
            ? ""
            : kind; // absent from a question file: JSON gives null despite the contract
    split = split == null ? "tune" : split;
    expect = List.copyOf(expect);
  }

  public boolean answerable() {
    return !expect.isEmpty();
  }

  /**
   * This question with only the passages its writers labelled before seeing any ranking (no pooled
   * ones).
   */
  public EvalQuestion blindLabels() {
    List<Expected> blind = expect.stream().filter(e -> !e.pooled()).toList();
    return new EvalQuestion(id, question, kind, split, blind.isEmpty() ? expect : blind);
  }

  /**
   * A passage that answers the question: its document, its heading, and a phrase it must contain
   * (case and spacing ignored). Heading or phrase may be null when any passage of the document
   * counts.
   *
   * @param pooled true for passages found afterwards in a system's ranking and judged to answer too
   */
  public record Expected(
      String source, @Nullable String heading, @Nullable String phrase, boolean pooled) {
    public Expected {
      Objects.requireNonNull(source, "source");
    }

    public Expected(String source, @Nullable String heading, @Nullable String phrase) {
      this(source, heading, phrase, false);
    }

    public boolean matches(String source, String heading, String text) {
      return this.source.equals(source)
          && (this.heading == null || norm(this.heading).equals(norm(heading)))
          && (phrase == null || norm(text).contains(norm(phrase)));
    }

    /**
     * Whether an answer sentence from this passage says what the phrase says: it holds the phrase,
     * lies within it, or has most of its words (the phrase is the passage's answering words; a
     * sentence of the right passage that says something else is not the answer).
     */
    public boolean answeredBy(String source, String heading, String sentence) {
      if (!this.source.equals(source)
          || this.heading != null && !norm(this.heading).equals(norm(heading))) {
        return false;
      }
      if (phrase == null) {
        return true;
      }
      String s = norm(sentence);
      String p = norm(phrase);
      if (s.contains(p) || s.length() >= 20 && p.contains(s)) {
        return true;
      }
      Set<String> words = words(p);
      Set<String> said = words(s);
      long shared = words.stream().filter(said::contains).count();
      return !words.isEmpty() && shared >= 0.6 * words.size();
    }

    private static Set<String> words(String s) {
      Set<String> out = new HashSet<>();
      for (String w : s.split("[^\\p{L}\\p{N}]+")) {
        if (w.length() >= 3) {
          out.add(w);
        }
      }
      return out;
    }

    private static String norm(String s) {
      return s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
  }
}
