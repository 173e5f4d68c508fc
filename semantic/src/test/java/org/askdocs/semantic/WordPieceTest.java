package org.askdocs.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WordPiece gives the ids Hugging Face's own tokenizer gives, on real documentation and on hard
 * cases.
 */
class WordPieceTest {
  static WordPiece ours;
  static HuggingFaceTokenizer reference;

  @BeforeAll
  static void load(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("tokenizer.json");
    try (InputStream in = WordPieceTest.class.getResourceAsStream(E5SmallV2.TOKENIZER)) {
      Files.copy(in, json);
      ours = WordPiece.fromTokenizerJson(Files.newInputStream(json));
    }
    reference =
        HuggingFaceTokenizer.newInstance(json, Map.of("truncation", "true", "maxLength", "512"));
  }

  @Test
  void splitsWordsIntoThePiecesOfTheVocabulary() {
    assertEquals(
        List.of("who", "handles", "patch", "##ing", "?", "es", "##xi"),
        Arrays.asList(reference.encode("who handles patching? ESXi").getTokens()).subList(1, 8));
    assertArrayEquals(
        ids("who handles patching? ESXi"), ours.encode("who handles patching? ESXi", 512));
  }

  @Test
  void agreesOnHardCases() {
    for (String text :
        List.of(
            "",
            "   ",
            "Café naïve résumé — “quoted” ‘text’ … ½ ™ © ﬁ",
            "İstanbul ΣΊΣΥΦΟΣ Straße",
            "日本語のテキストと中文字符",
            "tab\there\r\nnewline\u00a0nbsp\u2003em\u200bzero-width\u0000nul\u0007bell",
            "a".repeat(150) + " " + "supercalifragilisticexpialidocious",
            "vmkernel IPsec/SSL 128-byte AES, TLS 1.2 (SSH); e.g. x=y&z<w>v [CLS] [SEP] [UNK]"
                + " ##ing",
            "word ".repeat(600))) {
      assertAgrees(text);
    }
  }

  /**
   * Characters beyond the Basic Multilingual Plane are compared by hand: the reference's Java
   * binding passes them to the native library in modified UTF-8, which loses them.
   */
  @Test
  void aWordOfCharactersTheVocabularyLacksIsOneUnknownToken() {
    assertEquals(
        List.of(101, 7861, 29147, 2072, 100, 1998, 102),
        Arrays.stream(ours.encode("emoji \uD83D\uDE00\uD83D\uDC4D and", 512)).boxed().toList());
  }

  @Test
  void agreesOnEveryFileOfARealCorpus() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("../core/src/test/resources/corpora/azure-vmware"))) {
      files = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
    List<String> texts = new ArrayList<>();
    for (Path f : files) {
      for (String para : Files.readString(f).split("\n\n")) {
        texts.add(para);
      }
    }
    assertEquals(true, texts.size() > 1000, "a real corpus has many paragraphs");
    for (String text : texts) {
      assertAgrees(text);
    }
  }

  private static void assertAgrees(String text) {
    int[] expected = ids(text);
    int[] actual = ours.encode(text, 512);
    assertArrayEquals(
        expected,
        actual,
        () ->
            "ids differ for \""
                + text.codePoints()
                    .mapToObj(
                        cp -> cp < 128 ? Character.toString(cp) : String.format("\\u%04x", cp))
                    .reduce("", String::concat)
                + "\": "
                + Arrays.toString(expected)
                + " vs "
                + Arrays.toString(actual));
  }

  private static int[] ids(String text) {
    return Arrays.stream(reference.encode(text).getIds()).mapToInt(l -> (int) l).toArray();
  }
}
