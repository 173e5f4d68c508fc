package org.askdocs.ingest;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits long sections into passages of at most {@link #MAX_CHARS} characters, at paragraph
 * boundaries first, then at sentence boundaries, and only as a last resort at a space. Short
 * sections stay whole. Stateless and thread-safe.
 */
public final class Chunker {
  /** Upper bound of a passage's length, in characters. */
  public static final int MAX_CHARS = 2000;

  /** Passages aim for this length so that the parts of a section come out about even. */
  static final int TARGET_CHARS = 1400;

  private Chunker() {}

  public static List<Chunk> chunks(Section section) {
    String text = section.text();
    if (text.length() <= MAX_CHARS) {
      return List.of(new Chunk(section, 1, 1, text));
    }
    // Cut at the coarsest boundary that works: paragraphs, then lines (list items, table rows),
    // then sentences, then spaces. Each piece remembers what separated it from the one before.
    List<Piece> pieces = new ArrayList<>();
    for (String para : text.split("\n\n")) {
      String sep = "\n\n";
      if (para.length() <= MAX_CHARS) {
        pieces.add(new Piece(sep, para));
        continue;
      }
      for (String line : para.split("\n")) {
        if (line.length() <= MAX_CHARS) {
          pieces.add(new Piece(sep, line));
        } else {
          for (String sentence : sentences(line)) {
            pieces.add(new Piece(sep, sentence));
            sep = " ";
          }
        }
        sep = "\n";
      }
    }
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (Piece piece : pieces) {
      int grown = current.length() + piece.sep().length() + piece.text().length();
      if (!current.isEmpty()
          && grown > TARGET_CHARS
          && (current.length() >= TARGET_CHARS / 2 || grown > MAX_CHARS)) {
        parts.add(current.toString());
        current.setLength(0);
      }
      if (!current.isEmpty()) {
        current.append(piece.sep());
      }
      current.append(piece.text());
    }
    if (!current.isEmpty()) {
      parts.add(current.toString());
    }
    List<Chunk> out = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      out.add(new Chunk(section, i + 1, parts.size(), parts.get(i)));
    }
    return out;
  }

  private record Piece(String sep, String text) {}

  /**
   * A paragraph longer than a passage, cut at sentence ends into pieces no longer than a passage.
   */
  private static List<String> sentences(String para) {
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    it.setText(para);
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int start = it.first(), end = it.next();
        end != BreakIterator.DONE;
        start = end, end = it.next()) {
      String sentence = para.substring(start, end);
      if (current.length() + sentence.length() > TARGET_CHARS && !current.isEmpty()) {
        out.add(current.toString().strip());
        current.setLength(0);
      }
      if (sentence.length() > MAX_CHARS) {
        out.addAll(words(sentence));
      } else {
        current.append(sentence);
      }
    }
    if (!current.isEmpty()) {
      out.add(current.toString().strip());
    }
    out.removeIf(String::isBlank);
    return out;
  }

  /** A run-on "sentence" longer than a passage, cut at spaces (or hard, when there are none). */
  private static List<String> words(String sentence) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < sentence.length()) {
      int end = Math.min(sentence.length(), start + TARGET_CHARS);
      if (end < sentence.length()) {
        int space = sentence.lastIndexOf(' ', end);
        if (space > start + TARGET_CHARS / 2) {
          end = space;
        } else if (Character.isLowSurrogate(sentence.charAt(end))) {
          end--;
        }
      }
      String piece = sentence.substring(start, end).strip();
      if (!piece.isEmpty()) {
        out.add(piece);
      }
      start = end;
    }
    return out;
  }
}
