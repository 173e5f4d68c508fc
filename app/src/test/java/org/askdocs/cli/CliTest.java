package org.askdocs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.askdocs.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line through picocli's injected writers: output, exit codes and one-line errors. */
class CliTest {
  @TempDir static Path index;

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return Json.MAPPER.readTree(out);
    }
  }

  static Run runWithInput(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.isEmpty()
        && !all.contains("--corpus")
        && !all.getFirst().startsWith("-")
        && !all.getFirst().equals("help")) {
      all.addAll(1, List.of("--corpus", "../corpus", "--index", index.toString()));
    }
    int code =
        Main.run(
            all.toArray(String[]::new),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  static Run run(String... args) {
    return runWithInput("", args);
  }

  @Test
  void namesAndTextFromTheCorpusReachTheTerminalEscaped(@TempDir Path corpus, @TempDir Path idx)
      throws Exception {
    Files.writeString(
        corpus.resolve("evil\u001b[2J\nname.md"),
        "# Rotation \u202egnirts\n\nKeys rotate every year \u001b[31mred\u001b[0m.\n");
    Files.write(corpus.resolve("skip\u0007.bin"), new byte[] {0, 1, 2});
    Run index =
        run("index", "--corpus", corpus.toString(), "--index", idx.toString(), "--semantic", "off");
    assertTrue(
        index.out().contains("indexed  evil\\x1b[2J\\nname.md  (1 section, 1 passage)"),
        index.out());
    assertTrue(index.out().contains("skipped  skip\\x07.bin  ("), index.out());
    Run ask =
        run(
            "ask",
            "how often do keys rotate",
            "--corpus",
            corpus.toString(),
            "--index",
            idx.toString(),
            "--semantic",
            "off");
    assertFalse(ask.out().contains("\u001b") || ask.out().contains("\u202e"), ask.out());
    assertTrue(ask.out().contains("Keys rotate every year \\x1b[31mred\\x1b[0m."), ask.out());
    assertTrue(ask.out().contains("Rotation \\u202egnirts"), ask.out());
  }

  @Test
  void askJsonFollowsTheContract() throws Exception {
    Run r = run("ask", "--json", "who handles patching");
    assertEquals(0, r.code(), r.err());
    JsonNode j = r.json();
    List<String> fields = new ArrayList<>();
    j.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("query", "answered", "answer", "results", "didYouMean", "tookMs"), fields);
    assertEquals("who handles patching", j.get("query").asText());
    assertTrue(j.get("answered").asBoolean());
    assertEquals(
        "AVS is responsible for periodic security patching of managed VMware software (ESXi,"
            + " vCenter, and NSX).",
        j.at("/answer/text").asText());
    assertEquals("avs-security-overview.md", j.at("/answer/source").asText());
    assertEquals("Vulnerability and patch management", j.at("/answer/heading").asText());
    assertEquals("vulnerability-and-patch-management", j.at("/answer/anchor").asText());
    JsonNode first = j.get("results").get(0);
    List<String> passageFields = new ArrayList<>();
    first.fieldNames().forEachRemaining(passageFields::add);
    assertEquals(
        List.of(
            "rank",
            "score",
            "id",
            "source",
            "title",
            "heading",
            "headingPath",
            "anchor",
            "text",
            "snippet"),
        passageFields);
    assertEquals(1, first.get("rank").asInt());
    assertEquals(
        "avs-security-overview.md#vulnerability-and-patch-management", first.get("id").asText());
    assertEquals(
        "Azure VMware Solutions (AVS) - Security for AVS Services",
        first.at("/headingPath/0").asText());
    assertTrue(j.get("didYouMean").isNull());
    assertTrue(j.get("tookMs").isIntegralNumber());
  }

  @Test
  void askPrintsTheAnswerThenRankedPassagesWithHeadingPathAndSource() {
    Run r = run("ask", "who", "handles", "patching");
    assertEquals(0, r.code());
    List<String> lines = r.out().lines().toList();
    assertEquals(
        "Answer: AVS is responsible for periodic security patching of managed VMware software"
            + " (ESXi, vCenter, and NSX).",
        lines.get(0));
    assertEquals(
        "  from Vulnerability and patch management —"
            + " avs-security-overview.md#vulnerability-and-patch-management",
        lines.get(1));
    assertEquals(
        "1. Azure VMware Solutions (AVS) - Security for AVS Services › Vulnerability and patch"
            + " management",
        lines.get(3));
    assertTrue(
        lines
            .get(4)
            .startsWith(
                "   avs-security-overview.md#vulnerability-and-patch-management   (score "));
  }

  @Test
  void formatContextPrintsNumberedPassagesAndSourcesWithinTheBudget() {
    Run r =
        run(
            "ask",
            "--format",
            "context",
            "--top",
            "1",
            "--max-tokens",
            "150",
            "who handles patching");
    assertEquals(0, r.code(), r.err());
    assertEquals(
        """
        [1] Azure VMware Solutions (AVS) - Security for AVS Services › Vulnerability and patch management — avs-security-overview.md#vulnerability-and-patch-management
        AVS is responsible for periodic security patching of managed VMware software (ESXi, vCenter, and NSX).

        Sources:
        [1] avs-security-overview.md#vulnerability-and-patch-management (Vulnerability and patch management)
        """,
        r.out());
    Run bad = run("ask", "--format", "context", "--max-tokens", "5", "x");
    assertEquals(2, bad.code());
    assertEquals("askdocs: max_tokens must be between 100 and 100000, got 5\n", bad.err());
  }

  @Test
  void aQuestionTheDocsDoNotAnswerExitsWithOne() throws Exception {
    Run r = run("ask", "--json", "how much does it cost per month");
    assertEquals(1, r.code());
    assertFalse(r.json().get("answered").asBoolean());
    assertTrue(r.json().get("answer").isNull());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "AND",
        "C++",
        "\"unbalanced",
        "*",
        "field:value",
        "[1 TO 5]",
        "who handles patching?",
        "-- --",
        "%s%n"
      })
  void hostileQuestionsGiveJsonAndExitZeroOrOne(String q) throws Exception {
    Run r = run("ask", "--json", "--", q);
    assertTrue(r.code() == 0 || r.code() == 1, "exit " + r.code() + ": " + r.err());
    assertEquals(q, r.json().get("query").asText());
    assertEquals("", r.err());
  }

  @Test
  void aTenThousandCharacterQuestionIsAnswered() throws Exception {
    Run r = run("ask", "--json", "patching ".repeat(1112).substring(0, 10_000));
    assertEquals(0, r.code(), r.err());
    assertEquals(
        "avs-security-overview.md#vulnerability-and-patch-management",
        r.json().at("/results/0/id").asText());
  }

  @Test
  void badUsageIsOneLineOnStderrWithExitTwo() {
    Run top = run("ask", "--top", "0", "x");
    assertEquals(2, top.code());
    assertEquals("askdocs: top must be between 1 and 50, got 0\n", top.err());
    Run notNumber = run("ask", "--top", "many", "x");
    assertEquals(2, notNumber.code());
    assertEquals(1, notNumber.err().lines().count(), notNumber.err());
    Run unknown = run("ask", "--nope", "x");
    assertEquals(2, unknown.code());
    assertEquals("askdocs: Unknown option: '--nope' (see 'askdocs ask --help')\n", unknown.err());
    Run noCommand = run("frobnicate");
    assertEquals(2, noCommand.code());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ask", "serve", "index", "eval", "mcp"})
  void everySubcommandPrintsItsHelpAndVersionAndExitsZero(String command) {
    for (String flag : List.of("--help", "-h")) {
      Run help = run(command, flag);
      assertEquals(0, help.code(), help.err());
      assertTrue(help.out().startsWith("Usage: askdocs " + command + " "), help.out());
      assertTrue(help.out().contains("-h, --help"), help.out());
      assertEquals("", help.err());
    }
    Run version = run(command, "--version");
    assertEquals(0, version.code(), version.err());
    assertTrue(version.out().startsWith("askdocs "), version.out());
    assertEquals(run("--version").out(), version.out());
  }

  @Test
  void askWithoutAQuestionIsAUsageError() {
    for (String[] args : List.of(new String[] {"ask"}, new String[] {"ask", "  "})) {
      Run r = run(args);
      assertEquals(2, r.code());
      assertEquals(
          "askdocs: give a question, like: askdocs ask \"who handles patching\" (or --batch to read"
              + " questions from standard input) (see 'askdocs ask --help')\n",
          r.err());
    }
    Run text = runWithInput("x\n", "ask", "--batch", "--format", "text");
    assertEquals(2, text.code());
    assertEquals(
        "askdocs: --batch prints one JSON object per question, one per line; --format text is for a"
            + " single question (see 'askdocs ask --help')\n",
        text.err());
  }

  @Test
  void everyCommandThatBuildsSaysWhatItSkippedAndWhenNothingWasIndexed(
      @TempDir Path corpus, @TempDir Path idx) throws Exception {
    Files.writeString(corpus.resolve("guide.md"), "# Guide\n\n## Install\n\nRun the installer.\n");
    for (int i = 0; i < 7; i++) {
      Files.write(corpus.resolve("scan" + i + ".png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }
    Files.write(corpus.resolve("notes.bin"), new byte[] {0, 1});
    Run ask =
        run(
            "ask",
            "how do I install",
            "--corpus",
            corpus.toString(),
            "--index",
            idx.toString(),
            "--semantic",
            "off");
    assertEquals(
        List.of(
            "askdocs: skipped notes.bin (not a format askdocs reads (Markdown .md, text .txt, HTML"
                + " .html, PDF .pdf, Word .docx, PowerPoint .pptx))",
            "askdocs: skipped scan0.png (not a format askdocs reads (Markdown .md, text .txt, HTML"
                + " .html, PDF .pdf, Word .docx, PowerPoint .pptx))",
            "askdocs: skipped scan1.png (not a format askdocs reads (Markdown .md, text .txt, HTML"
                + " .html, PDF .pdf, Word .docx, PowerPoint .pptx))",
            "askdocs: skipped scan2.png (not a format askdocs reads (Markdown .md, text .txt, HTML"
                + " .html, PDF .pdf, Word .docx, PowerPoint .pptx))",
            "askdocs: skipped scan3.png (not a format askdocs reads (Markdown .md, text .txt, HTML"
                + " .html, PDF .pdf, Word .docx, PowerPoint .pptx))",
            "askdocs: skipped 3 more files: 3 not a format askdocs reads (Markdown .md, text .txt,"
                + " HTML .html, PDF .pdf, Word .docx, PowerPoint .pptx) (askdocs index --force"
                + " lists them all)"),
        ask.err().lines().toList());
    Run again =
        run(
            "ask",
            "how do I install",
            "--corpus",
            corpus.toString(),
            "--index",
            idx.toString(),
            "--semantic",
            "off");
    assertEquals("", again.err(), "said once, when the build ran");

    Path empty = corpus.resolve("empty");
    Files.createDirectories(empty);
    Run none =
        run(
            "ask",
            "how do I install",
            "--corpus",
            empty.toString(),
            "--index",
            idx.resolve("e").toString(),
            "--semantic",
            "off");
    assertEquals(1, none.code());
    assertEquals(
        "askdocs: nothing was indexed: "
            + empty.toAbsolutePath()
            + " holds no document askdocs can read"
            + " (it reads Markdown .md, text .txt and HTML .html files)\n",
        none.err());
    assertEquals("No passage matches this question.\n", none.out());
  }

  @Test
  void theIndexOfACorpusOutsideTheCheckoutIsACacheOfTheUsers(@TempDir Path corpus) {
    CorpusOptions inside = new CorpusOptions();
    assertEquals(
        CorpusOptions.home().resolve("index"),
        inside.index().getParent(),
        "the bundled corpus keeps its index beside it");
    CorpusOptions outside = new CorpusOptions();
    outside.corpus = corpus.toString();
    assertEquals(
        org.askdocs.ingest.Website.cacheRoot().resolve("index"), outside.index().getParent());
    outside.index = corpus.resolve("mine");
    assertEquals(corpus.resolve("mine"), outside.index(), "--index wins");
  }

  @Test
  void aPortInUseIsOneLineWithExitThree() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run r = run("serve", "--port", Integer.toString(taken.getLocalPort()));
      assertEquals(3, r.code());
      assertEquals(
          "askdocs: cannot listen on 127.0.0.1:"
              + taken.getLocalPort()
              + ": the port is in use or the address is not this machine's; choose another with"
              + " --port or --host\n",
          r.err());
    }
  }

  @Test
  void aMissingCorpusIsOneLineWithExitThree(@TempDir Path tmp) {
    Run r =
        run(
            "ask",
            "--corpus",
            tmp.resolve("missing").toString(),
            "--index",
            tmp.resolve("i").toString(),
            "x");
    assertEquals(3, r.code());
    assertEquals(
        "askdocs: no such file or folder: "
            + tmp.resolve("missing")
            + " (the corpus must be a directory of documents)\n",
        r.err());
  }

  @Test
  void batchAnswersOneJsonObjectPerLine() throws Exception {
    Run r =
        runWithInput(
            "who handles patching\n\nwho is responsible for physical security\n"
                + "x".repeat(20_001)
                + "\n",
            "ask",
            "--batch",
            "--top",
            "1");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(4, lines.size());
    assertEquals(
        "avs-security-overview.md#vulnerability-and-patch-management",
        Json.MAPPER.readTree(lines.get(0)).at("/results/0/id").asText());
    assertEquals(0, Json.MAPPER.readTree(lines.get(1)).get("results").size());
    assertEquals(1, Json.MAPPER.readTree(lines.get(2)).get("results").size());
    JsonNode tooLong = Json.MAPPER.readTree(lines.get(3));
    assertEquals("bad_question", tooLong.get("error").asText());
    assertEquals(
        "the question is 20001 characters long; the limit is 20000",
        tooLong.get("message").asText());
  }

  @Test
  void indexSaysWhatItIndexedAndSkipped(@TempDir Path corpus, @TempDir Path idx) throws Exception {
    Files.writeString(corpus.resolve("guide.md"), "# Guide\n\n## Install\n\nRun the installer.\n");
    Files.write(corpus.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    Run r = run("index", "--corpus", corpus.toString(), "--index", idx.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("indexed  guide.md  (1 section, 1 passage)", lines.get(0));
    assertEquals(
        "skipped  logo.png  (not a format askdocs reads (Markdown .md, text .txt, HTML .html, PDF"
            + " .pdf, Word .docx, PowerPoint .pptx))",
        lines.get(1));
    assertTrue(
        lines.get(2).startsWith("Indexed 1 document (1 passage), skipped 1, in "), lines.get(2));
    Run again = run("index", "--corpus", corpus.toString(), "--index", idx.toString());
    assertTrue(
        again.out().startsWith("Index is current: 1 document, 1 passage, built "), again.out());
  }

  @Test
  void evalPrintsWordsMeaningFusedAndBaselineRowsPerSplitAndKind(@TempDir Path tmp)
      throws Exception {
    Path q = tmp.resolve("q.jsonl");
    Files.writeString(
        q,
        """
        {"id":"p1","question":"who handles patching","kind":"who","split":"tune","expect":[{"source":"avs-security-overview.md","heading":"Vulnerability and patch management","phrase":"periodic security patching"}]}
        {"id":"n1","question":"how much does it cost per month","kind":"unanswerable","split":"tune","expect":[]}
        """);
    Run three =
        run(
            "eval",
            q.toString(),
            "--corpus",
            "../corpus",
            "--index",
            index.toString(),
            "--top",
            "3",
            "--no-baseline");
    assertEquals(
        "split    system      n unans  hit@1  hit@3    MRR  answer  answered  declined",
        three.out().lines().findFirst().orElseThrow());
    assertEquals(
        "tune     fused       1     1  1.000  1.000  1.000   1.000     1.000     1.000",
        three.out().lines().skip(1).findFirst().orElseThrow());
    Run r = run("eval", q.toString(), "--corpus", "../corpus", "--index", index.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(
        """
        split    system      n unans  hit@1  hit@3  hit@5    MRR  answer  answered  declined
        tune     fused       1     1  1.000  1.000  1.000  1.000   1.000     1.000     1.000
        tune     words       1     1  1.000  1.000  1.000  1.000   1.000     1.000     1.000
        tune     meaning     1     1  1.000  1.000  1.000  1.000   1.000     1.000     1.000
        tune     baseline    1     1  1.000  1.000  1.000  1.000   1.000     1.000     0.000

        kind             n    fused h@1/ans    words h@1/ans  meaning h@1/ans  baseline h@1/ans  answered|declined
        unanswerable     1                -                -                -                -  1.00
        who              1        1.00/1.00        1.00/1.00        1.00/1.00        1.00/1.00  1.00
        """,
        r.out());
    Run bad =
        run(
            "eval",
            tmp.resolve("none.jsonl").toString(),
            "--corpus",
            "../corpus",
            "--index",
            index.toString());
    assertEquals(3, bad.code());
    Files.writeString(q, "{not json\n");
    Run malformed = run("eval", q.toString(), "--corpus", "../corpus", "--index", index.toString());
    assertEquals(2, malformed.code());
    assertTrue(
        malformed.err().startsWith("askdocs: " + q + " line 1: not a valid question"),
        malformed.err());
  }
}
