package org.askdocs.index;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sentences of a passage, the unit an answer is made of: lines first (a list item, a table row
 * and a paragraph each stand alone), then sentence ends within a line. List markers are dropped.
 * The index embeds each sentence and the answer stage reads them, so both must split alike: this is
 * the one place that does. Stateless and thread-safe.
 */
public final class Sentences {
  /** Longer sentences are cut (at a space) when shown as an answer. */
  public static final int MAX_CHARS = 600;

  private Sentences() {}

  public static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    for (String line : text.split("\n")) {
      String l = line.strip().replaceFirst("^(?:[-*+]|\\d+[.)])\\s+", "");
      if (l.isEmpty()) {
        continue;
      }
      it.setText(l);
      for (int start = it.first(), end = it.next();
          end != BreakIterator.DONE;
          start = end, end = it.next()) {
        String s = l.substring(start, end).strip();
        if (!s.isEmpty()) {
          out.add(s.length() > MAX_CHARS ? cut(s) : s);
        }
      }
    }
    return out;
  }

  private static String cut(String s) {
    int space = s.lastIndexOf(' ', MAX_CHARS);
    return s.substring(0, space > MAX_CHARS / 2 ? space : MAX_CHARS) + " …";
  }
}
