package org.askdocs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.askdocs.eval.EvalQuestion;
import org.askdocs.json.Json;

/**
 * An evaluation question set, one JSON object per line: what {@code askdocs eval} reads, and the
 * tuning tools in {@code eval/} with it. Stateless.
 */
public final class QuestionFile {
  private QuestionFile() {}

  /**
   * Every question of a file, in order; "judged" entries are marked as pooled.
   *
   * @throws IllegalArgumentException naming the line that is not a valid question, or a file with
   *     none
   */
  public static List<EvalQuestion> read(Path file) throws IOException {
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
        out.add(
            new EvalQuestion(
                text(n, "id", "q" + (i + 1)),
                required(n, "question"),
                text(n, "kind", ""),
                text(n, "split", "tune"),
                expect));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            file
                + " line "
                + (i + 1)
                + ": not a valid question ("
                + e.getMessage().lines().findFirst().orElse("")
                + ")");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no questions");
    }
    return out;
  }

  private static EvalQuestion.Expected expected(JsonNode e) {
    return new EvalQuestion.Expected(
        required(e, "source"), text(e, "heading", null), text(e, "phrase", null), e.has("judged"));
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
