package org.askdocs.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The analysis chain's name marking: the same tokens kept whole as the {@link Analyzers#NAMES}
 * pattern says.
 */
class AnalyzersTest {
  @Test
  void namesAreMarkedExactlyAsThePatternSays() {
    List<String> tokens =
        List.of(
            "AVS", "vSAN", "SaaS", "DNS", "Azure", "azure", "A", "AV64", "A1B", "aB", "ÉTÉ", "Éte",
            "ΣΦ", "Σφ", "𝐀𝐁", "𝐀b", "x𝐀𝐁", "", "IaaS's", "O'Neil", "MacOS", "É𝐀");
    for (String t : tokens) {
      assertEquals(
          Analyzers.NAMES.matcher(t).matches(),
          Analyzers.NamesMarker.isName(t.toCharArray(), t.length()),
          t);
    }
    Random random = new Random(17);
    char[] alphabet = "aZb1É\u00e9Σσ_'\ud835\udc00".toCharArray();
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder();
      for (int i = random.nextInt(6); i >= 0; i--) {
        b.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String t = b.toString();
      assertEquals(
          Analyzers.NAMES.matcher(t).matches(),
          Analyzers.NamesMarker.isName(t.toCharArray(), t.length()),
          t);
    }
  }

  @Test
  void namesKeepTheirFormAndWordsAreStemmed() {
    assertEquals(
        List.of("avs", "handl", "patch", "vsan", "saas"),
        Analyzers.wordsOf(Analyzers.english(), "AVS handles patching vSAN SaaS"));
  }
}
