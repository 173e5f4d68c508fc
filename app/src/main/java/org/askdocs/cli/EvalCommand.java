package org.askdocs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.askdocs.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.askdocs.AskDocs;
import org.askdocs.index.IndexStore;
import org.askdocs.index.Store;
import org.askdocs.search.SearchParams;
import java.util.Map;
import org.askdocs.AskOptions;
import org.askdocs.AskResult;
import org.askdocs.eval.Baseline;
import org.askdocs.eval.EvalQuestion;
import org.askdocs.eval.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code askdocs eval}: the engine and the baseline on the same questions in the same run, per split.
 */
@Command(name = "eval", description = "Measure answer quality on a question set (JSON lines): hit@1, hit@3, hit@K, MRR, answered and declined rates, misses.")
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CorpusOptions where = new CorpusOptions();

  @Parameters(index = "0", paramLabel = "QUESTIONS.jsonl", description = "One question per line: {\"id\", \"question\", \"kind\", \"split\", \"expect\": [{\"source\", \"heading\", \"phrase\"}]}; an empty expect means the docs do not answer it.")
  Path file;

  @Option(names = {"-k", "--top"}, paramLabel = "K", defaultValue = "5", description = "K of hit@K (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--split", paramLabel = "NAME", description = "Only this split (e.g. tune, so a held-out part stays unseen while tuning).")
  String onlySplit;

  @Option(names = "--no-baseline", description = "Skip the baseline row.")
  boolean noBaseline;

  @Option(names = "--misses", paramLabel = "SPLIT", defaultValue = "all",
      description = "Whose misses to list: a split name (e.g. tune, so a held-out part stays unseen), all, or none (default: ${DEFAULT-VALUE}).")
  String misses;

  @Override
  public Integer call() throws Exception {
    new AskOptions(top);
    List<EvalQuestion> questions = read(file).stream().filter(q -> onlySplit == null || q.split().equals(onlySplit)).toList();
    if (questions.isEmpty()) {
      throw new IllegalArgumentException(file + " has no questions in the split \"" + onlySplit + "\"");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Evaluation.Row> rows = new ArrayList<>();
    List<String> splits = questions.stream().map(EvalQuestion::split).distinct().sorted().toList();
    // With --backend opensearch, the embedded engine and the cluster answer the same questions in
    // this one run, each on its own row: they should agree, and any difference shows.
    Store cluster = where.openSearch() ? where.store() : null;
    try (AskDocs docs = AskDocs.open(where.corpus(), where.index());
         AskDocs remote = cluster == null ? null : AskDocs.open(where.corpus(), cluster, IndexStore.Progress.NONE, SearchParams.DEFAULTS);
         Baseline baseline = noBaseline ? null : new Baseline(where.corpus())) {
      List<Map.Entry<String, Evaluation.System>> systems = new ArrayList<>();
      systems.add(Map.entry(remote == null ? "askdocs" : "embedded", (q, k) -> reply(docs.ask(q, new AskOptions(k)))));
      if (remote != null) {
        systems.add(Map.entry("opensearch", (q, k) -> reply(remote.ask(q, new AskOptions(k)))));
      }
      out.printf("%-8s %-10s %5s %5s %6s %6s %6s %6s %9s %9s%n", "split", "system", "n", "unans", "hit@1", "hit@3", "hit@" + top, "MRR", "answered", "declined");
      for (String split : splitsWithAll(splits)) {
        List<EvalQuestion> part = split.equals("all") ? questions : questions.stream().filter(q -> q.split().equals(split)).toList();
        for (var system : systems) {
          Evaluation.Row row = Evaluation.run(system.getKey(), system.getValue(), part, top);
          print(out, split, row);
          if (split.equals("all") || splits.size() == 1) {
            rows.add(row);
          }
        }
        if (baseline != null) {
          print(out, split, Evaluation.run("baseline", baseline, part, top));
        }
      }
    } finally {
      if (cluster instanceof AutoCloseable c) {
        c.close();
      }
    }
    if (!misses.equals("none")) {
      for (Evaluation.Row r : rows) {
        List<Evaluation.Miss> shown = r.misses().stream().filter(m -> misses.equals("all") || m.question().split().equals(misses)).toList();
        if (shown.isEmpty()) {
          continue;
        }
        out.println();
        out.println("Misses of " + r.system() + (misses.equals("all") ? "" : " on " + misses) + " (rank of the right passage, 0 = not in the top " + top + "):");
        for (Evaluation.Miss m : shown) {
          String what = m.question().answerable()
              ? (m.rank() == 1 ? "ranked first but declined" : "rank " + m.rank() + ", first: " + m.first())
              : "answered, but the docs do not hold the answer; first: " + m.first();
          out.printf("  %-10s %-12s %s%n             -> %s%n", m.question().id(), m.question().kind(), m.question().question(), what);
        }
      }
    }
    return Main.OK;
  }

  private static List<String> splitsWithAll(List<String> splits) {
    List<String> out = new ArrayList<>(splits);
    if (splits.size() > 1) {
      out.add("all");
    }
    return out;
  }

  private static void print(PrintWriter out, String split, Evaluation.Row r) {
    out.printf(Locale.ROOT, "%-8s %-10s %5d %5d %6.3f %6.3f %6.3f %6.3f %9s %9s%n", split, r.system(), r.answerable(), r.unanswerable(),
        r.hit1(), r.hit3(), r.hitK(), r.mrr(), String.format(Locale.ROOT, "%.3f", r.answeredRate()),
        Double.isNaN(r.declineRate()) ? "-" : String.format(Locale.ROOT, "%.3f", r.declineRate()));
  }

  private static Evaluation.Reply reply(AskResult r) {
    return new Evaluation.Reply(r.results().stream().map(p -> new Evaluation.Ranked(p.source(), p.heading(), p.text())).toList(), r.answered());
  }

  static List<EvalQuestion> read(Path file) throws IOException {
    List<EvalQuestion> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("//")) {
        continue;
      }
      try {
        JsonNode n = Json.MAPPER.readTree(line);
        List<EvalQuestion.Expected> expect = new ArrayList<>();
        if (n.has("expect")) {
          for (JsonNode e : n.get("expect")) {
            expect.add(expected(e));
          }
        } else if (n.has("source")) {
          expect.add(expected(n));
        }
        out.add(new EvalQuestion(text(n, "id", "q" + (i + 1)), required(n, "question"), text(n, "kind", ""), text(n, "split", "tune"), expect));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": not a valid question (" + e.getMessage().lines().findFirst().orElse("") + ")");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no questions");
    }
    return out;
  }

  private static EvalQuestion.Expected expected(JsonNode e) {
    return new EvalQuestion.Expected(required(e, "source"), text(e, "heading", null), text(e, "phrase", null));
  }

  private static String required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" is missing");
    }
    return v.asText();
  }

  private static String text(JsonNode n, String field, String fallback) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? fallback : v.asText();
  }
}
