package org.askdocs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.askdocs.AskDocs;
import org.askdocs.AskOptions;
import org.askdocs.AskResult;
import org.askdocs.eval.Baseline;
import org.askdocs.eval.EvalQuestion;
import org.askdocs.eval.Evaluation;
import org.askdocs.search.Retrieval;
import org.askdocs.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code askdocs eval}: the engine, ranking by words, by meaning and by both, and the baseline, on
 * the same questions in the same run, per split and per kind of question.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Measure answer quality on a question set (JSON lines): hit@1, hit@3, hit@K, MRR, right"
            + " answer sentences, answered and declined rates, per split and kind, for words,"
            + " meaning and both; then the misses.")
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CorpusOptions where = new CorpusOptions();

  @Parameters(
      index = "0",
      paramLabel = "QUESTIONS.jsonl",
      description =
          "One question per line: {\"id\", \"question\", \"kind\", \"split\", \"expect\":"
              + " [{\"source\", \"heading\", \"phrase\"}]}; an empty expect means the docs do not"
              + " answer it.")
  Path file;

  @Option(
      names = {"-k", "--top"},
      paramLabel = "K",
      defaultValue = "5",
      description = "K of hit@K (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--split",
      paramLabel = "NAME",
      description = "Only this split (e.g. tune, so a held-out part stays unseen while tuning).")
  String onlySplit;

  @Option(names = "--no-baseline", description = "Skip the baseline row.")
  boolean noBaseline;

  @Option(
      names = "--labels",
      paramLabel = "all|blind",
      defaultValue = "all",
      description =
          "Which right passages count: all labelled ones, or blind (only those labelled before any"
              + " system's ranking was seen; entries marked \"judged\" are dropped). Default:"
              + " ${DEFAULT-VALUE}.")
  String labels;

  @Option(
      names = "--misses",
      paramLabel = "SPLIT",
      defaultValue = "all",
      description =
          "Whose misses to list: a split name (e.g. tune, so a held-out part stays unseen), all, or"
              + " none (default: ${DEFAULT-VALUE}).")
  String misses;

  /** A system under evaluation: its name in the rows, and how it is asked. */
  private record Named(String name, Evaluation.System system) {}

  @Override
  public Integer call() throws Exception {
    new AskOptions(top);
    if (!labels.equals("all") && !labels.equals("blind")) {
      throw new IllegalArgumentException("--labels must be all or blind, got " + labels);
    }
    List<EvalQuestion> questions =
        QuestionFile.read(file).stream()
            .filter(q -> onlySplit == null || q.split().equals(onlySplit))
            .map(q -> labels.equals("blind") ? q.blindLabels() : q)
            .toList();
    if (questions.isEmpty()) {
      throw new IllegalArgumentException(
          file + " has no questions in the split \"" + onlySplit + "\"");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<String> splits = questions.stream().map(EvalQuestion::split).distinct().sorted().toList();
    // With --backend opensearch, the embedded engine and the cluster answer the same questions in
    // this one run, each on its own rows: any difference shows.
    Store cluster = where.openSearch() ? where.store() : null;
    Map<String, List<Evaluation.Outcome>> outcomes = new LinkedHashMap<>();
    Progress progress = Progress.forStderr(spec.commandLine().getErr());
    try (AskDocs docs =
            AskDocs.open(
                where.corpus(),
                c -> c.index(where.index()).semantic(where.semantic).progress(progress));
        AskDocs remote =
            cluster == null
                ? null
                : AskDocs.open(where.corpus(), c -> c.store(cluster).semantic(where.semantic));
        Baseline baseline = noBaseline ? null : new Baseline(where.corpus())) {
      where.tellSkipped(docs.report(), progress);
      List<Named> systems = new ArrayList<>(systems(docs, remote == null ? "" : "embedded "));
      if (remote != null) {
        systems.addAll(systems(remote, "opensearch "));
      }
      if (baseline != null) {
        systems.add(new Named("baseline", baseline));
      }
      for (Named s : systems) {
        outcomes.put(s.name(), Evaluation.outcomes(s.system(), questions, top));
      }
    } finally {
      if (cluster instanceof AutoCloseable c) {
        c.close();
      }
    }
    int width = Math.max(8, outcomes.keySet().stream().mapToInt(String::length).max().orElse(8));
    // hit@K is its own column only when K is neither 1 nor 3.
    boolean hitK = top != 1 && top != 3;
    out.printf(
        "%-8s %-" + width + "s %4s %5s %6s %6s " + (hitK ? "%6s " : "%s") + "%6s %7s %9s %9s%n",
        "split",
        "system",
        "n",
        "unans",
        "hit@1",
        "hit@3",
        hitK ? "hit@" + top : "",
        "MRR",
        "answer",
        "answered",
        "declined");
    for (String split : splitsWithAll(splits)) {
      outcomes.forEach(
          (system, all) ->
              print(
                  out,
                  width,
                  hitK,
                  split,
                  Evaluation.row(
                      system,
                      all.stream()
                          .filter(o -> split.equals("all") || o.question().split().equals(split))
                          .toList(),
                      top)));
    }
    printKinds(out, outcomes);
    if (!misses.equals("none")) {
      String main = outcomes.keySet().iterator().next();
      List<Evaluation.Outcome> shown =
          outcomes.get(main).stream()
              .filter(Evaluation::missed)
              .filter(o -> misses.equals("all") || o.question().split().equals(misses))
              .toList();
      if (!shown.isEmpty()) {
        out.println();
        out.println(
            "Misses of "
                + main
                + (misses.equals("all") ? "" : " on " + misses)
                + " (rank of the right passage, 0 = not in the top "
                + top
                + "):");
        for (Evaluation.Outcome m : shown) {
          String what =
              !m.question().answerable()
                  ? "answered, but the docs do not hold the answer; first: " + m.first()
                  : !m.answered()
                      ? "rank " + m.rank() + ", declined; first: " + m.first()
                      : m.rank() == 1
                          ? "ranked first, but the answer sentence is not the labelled one"
                          : "rank "
                              + m.rank()
                              + (m.answerRight() ? ", answer right" : "")
                              + ", first: "
                              + m.first();
          out.printf(
              "  %-10s %-12s %s%n             -> %s%n",
              m.question().id(), m.question().kind(), m.question().question(), what);
        }
      }
    }
    return Main.OK;
  }

  /**
   * The engine's rows: words alone, meaning alone and both fused when its index has vectors; one
   * row ranked by words otherwise.
   */
  private static List<Named> systems(AskDocs docs, String prefix) {
    if (!docs.status().semantic().ready()) {
      return List.of(
          new Named(
              prefix + "askdocs",
              (q, k) -> reply(docs.ask(q, new AskOptions(k, Retrieval.LEXICAL)))));
    }
    return List.of(
        new Named(
            prefix + "fused", (q, k) -> reply(docs.ask(q, new AskOptions(k, Retrieval.FUSED)))),
        new Named(
            prefix + "words", (q, k) -> reply(docs.ask(q, new AskOptions(k, Retrieval.LEXICAL)))),
        new Named(
            prefix + "meaning", (q, k) -> reply(docs.ask(q, new AskOptions(k, Retrieval.DENSE)))));
  }

  /**
   * Per kind of question, over every split: hit@1 and right answers of each system, answered or
   * declined of the first.
   */
  private void printKinds(PrintWriter out, Map<String, List<Evaluation.Outcome>> outcomes) {
    List<String> kinds =
        outcomes.values().iterator().next().stream()
            .map(o -> o.question().kind())
            .distinct()
            .sorted()
            .toList();
    if (kinds.size() < 2) {
      return;
    }
    out.println();
    StringBuilder head = new StringBuilder(String.format("%-13s %4s", "kind", "n"));
    outcomes.keySet().forEach(s -> head.append(String.format("  %15s", s + " h@1/ans")));
    out.println(head + "  answered|declined");
    for (String kind : kinds) {
      StringBuilder line = new StringBuilder();
      Evaluation.Row first = null;
      for (var e : outcomes.entrySet()) {
        Evaluation.Row r =
            Evaluation.row(
                e.getKey(),
                e.getValue().stream().filter(o -> o.question().kind().equals(kind)).toList(),
                top);
        first = first == null ? r : first;
        line.append(
            r.answerable() == 0
                ? String.format("  %15s", "-")
                : String.format(
                    Locale.ROOT,
                    "  %15s",
                    String.format(Locale.ROOT, "%.2f/%.2f", r.hit1(), r.answerRate())));
      }
      String decided =
          first.answerable() > 0
              ? String.format(Locale.ROOT, "%.2f", first.answeredRate())
              : String.format(Locale.ROOT, "%.2f", first.declineRate());
      out.println(
          String.format("%-13s %4d", kind, first.answerable() + first.unanswerable())
              + line
              + "  "
              + decided);
    }
  }

  private static List<String> splitsWithAll(List<String> splits) {
    List<String> out = new ArrayList<>(splits);
    if (splits.size() > 1) {
      out.add("all");
    }
    return out;
  }

  private static void print(
      PrintWriter out, int width, boolean hitK, String split, Evaluation.Row r) {
    out.printf(
        Locale.ROOT,
        "%-8s %-"
            + width
            + "s %4d %5d %6.3f %6.3f "
            + (hitK ? String.format(Locale.ROOT, "%6.3f ", r.hitK()) : "")
            + "%6.3f %7.3f %9s %9s%n",
        split,
        r.system(),
        r.answerable(),
        r.unanswerable(),
        r.hit1(),
        r.hit3(),
        r.mrr(),
        r.answerRate(),
        String.format(Locale.ROOT, "%.3f", r.answeredRate()),
        Double.isNaN(r.declineRate()) ? "-" : String.format(Locale.ROOT, "%.3f", r.declineRate()));
  }

  private static Evaluation.Reply reply(AskResult r) {
    return new Evaluation.Reply(
        r.results().stream()
            .map(p -> new Evaluation.Ranked(p.source(), p.heading(), p.text()))
            .toList(),
        r.answered()
            ? new Evaluation.Ranked(r.answer().source(), r.answer().heading(), r.answer().text())
            : null);
  }
}
