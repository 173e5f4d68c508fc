package org.askdocs.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.askdocs.AskDocs;
import org.askdocs.AskOptions;
import org.askdocs.AskResult;
import org.askdocs.Passage;
import org.askdocs.PromptContext;
import org.askdocs.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code askdocs ask}: one question, or one per line of standard input with {@code --batch}. */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Answer a question from the docs: the answer sentence, then the ranked passages.",
    footer = {
      "",
      "Exit status: 0 answered, 1 the docs hold no answer, 2 bad usage, 3 cannot read the corpus or"
          + " index."
    })
final class AskCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CorpusOptions where = new CorpusOptions();

  @Parameters(
      arity = "0..*",
      paramLabel = "QUESTION",
      description = "The question, in your own words.")
  List<String> words = List.of();

  @Option(
      names = {"-k", "--top"},
      paramLabel = "K",
      defaultValue = "5",
      description = "Passages to show, 1..50 (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--json", description = "Print the result as JSON (same as --format json).")
  boolean json;

  /** How to print a result. */
  enum Format {
    text,
    json,
    context
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "text (for people; the default), json (the result contract) or context (numbered passages"
              + " and sources, ready for a chatbot's prompt). With --batch: json only.")
  Format format;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      defaultValue = "2000",
      description =
          "Token budget of --format context (about 4 characters per token), 100..100000. Default:"
              + " ${DEFAULT-VALUE}.")
  int maxTokens;

  @Option(
      names = "--batch",
      description =
          "Read one question per line from standard input; print one JSON object per line.")
  boolean batch;

  private final InputStream in;
  private final Engines engines;

  /**
   * @param engines where the engine comes from (opened for this command, or kept by the helper
   *     process)
   * @param base the folder relative paths are resolved against, or null for this process's own
   */
  AskCommand(InputStream in, Engines engines, java.nio.file.Path base) {
    this.in = in;
    this.engines = engines;
    this.where.base = base;
  }

  @Override
  public Integer call() throws Exception {
    AskOptions options = new AskOptions(top);
    if (format == Format.context) {
      PromptContext.of(
          new AskResult("", false, null, List.of(), null, 0),
          maxTokens); // checks the budget before any work
    }
    PrintWriter out = spec.commandLine().getOut();
    if (batch) {
      if (!words.isEmpty()) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "--batch reads questions from standard input; give no QUESTION with it");
      }
      if (format != null && format != Format.json) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "--batch prints one JSON object per question, one per line; --format "
                + format
                + " is for a single question");
      }
      try (AskDocs docs = where.open(Progress.forStderr(spec.commandLine().getErr()), false);
          BufferedReader r =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          out.println(batchLine(docs, line, options));
          out.flush();
        }
      }
      return Main.OK;
    }
    String question = String.join(" ", words);
    if (question.isBlank()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "give a question, like: askdocs ask \"who handles patching\" (or --batch to read"
              + " questions from standard input)");
    }
    AskDocs.checkQuestion(question); // before opening the index

    AskResult result;
    Progress progress = Progress.forStderr(spec.commandLine().getErr());
    try (Engines.Lease lease =
        engines.lease(
            new Engines.Key(
                where.corpus(), where.openSearch() ? null : where.index(), where.semantic),
            () -> where.open(progress, false))) {
      result = lease.docs().ask(question, options);
    }
    switch (json ? Format.json : format == null ? Format.text : format) {
      case json -> out.println(Json.write(result));
      case context -> out.println(PromptContext.of(result, maxTokens).text());
      case text -> printText(out, result);
    }
    return result.answered() ? Main.OK : Main.NO_RESULT;
  }

  private static String batchLine(AskDocs docs, String line, AskOptions options) {
    try {
      return Json.write(docs.ask(line, options));
    } catch (IllegalArgumentException e) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("query", line.length() > 200 ? line.substring(0, 200) + "…" : line);
      error.put("error", "bad_question");
      error.put("message", e.getMessage());
      return Json.write(error);
    }
  }

  static void printText(PrintWriter out, AskResult r) {
    if (r.didYouMean() != null) {
      out.println("Did you mean: " + Terminal.safe(r.didYouMean()));
      out.println();
    }
    if (r.answered()) {
      out.println("Answer: " + Terminal.safe(r.answer().text()));
      out.println(
          "  from "
              + Terminal.safe(r.answer().heading())
              + " — "
              + Terminal.safe(r.answer().source() + "#" + r.answer().anchor()));
    } else if (r.results().isEmpty()) {
      out.println("No passage matches this question.");
      return;
    } else {
      out.println("The docs don't answer this. The nearest passages:");
    }
    for (Passage p : r.results()) {
      out.println();
      out.printf("%d. %s%n", p.rank(), Terminal.safe(String.join(" › ", p.headingPath())));
      out.printf("   %s   (score %.2f)%n", Terminal.safe(p.id()), p.score());
      out.println("   " + Terminal.safe(plain(p.snippet())));
    }
  }

  /** A snippet for the terminal: marks dropped, HTML entities decoded. */
  static String plain(String snippet) {
    return snippet
        .replace("<mark>", "")
        .replace("</mark>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&amp;", "&")
        .replaceAll("\\s+", " ")
        .strip();
  }
}
