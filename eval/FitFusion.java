// Fits the fusion weights (core/src/main/resources/org/askdocs/search/fusion.properties) on the TUNE
// split of the blind question sets: a conditional logistic regression over each question's candidates
// (the weights under which the right passages are most likely), with 5-fold cross-validation figures.
// Besides each set's own labels, eval/pool-tune.jsonl adds passages found in the top 3 of words, meaning
// or both for tuning questions and judged to answer them (blind to which system found them), so that the
// fit does not favour the system whose rankings the sets' own pooled labels came from.
// The held-out split is never read. Run from the project root after building the jar:
//   java -cp app/target/askdocs.jar eval/FitFusion.java [shared-dir] [--write]
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.*;
import java.util.*;
import org.askdocs.cli.QuestionFile;
import org.askdocs.embed.*;
import org.askdocs.eval.EvalQuestion;
import org.askdocs.index.*;
import org.askdocs.search.*;

public class FitFusion {
  record QuestionSet(String name, Path corpus, Path file) {}
  /** One tuning question: its candidates' features, which are right, and the candidates themselves. */
  record Example(String set, float[][] features, boolean[] right, List<Candidate> candidates, Map<String, Boolean> rightIds) {}

  static final double L2 = 0.01;

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "../shared");
    boolean write = List.of(args).contains("--write");
    List<QuestionSet> sets = List.of(
        new QuestionSet("seeds", Path.of("corpus"), Path.of("eval/seeds-blind.jsonl")),
        new QuestionSet("azure-vmware", shared.resolve("corpora/azure-vmware"), shared.resolve("eval/blind-azure-vmware.jsonl")),
        new QuestionSet("well-architected", shared.resolve("corpora/well-architected"), shared.resolve("eval/blind-well-architected.jsonl")));
    Map<String, List<EvalQuestion.Expected>> pooled = pooled(Path.of("eval/pool-tune.jsonl"));
    List<Example> examples = new ArrayList<>();
    QuestionParser parser = QuestionParser.english();
    try (Embedder embedder = Embedders.find().orElseThrow(() -> new IllegalStateException("no embedding model on the class path")).load()) {
      for (QuestionSet s : sets) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "askdocs-fit-" + s.name());
        Indexer indexer = new Indexer(dir);
        indexer.update(s.corpus().toAbsolutePath(), embedder.id(), Progress.NONE, false);
        indexer.embed(embedder, Progress.NONE);
        try (LuceneBackend b = new LuceneBackend(Indexer.current(dir).orElseThrow())) {
          Map<String, Hit> passages = new HashMap<>();
          for (SearchBackend.DocumentInfo d : b.documents()) {
            b.document(d.source()).forEach(h -> passages.put(h.id(), h));
          }
          for (EvalQuestion tuning : tune(s.file())) {
            if (!tuning.answerable()) {
              continue;
            }
            List<EvalQuestion.Expected> expect = new ArrayList<>(tuning.expect());
            expect.addAll(pooled.getOrDefault(s.name() + "/" + tuning.id(), List.of()));
            EvalQuestion q = new EvalQuestion(tuning.id(), tuning.question(), tuning.kind(), tuning.split(), expect);
            Hits h = b.search(parser.parse(q.question()), embedder.embedQuestion(q.question()), 50, Retrieval.FUSED);
            List<Candidate> cs = h.candidates();
            boolean[] right = new boolean[cs.size()];
            Map<String, Boolean> ids = new HashMap<>();
            for (int i = 0; i < cs.size(); i++) {
              Hit p = passages.get(cs.get(i).id());
              right[i] = q.expect().stream().anyMatch(e -> e.matches(p.source(), p.heading(), p.text()));
              ids.put(cs.get(i).id(), right[i]);
            }
            examples.add(new Example(s.name(), Fusion.features(cs), right, cs, ids));
          }
        }
      }
    }
    int n = Fusion.FEATURES.size();
    double[] mean = new double[n];
    double[] sd = new double[n];
    standardisation(examples, mean, sd);
    System.out.printf("%d tuning questions; 5-fold cross-validation, hit@1/hit@3/hit@5 per set:%n", examples.size());
    List<Example> shuffled = new ArrayList<>(examples);
    Collections.shuffle(shuffled, new Random(20261130));
    Map<String, int[]> fused = new TreeMap<>();
    Map<String, int[]> lexical = new TreeMap<>();
    Map<String, int[]> dense = new TreeMap<>();
    for (int fold = 0; fold < 5; fold++) {
      List<Example> train = new ArrayList<>();
      List<Example> test = new ArrayList<>();
      for (int i = 0; i < shuffled.size(); i++) {
        (i % 5 == fold ? test : train).add(shuffled.get(i));
      }
      Fusion f = fusion(fit(train, mean, sd), mean, sd);
      for (Example e : test) {
        count(fused, e, f, Retrieval.FUSED);
        count(lexical, e, f, Retrieval.LEXICAL);
        count(dense, e, f, Retrieval.DENSE);
      }
    }
    report("words", lexical);
    report("meaning", dense);
    report("fused", fused);
    Fusion all = fusion(fit(examples, mean, sd), mean, sd);
    System.out.println("weights fitted on all tuning questions: " + all);
    if (write) {
      StringBuilder props = new StringBuilder();
      props.append("# Fusion weights, fitted by eval/FitFusion.java on the tune split of the blind question sets\n")
          .append("# (eval/seeds-blind.jsonl, ../shared/eval/blind-azure-vmware.jsonl, ../shared/eval/blind-well-architected.jsonl):\n")
          .append("# a conditional logistic regression over each question's candidates, L2 ").append(L2).append(".\n")
          .append("# 5-fold cross-validated hit@1 on those questions: words ").append(total(lexical)).append(", meaning ")
          .append(total(dense)).append(", fused ").append(total(fused)).append(".\n");
      float[] w = all.weights();
      for (int i = 0; i < n; i++) {
        props.append(Fusion.FEATURES.get(i)).append('=').append(String.format(Locale.ROOT, "%.4f", w[i])).append('\n');
      }
      Path out = Path.of("core/src/main/resources/org/askdocs/search/fusion.properties");
      Files.writeString(out, props);
      System.out.println("wrote " + out);
    }
  }

  static List<EvalQuestion> tune(Path file) throws Exception {
    return QuestionFile.read(file).stream().filter(q -> q.split().equals("tune")).toList();
  }

  /** The extra judged passages, by set and question id. */
  static Map<String, List<EvalQuestion.Expected>> pooled(Path file) throws Exception {
    ObjectMapper om = new ObjectMapper();
    Map<String, List<EvalQuestion.Expected>> out = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        JsonNode n = om.readTree(line);
        out.computeIfAbsent(n.get("set").asText() + "/" + n.get("id").asText(), k -> new ArrayList<>())
            .add(new EvalQuestion.Expected(n.get("source").asText(), n.get("heading").asText(), n.get("phrase").asText(), true));
      }
    }
    return out;
  }

  static void standardisation(List<Example> examples, double[] mean, double[] sd) {
    int rows = 0;
    for (Example e : examples) {
      for (float[] r : e.features()) {
        for (int j = 0; j < mean.length; j++) {
          mean[j] += r[j];
        }
        rows++;
      }
    }
    for (int j = 0; j < mean.length; j++) {
      mean[j] /= rows;
    }
    for (Example e : examples) {
      for (float[] r : e.features()) {
        for (int j = 0; j < sd.length; j++) {
          sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
        }
      }
    }
    for (int j = 0; j < sd.length; j++) {
      sd[j] = Math.sqrt(sd[j] / rows) + 1e-9;
    }
  }

  /** Gradient ascent on the mean log-likelihood of the right candidates, standardised features, L2 penalty. */
  static double[] fit(List<Example> examples, double[] mean, double[] sd) {
    int n = mean.length;
    double[] w = new double[n];
    for (int iter = 0; iter < 3000; iter++) {
      double[] g = new double[n];
      int used = 0;
      for (Example e : examples) {
        float[][] x = e.features();
        boolean any = false;
        for (boolean r : e.right()) {
          any |= r;
        }
        if (!any) {
          continue;
        }
        used++;
        double[] s = new double[x.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
          for (int j = 0; j < n; j++) {
            s[i] += w[j] * (x[i][j] - mean[j]) / sd[j];
          }
          max = Math.max(max, s[i]);
        }
        double z = 0;
        double zRight = 0;
        for (int i = 0; i < x.length; i++) {
          s[i] = Math.exp(s[i] - max);
          z += s[i];
          zRight += e.right()[i] ? s[i] : 0;
        }
        for (int i = 0; i < x.length; i++) {
          double p = s[i] / z;
          double pRight = e.right()[i] ? s[i] / zRight : 0;
          for (int j = 0; j < n; j++) {
            g[j] += (pRight - p) * (x[i][j] - mean[j]) / sd[j];
          }
        }
      }
      for (int j = 0; j < n; j++) {
        w[j] += 0.5 * (g[j] / Math.max(1, used) - L2 * w[j]);
      }
    }
    return w;
  }

  /** Weights on standardised features as weights on raw ones (the shift is the same for every candidate, so it drops). */
  static Fusion fusion(double[] w, double[] mean, double[] sd) {
    Map<String, Float> raw = new LinkedHashMap<>();
    for (int j = 0; j < w.length; j++) {
      raw.put(Fusion.FEATURES.get(j), (float) (w[j] / sd[j]));
    }
    return Fusion.of(raw);
  }

  static void count(Map<String, int[]> tally, Example e, Fusion f, Retrieval mode) {
    List<Fusion.Scored> ranked = f.rank(e.candidates(), mode, 5, 3);
    int rank = 0;
    for (int i = 0; i < ranked.size(); i++) {
      if (e.rightIds().get(ranked.get(i).candidate().id())) {
        rank = i + 1;
        break;
      }
    }
    int[] t = tally.computeIfAbsent(e.set(), k -> new int[4]);
    t[0]++;
    t[1] += rank == 1 ? 1 : 0;
    t[2] += rank >= 1 && rank <= 3 ? 1 : 0;
    t[3] += rank >= 1 ? 1 : 0;
  }

  static void report(String name, Map<String, int[]> tally) {
    StringBuilder line = new StringBuilder(String.format("  %-8s", name));
    tally.forEach((set, t) -> line.append(String.format(Locale.ROOT, "  %s %.2f/%.2f/%.2f", set, t[1] / (double) t[0], t[2] / (double) t[0], t[3] / (double) t[0])));
    System.out.println(line + "  all hit@1 " + total(tally));
  }

  static String total(Map<String, int[]> tally) {
    int n = 0;
    int h = 0;
    for (int[] t : tally.values()) {
      n += t[0];
      h += t[1];
    }
    return String.format(Locale.ROOT, "%.3f", h / (double) n);
  }
}
