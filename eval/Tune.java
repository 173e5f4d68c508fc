// Measures ranking parameters one at a time around the defaults, on the TUNING split only (the
// held-out split stays unseen). Run: java -cp app/target/askdocs.jar eval/Tune.java [shared-dir]
import java.nio.file.*;
import java.util.*;
import java.util.function.UnaryOperator;
import org.askdocs.*;
import org.askdocs.cli.QuestionFile;
import org.askdocs.eval.*;
import org.askdocs.search.SearchParams;

public class Tune {
  record Set(String name, Path corpus, List<EvalQuestion> questions) {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
    List<Set> sets = List.of(
        load("seeds", Path.of("corpus")),
        load("avs", Path.of("core/src/test/resources/corpora/azure-vmware")),
        load("well-architected", shared.resolve("corpora/well-architected")));
    Path tmp = Files.createTempDirectory("askdocs-tune");
    Map<String, UnaryOperator<SearchParams>> variants = new LinkedHashMap<>();
    variants.put("defaults", p -> p);
    for (float w : new float[] {0, 0.25f, 1}) variants.put("phrase=" + w, p -> p.toBuilder().phraseBoost(w).build());
    for (float w : new float[] {0, 0.15f, 0.6f}) variants.put("pair=" + w, p -> p.toBuilder().pairBoost(w).build());
    for (float w : new float[] {0.3f, 0.45f, 0.8f, 1}) variants.put("synonym=" + w, p -> p.toBuilder().synonymBoost(w).build());
    for (float w : new float[] {1.3f, 1.6f}) variants.put("named=" + w, p -> p.toBuilder().namedBoost(w).build());
    for (float k1 : new float[] {0.8f, 1.0f, 1.5f}) variants.put("k1=" + k1, p -> p.toBuilder().k1(k1).build());
    for (float b : new float[] {0.4f, 0.6f, 0.9f}) variants.put("b=" + b, p -> p.toBuilder().b(b).build());
    for (int m : new int[] {1, 2, 5}) variants.put("perDoc=" + m, p -> p.toBuilder().maxPerDocument(m).build());
    String only = System.getProperty("only");
    System.out.printf("%-16s %s%n", "variant", "hit@1 / MRR per set (tune split), then macro MRR");
    for (var v : variants.entrySet()) {
      if (only != null && !v.getKey().startsWith(only) && !v.getKey().equals("defaults")) continue;
      SearchParams params = v.getValue().apply(SearchParams.DEFAULTS);
      StringBuilder line = new StringBuilder(String.format("%-16s", v.getKey()));
      double macro = 0;
      for (Set s : sets) {
        try (AskDocs docs = AskDocs.open(s.corpus(), c -> c.index(tmp.resolve(s.name())).ranking(params))) {
          Evaluation.Row r = Evaluation.row(s.name(), Evaluation.outcomes((q, k) -> reply(docs.ask(q, new AskOptions(k))), s.questions(), 5), 5);
          line.append(String.format(Locale.ROOT, "  %s %.3f/%.3f d%.2f", s.name().substring(0, 3), r.hit1(), r.mrr(), r.declineRate()));
          macro += r.mrr() / sets.size();
        }
      }
      System.out.println(line + String.format(Locale.ROOT, "  macro %.4f", macro));
    }
  }

  static Evaluation.Reply reply(AskResult r) {
    return new Evaluation.Reply(r.results().stream().map(p -> new Evaluation.Ranked(p.source(), p.heading(), p.text())).toList(),
        r.answered() ? new Evaluation.Ranked(r.answer().source(), r.answer().heading(), r.answer().text()) : null);
  }

  static Set load(String name, Path corpus) throws Exception {
    return new Set(name, corpus, QuestionFile.read(Path.of("eval", name + ".jsonl")).stream().filter(q -> q.split().equals("tune")).toList());
  }
}
