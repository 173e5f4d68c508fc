package org.askdocs.cli;

/**
 * Text from the corpus (file names, headings, passages) made safe to print on a terminal or in a
 * log: control characters, escape sequences and the invisible characters that reorder text are
 * shown as escapes ({@code \n}, {@code \x1b}, {@code \u202e}), never sent raw. Stateless.
 */
final class Terminal {
  private Terminal() {}

  /** "1 document", "2 documents": a count with its noun (regular plurals only). */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String safe(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escape = escape(c);
      if (escape != null && out == null) {
        out = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (out != null) {
        out.append(escape != null ? escape : String.valueOf(c));
      }
    }
    return out == null ? s : out.toString();
  }

  private static String escape(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      case '\\' -> null;
      default -> {
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
          yield String.format("\\x%02x", (int) c);
        }
        // Bidirectional overrides and isolates, line and paragraph separators: they reorder or
        // break what follows.
        if ((c >= 0x202a && c <= 0x202e)
            || (c >= 0x2066 && c <= 0x2069)
            || c == 0x2028
            || c == 0x2029
            || c == 0x200e
            || c == 0x200f) {
          yield String.format("\\u%04x", (int) c);
        }
        yield null;
      }
    };
  }
}
