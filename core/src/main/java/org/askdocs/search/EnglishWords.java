package org.askdocs.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Common English words (about 21,700, from {@code english-words.txt}): a word of the question that
 * is one of them is a real word the corpus merely lacks, not a typo, so it is never "corrected"
 * into a corpus word that looks alike ("retired" is not "required", "bread" is not "broad"). Loaded
 * once, on first use; thread-safe.
 */
final class EnglishWords {
  private EnglishWords() {}

  private static final class Holder {
    static final Set<String> WORDS = load();
  }

  /** Whether a lower-case word is a common English word. */
  static boolean contains(String lowerCaseWord) {
    return Holder.WORDS.contains(lowerCaseWord);
  }

  private static Set<String> load() {
    Set<String> words = new HashSet<>(32_768);
    try (InputStream in = EnglishWords.class.getResourceAsStream("english-words.txt")) {
      if (in == null) {
        throw new IllegalStateException("english-words.txt is missing from the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          words.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read english-words.txt", e);
    }
    return Set.copyOf(words);
  }
}
