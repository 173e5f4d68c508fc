// Chooses how the answer sentence is picked and when the engine declines (AnswerFinder.Weights), on
// the TUNE split of the blind question sets; the held-out split is never read. First the sentence
// weights, with declining off (share of answerable questions whose sentence is the labelled answer),
// then the decline thresholds (right answer sentences, answerable questions answered and unanswerable
// ones declined, weighed alike). Uses the indexes eval/FitFusion.java leaves in the temporary folder. Run from the project root:
//   java -cp app/target/askdocs.jar eval/TuneAnswers.java [shared-dir]
import java.nio.file.*;
import java.util.*;
import org.askdocs.answer.AnswerFinder;
import org.askdocs.cli.QuestionFile;
import org.askdocs.embed.*;
import org.askdocs.eval.EvalQuestion;
import org.askdocs.index.*;
import org.askdocs.search.*;

public class TuneAnswers {
  record Asked(String set, EvalQuestion question, Hits hits) {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
    String[][] sets = {{"seeds", "corpus", "eval/seeds-blind.jsonl"},
        {"azure-vmware", shared.resolve("corpora/azure-vmware").toString(), shared.resolve("eval/blind-azure-vmware.jsonl").toString()},
        {"well-architected", shared.resolve("corpora/well-architected").toString(), shared.resolve("eval/blind-well-architected.jsonl").toString()}};
    QuestionParser parser = QuestionParser.english();
    List<Asked> asked = new ArrayList<>();
    try (Embedder embedder = Embedders.find().orElseThrow().load()) {
      for (String[] s : sets) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "askdocs-fit-" + s[0]);
        Indexer indexer = new Indexer(dir);
        indexer.update(Path.of(s[1]).toAbsolutePath(), embedder.id(), Progress.NONE, false);
        indexer.embed(embedder, Progress.NONE);
        try (LuceneBackend b = new LuceneBackend(Indexer.current(dir).orElseThrow())) {
          for (EvalQuestion q : tune(Path.of(s[2]))) {
            asked.add(new Asked(s[0], q, b.search(parser.parse(q.question()), embedder.embedQuestion(q.question()), 5, Retrieval.FUSED)));
          }
        }
      }
    }
    System.out.println("defaults: " + Arrays.toString(score(asked, parser, AnswerFinder.Weights.DEFAULTS)));
    AnswerFinder.Weights best = null;
    double bestRight = -1;
    for (double meaning : new double[] {0.5, 1, 2, 3}) {
      for (double words : new double[] {0.5, 1}) {
        for (double heading : new double[] {0, 0.5}) {
          for (double kind : new double[] {0, 0.25, 0.5}) {
            for (double rank : new double[] {0.15, 0.3, 0.5, 1}) {
              for (double position : new double[] {0, 0.01, 0.03}) {
                AnswerFinder.Weights w = new AnswerFinder.Weights(meaning, words, heading, kind, rank, position, 0, 0, 0, -1, false);
                double right = score(asked, parser, w)[0];
                if (right > bestRight + 1e-9) {
                  bestRight = right;
                  best = w;
                }
              }
            }
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "best sentence weights (declining off): %s -> right %.3f%n", best, bestRight);
    System.out.println("minCoverage minCoverageOpen minWithUnknown standOut kindRequired : right answered declined mean");
    AnswerFinder.Weights chosen = null;
    double bestBalance = -1;
    for (double min : new double[] {0.2, 0.3, 0.4, 0.5}) {
     for (double open : new double[] {0.1, 0.2, 0.3, 0.4}) {
      for (double unknown : new double[] {0.4, 0.5, 0.6, 0.7, 0.8}) {
        for (double lead : new double[] {-1, 0.01, 0.02, 0.03, 0.05}) {
          for (boolean kindRequired : new boolean[] {false, true}) {
            AnswerFinder.Weights w = new AnswerFinder.Weights(best.meaning(), best.words(), best.heading(), best.kind(), best.rank(),
                best.position(), min, open, unknown, lead, kindRequired);
            double[] r = score(asked, parser, w);
            double balanced = (r[0] + r[1] + r[2]) / 3;
            System.out.printf(Locale.ROOT, "%.2f %.2f %.2f %.3f %-5s : %.3f %.3f %.3f %.3f%n", min, open, unknown, lead, kindRequired, r[0], r[1], r[2], balanced);
            if (balanced > bestBalance + 1e-9) {
              bestBalance = balanced;
              chosen = w;
            }
          }
        }
       }
      }
    }
    System.out.println("chosen: " + chosen + " -> " + Arrays.toString(score(asked, parser, chosen)));
    AnswerFinder finder = new AnswerFinder(parser, chosen);
    System.out.println("wrong decisions with the chosen weights:");
    for (Asked a : asked) {
      boolean answered = finder.find(a.hits(), a.question().question()).isPresent();
      if (answered != a.question().answerable()) {
        System.out.println("  " + (answered ? "answered " : "declined ") + a.question().id() + " " + a.question().question());
      }
    }
  }

  static List<EvalQuestion> tune(Path file) throws Exception {
    return QuestionFile.read(file).stream().filter(q -> q.split().equals("tune")).toList();
  }

  /** Right answer sentences and answered rate over answerable questions, declined rate over the others. */
  static double[] score(List<Asked> asked, QuestionParser parser, AnswerFinder.Weights w) {
    AnswerFinder finder = new AnswerFinder(parser, w);
    int answerable = 0, right = 0, answered = 0, unanswerable = 0, declined = 0;
    for (Asked a : asked) {
      Optional<AnswerFinder.Found> f = finder.find(a.hits(), a.question().question());
      if (a.question().answerable()) {
        answerable++;
        if (f.isPresent()) {
          answered++;
          Hit h = f.get().hit();
          if (a.question().expect().stream().anyMatch(e -> e.answeredBy(h.source(), h.heading(), f.get().sentence()))) {
            right++;
          }
        }
      } else {
        unanswerable++;
        declined += f.isPresent() ? 0 : 1;
      }
    }
    return new double[] {right / (double) answerable, answered / (double) answerable, declined / (double) unanswerable};
  }
}
