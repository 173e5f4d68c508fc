package org.askdocs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.askdocs.index.PassageReader;

/**
 * Ranked passages turned into text a chatbot can put in its prompt: numbered passages, each under
 * its heading path and citation, then the list of citations, all within a token budget.
 *
 * <pre>
 * [1] Azure VMware Solutions (AVS) - Security for AVS Services › Vulnerability and patch management — avs-security-overview.md#vulnerability-and-patch-management
 * AVS is responsible for periodic security patching of managed VMware software (ESXi, vCenter, and NSX).
 *
 * Sources:
 * [1] avs-security-overview.md#vulnerability-and-patch-management (Vulnerability and patch management)
 * </pre>
 *
 * <p>Tokens are estimated as one per four characters (rounded up), the usual rule of thumb for
 * English text with GPT-style tokenizers; it errs on the side of more tokens for prose with long
 * words. A passage that does not fit whole is cut at a word boundary and marked with "…"; a passage
 * never appears without its citation. Stateless.
 *
 * @param text the context, ready to paste
 * @param passages the passages included, in order, with their texts as included (possibly cut)
 * @param tokens the estimated token count of {@code text}, at most the budget
 */
public record PromptContext(String text, List<Passage> passages, int tokens) {
  public static final int DEFAULT_MAX_TOKENS = 2000;
  public static final int MIN_MAX_TOKENS = 100;
  public static final int MAX_MAX_TOKENS = 100_000;
  static final int CHARS_PER_TOKEN = 4;

  /** A passage cut shorter than this is not worth its citation. */
  static final int MIN_PASSAGE_CHARS = 80;

  static final String SOURCES = "Sources:";

  /** Opens the context when the engine declined: the passages are the nearest, not an answer. */
  public static final String NOT_ANSWERED =
      "Note: the documentation does not answer this directly; these are the nearest passages.";

  public PromptContext {
    Objects.requireNonNull(text, "text");
    passages = List.copyOf(passages);
  }

  /** Estimated tokens of a text: one per four characters, rounded up. */
  public static int tokens(String text) {
    return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  /**
   * The context for a result within {@code maxTokens}.
   *
   * @throws IllegalArgumentException when {@code maxTokens} is outside {@value
   *     #MIN_MAX_TOKENS}..{@value #MAX_MAX_TOKENS}
   */
  public static PromptContext of(AskResult result, int maxTokens) {
    if (maxTokens < MIN_MAX_TOKENS || maxTokens > MAX_MAX_TOKENS) {
      throw new IllegalArgumentException(
          "max_tokens must be between "
              + MIN_MAX_TOKENS
              + " and "
              + MAX_MAX_TOKENS
              + ", got "
              + maxTokens);
    }
    String preface = result.answered() ? "" : NOT_ANSWERED + "\n\n";
    int budget = maxTokens * CHARS_PER_TOKEN - preface.length();
    List<Passage> included = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    StringBuilder sources = new StringBuilder();
    for (Passage p : result.results()) {
      int n = included.size() + 1;
      String header =
          "[" + n + "] " + String.join(" › ", p.headingPath()) + " — " + citation(p) + "\n";
      String source = "[" + n + "] " + citation(p) + " (" + p.heading() + ")\n";
      // What the text will hold besides this passage's own words: the blank line before it, its
      // header and citation line, and the "Sources:" separator that every context ends with.
      int fixed =
          (body.isEmpty() ? 0 : 2) + header.length() + 2 + SOURCES.length() + 1 + source.length();
      int room = budget - body.length() - sources.length() - fixed;
      if (room < Math.min(MIN_PASSAGE_CHARS, p.text().length())) {
        break;
      }
      String text = p.text().length() <= room ? p.text() : cut(p.text(), room);
      if (!body.isEmpty()) {
        body.append("\n\n");
      }
      body.append(header).append(text);
      sources.append(source);
      included.add(
          new Passage(
              n,
              p.score(),
              p.id(),
              p.source(),
              p.title(),
              p.heading(),
              p.headingPath(),
              p.anchor(),
              text,
              p.snippet()));
    }
    String text =
        included.isEmpty()
            ? ""
            : preface + body + "\n\n" + SOURCES + "\n" + sources.toString().stripTrailing();
    return new PromptContext(text, included, tokens(text));
  }

  /** The citation of a passage: its section in its document. */
  public static String citation(Passage p) {
    return PassageReader.sectionId(p.source(), p.anchor());
  }

  /** A text cut to at most {@code room} characters at a word boundary, with "…" added. */
  static String cut(String text, int room) {
    int limit = Math.max(0, room - 2);
    int space = limit;
    while (space > 0 && !Character.isWhitespace(text.charAt(space))) {
      space--;
    }
    String head = (space > 0 ? text.substring(0, space) : text.substring(0, limit)).stripTrailing();
    return head + " …";
  }
}
