package org.askdocs.eval;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Scores a system on an evaluation set: hit@1, hit@3, hit@K and MRR over the questions the docs
 * answer, how often the answer sentence is right, how often those questions are answered, and how
 * often the others are declined. Stateless.
 */
public final class Evaluation {
  private Evaluation() {}

  /** A system under evaluation: its ranked passages, and its answer sentence unless it declined. */
  @FunctionalInterface
  public interface System {
    Reply ask(String question, int k);
  }

  /**
   * What a system replied.
   *
   * @param ranked passages as (source, heading, text), best first
   * @param answer the answer sentence and where it came from, null when it declined; a system that
   *     answers without a sentence (the baseline) gives one made of its first passage
   */
  public record Reply(List<Ranked> ranked, @Nullable Ranked answer) {
    public Reply {
      ranked = List.copyOf(ranked);
    }

    public boolean answered() {
      return answer != null;
    }
  }

  public record Ranked(String source, String heading, String text) {}

  /**
   * How a system did on one question.
   *
   * @param rank where the first right passage came, 1-based; 0 when not in the top K
   * @param answerRight whether the answer sentence says what the labels say (false when declined)
   * @param first the first passage as "source › heading", for reading misses
   */
  public record Outcome(
      EvalQuestion question, int rank, boolean answered, boolean answerRight, String first) {}

  /** Asks every question; the figures are then read from the outcomes with {@link #row}. */
  public static List<Outcome> outcomes(System system, List<EvalQuestion> questions, int k) {
    List<Outcome> out = new ArrayList<>(questions.size());
    for (EvalQuestion q : questions) {
      Reply reply = system.ask(q.question(), Math.max(k, 3));
      int rank = 0;
      for (int i = 0; i < Math.min(k, reply.ranked().size()); i++) {
        Ranked r = reply.ranked().get(i);
        if (q.expect().stream().anyMatch(e -> e.matches(r.source(), r.heading(), r.text()))) {
          rank = i + 1;
          break;
        }
      }
      Ranked a = reply.answer();
      boolean right =
          a != null
              && q.expect().stream().anyMatch(e -> e.answeredBy(a.source(), a.heading(), a.text()));
      String first =
          reply.ranked().isEmpty()
              ? "(nothing)"
              : reply.ranked().getFirst().source() + " › " + reply.ranked().getFirst().heading();
      out.add(new Outcome(q, rank, reply.answered(), right, first));
    }
    return out;
  }

  /**
   * Figures of one system on some questions.
   *
   * @param answerable how many questions the docs answer
   * @param unanswerable how many they do not
   * @param answerRate share of answerable questions whose answer sentence is right (declining one
   *     is wrong)
   * @param answeredRate share of answerable questions the system answered
   * @param declineRate share of unanswerable questions the system declined; NaN when there are none
   */
  public record Row(
      String system,
      int answerable,
      int unanswerable,
      double hit1,
      double hit3,
      double hitK,
      int k,
      double mrr,
      double answerRate,
      double answeredRate,
      double declineRate) {}

  public static Row row(String system, List<Outcome> outcomes, int k) {
    int answerable = 0;
    int unanswerable = 0;
    int h1 = 0;
    int h3 = 0;
    int hk = 0;
    int right = 0;
    int answered = 0;
    int declined = 0;
    double rr = 0;
    for (Outcome o : outcomes) {
      if (!o.question().answerable()) {
        unanswerable++;
        declined += o.answered() ? 0 : 1;
        continue;
      }
      answerable++;
      answered += o.answered() ? 1 : 0;
      right += o.answerRight() ? 1 : 0;
      h1 += o.rank() == 1 ? 1 : 0;
      h3 += o.rank() >= 1 && o.rank() <= 3 ? 1 : 0;
      if (o.rank() >= 1) {
        hk++;
        rr += 1.0 / o.rank();
      }
    }
    double n = Math.max(1, answerable);
    return new Row(
        system,
        answerable,
        unanswerable,
        h1 / n,
        h3 / n,
        hk / n,
        k,
        rr / n,
        right / n,
        answered / n,
        unanswerable == 0 ? Double.NaN : (double) declined / unanswerable);
  }

  /**
   * Whether the outcome is a miss worth reading: the right passage not first, the answer wrong, or
   * a wrong decision to answer.
   */
  public static boolean missed(Outcome o) {
    return o.question().answerable() ? o.rank() != 1 || !o.answerRight() : o.answered();
  }
}
