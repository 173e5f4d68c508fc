// Prints, for each TUNING question, how much of it the top passage covers, to calibrate when the
// engine declines. Run: java -cp app/target/askdocs.jar eval/Calibrate.java [shared-dir]
import java.nio.file.*;
import java.util.*;
import org.askdocs.answer.AnswerFinder;
import org.askdocs.eval.EvalQuestion;
import org.askdocs.index.IndexStore;
import org.askdocs.search.*;

public class Calibrate {
  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
    Map<String, Path> corpora = new LinkedHashMap<>();
    corpora.put("seeds", Path.of("corpus"));
    corpora.put("avs", Path.of("core/src/test/resources/corpora/azure-vmware"));
    corpora.put("well-architected", shared.resolve("corpora/well-architected"));
    Path tmp = Files.createTempDirectory("askdocs-calibrate");
    QuestionParser parser = QuestionParser.english();
    AnswerFinder finder = new AnswerFinder(parser);
    List<double[]> points = new ArrayList<>();
    for (var c : corpora.entrySet()) {
      IndexStore.ensureCurrent(c.getValue().toAbsolutePath(), tmp.resolve(c.getKey()), IndexStore.Progress.NONE);
      try (LuceneBackend b = new LuceneBackend(IndexStore.current(tmp.resolve(c.getKey())).orElseThrow())) {
        for (EvalQuestion q : Tune.load(c.getKey(), c.getValue()).questions()) {
          Hits h = b.search(parser.parse(q.question()), 5);
          double cov = h.hits().isEmpty() ? 0 : finder.coverage(h, h.hits().getFirst());
          boolean unknown = h.concepts().stream().anyMatch(Hits.Concept::unknown) && h.vocabulary() >= 2000;
          points.add(new double[] {cov, q.answerable() ? 1 : 0, unknown ? 1 : 0});
          System.out.printf(Locale.ROOT, "%.3f %s %s %-5s %s%n", cov, unknown ? "U" : "-", q.answerable() ? "ans " : "NONE", q.id(), q.question());
        }
      }
    }
    for (double t = 0.2; t <= 0.51; t += 0.05) for (double t2 = 0.4; t2 <= 0.71; t2 += 0.1) {
      int ans = 0, ansOk = 0, none = 0, noneOk = 0;
      for (double[] p : points) {
        boolean answers = p[0] >= t && (p[2] == 0 || p[0] >= t2);
        if (p[1] == 1) { ans++; if (answers) ansOk++; } else { none++; if (!answers) noneOk++; }
      }
      System.out.printf(Locale.ROOT, "threshold %.2f / with unknown words %.2f: answered %.3f of answerable, declined %.3f of unanswerable%n", t, t2, (double) ansOk / ans, (double) noneOk / none);
    }
  }
}
