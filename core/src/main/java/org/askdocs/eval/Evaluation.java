package org.askdocs.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores a system on an evaluation set: hit@1, hit@3, hit@K and MRR over the questions the docs
 * answer, how often those are answered, and how often the others are declined. Stateless.
 */
public final class Evaluation {
  private Evaluation() {}

  /** A system under evaluation: its ranked passages and whether it answered. */
  @FunctionalInterface
  public interface System {
    Reply ask(String question, int k);
  }

  /** What a system replied: ranked passages as (source, heading, text), and whether it answered. */
  public record Reply(List<Ranked> ranked, boolean answered) {
    public Reply {
      ranked = List.copyOf(ranked);
    }
  }

  public record Ranked(String source, String heading, String text) {}

  /** One question the system missed: where the right passage came, and what came first. */
  public record Miss(EvalQuestion question, int rank, String first, boolean answered) {}

  /**
   * Figures of one system on one set of questions.
   *
   * @param answerable how many questions the docs answer
   * @param unanswerable how many they do not
   * @param answeredRate share of answerable questions the system answered
   * @param declineRate share of unanswerable questions the system declined
   */
  public record Row(String system, int answerable, int unanswerable, double hit1, double hit3, double hitK, int k,
      double mrr, double answeredRate, double declineRate, List<Miss> misses) {
    public Row {
      misses = List.copyOf(misses);
    }
  }

  public static Row run(String name, System system, List<EvalQuestion> questions, int k) {
    int answerable = 0;
    int unanswerable = 0;
    int h1 = 0;
    int h3 = 0;
    int hk = 0;
    int answered = 0;
    int declined = 0;
    double rr = 0;
    List<Miss> misses = new ArrayList<>();
    for (EvalQuestion q : questions) {
      Reply reply = system.ask(q.question(), Math.max(k, 3));
      if (!q.answerable()) {
        unanswerable++;
        if (!reply.answered()) {
          declined++;
        } else {
          misses.add(new Miss(q, 0, first(reply), true));
        }
        continue;
      }
      answerable++;
      if (reply.answered()) {
        answered++;
      }
      int rank = 0;
      for (int i = 0; i < reply.ranked().size(); i++) {
        Ranked r = reply.ranked().get(i);
        if (q.expect().stream().anyMatch(e -> e.matches(r.source(), r.heading(), r.text()))) {
          rank = i + 1;
          break;
        }
      }
      if (rank == 1) {
        h1++;
      }
      if (rank >= 1 && rank <= 3) {
        h3++;
      }
      if (rank >= 1 && rank <= k) {
        hk++;
        rr += 1.0 / rank;
      }
      if (rank != 1 || !reply.answered()) {
        misses.add(new Miss(q, rank, first(reply), reply.answered()));
      }
    }
    double n = Math.max(1, answerable);
    return new Row(name, answerable, unanswerable, h1 / n, h3 / n, hk / n, k, rr / n,
        answered / n, unanswerable == 0 ? Double.NaN : (double) declined / unanswerable, misses);
  }

  private static String first(Reply reply) {
    if (reply.ranked().isEmpty()) {
      return "(nothing)";
    }
    Ranked r = reply.ranked().getFirst();
    return r.source() + " › " + r.heading();
  }
}
