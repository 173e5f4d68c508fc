package org.askdocs.ingest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Acronyms a corpus defines itself, the way writers introduce them: "Azure VMware Solution (AVS)",
 * "role-based access control (RBAC)". The words before the parentheses must spell the abbreviation
 * with their initials (small words like "of" and "and" may be skipped). Not thread-safe; one per
 * corpus build.
 */
public final class Acronyms {
  private static final Pattern DEFINED = Pattern.compile("\\(([A-Z][A-Za-z]{1,9}?)s?\\)");
  private static final Set<String> SKIPPABLE =
      Set.of("of", "and", "the", "for", "to", "in", "on", "a", "an", "&");
  private static final int LOOK_BACK_CHARS = 160;

  /** Abbreviation → (long form → times seen). */
  private final Map<String, Map<String, Integer>> seen = new HashMap<>();

  /** Notes every acronym defined in a text. */
  public void scan(String text) {
    Matcher m = DEFINED.matcher(text);
    while (m.find()) {
      String abbr = m.group(1);
      if (abbr.chars().filter(Character::isUpperCase).count() < 2) {
        continue;
      }
      String longForm =
          longForm(text.substring(Math.max(0, m.start() - LOOK_BACK_CHARS), m.start()), abbr);
      if (longForm != null) {
        seen.computeIfAbsent(abbr, k -> new HashMap<>()).merge(longForm, 1, Integer::sum);
      }
    }
  }

  /** Each abbreviation with its most frequent long form (ties: the alphabetically first). */
  public Map<String, String> found() {
    Map<String, String> out = new TreeMap<>();
    seen.forEach(
        (abbr, forms) ->
            out.put(
                abbr,
                forms.entrySet().stream()
                    .sorted(
                        Map.Entry.<String, Integer>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .findFirst()
                    .orElseThrow()
                    .getKey()));
    return out;
  }

  /**
   * The words just before an abbreviation whose initials spell it, lower-cased; null when none do.
   */
  static String longForm(String before, String abbr) {
    String[] words = before.strip().split("\\s+");
    String letters = abbr.toLowerCase(Locale.ROOT);
    int need = letters.length() - 1;
    int firstWord = -1;
    for (int w = words.length - 1; w >= 0 && need >= 0; w--) {
      String word = words[w].replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
      if (word.isEmpty()) {
        return null;
      }
      String[] parts = word.split("-");
      boolean matched = true;
      for (int p = parts.length - 1; p >= 0 && matched; p--) {
        if (parts[p].isEmpty()) {
          continue;
        }
        if (need >= 0 && Character.toLowerCase(parts[p].charAt(0)) == letters.charAt(need)) {
          need--;
        } else if (!SKIPPABLE.contains(parts[p].toLowerCase(Locale.ROOT))) {
          matched = false;
        }
      }
      if (!matched) {
        return null;
      }
      firstWord = w;
    }
    if (need >= 0 || firstWord < 0) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (int w = firstWord; w < words.length; w++) {
      out.append(w > firstWord ? " " : "")
          .append(words[w].replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", ""));
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
