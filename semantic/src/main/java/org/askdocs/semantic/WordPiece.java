package org.askdocs.semantic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT's uncased WordPiece tokenizer, as the Hugging Face {@code tokenizer.json} of the model
 * describes it (BertNormalizer with lower case and accents stripped, BertPreTokenizer, WordPiece
 * with {@code ##} continuations, {@code [CLS] … [SEP]} around). Written out here rather than taken
 * from a native tokenizer library so that the engine loads no second native runtime; a test checks
 * it id for id against the reference implementation. Immutable and thread-safe.
 */
final class WordPiece {
  private static final int MAX_CHARS_PER_WORD = 100;
  private static final String CONTINUATION = "##";

  /** Written in a text, these stand for themselves, as the reference's added tokens do. */
  private static final List<String> SPECIAL = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

  private final Map<String, Integer> vocab;
  private final int unknown;
  private final int cls;
  private final int sep;

  private WordPiece(Map<String, Integer> vocab) {
    this.vocab = Map.copyOf(vocab);
    this.unknown = required("[UNK]");
    this.cls = required("[CLS]");
    this.sep = required("[SEP]");
  }

  private int required(String token) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new IllegalArgumentException("the tokenizer's vocabulary has no " + token + " token");
    }
    return id;
  }

  /** Reads the vocabulary of a WordPiece model from a Hugging Face {@code tokenizer.json}. */
  static WordPiece fromTokenizerJson(InputStream json) throws IOException {
    Map<String, Integer> vocab = new HashMap<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("tokenizer.json is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals("model")) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String modelField = p.currentName();
          JsonToken value = p.nextToken();
          if (modelField.equals("type") && !"WordPiece".equals(p.getText())) {
            throw new IOException(
                "tokenizer.json describes a " + p.getText() + " model, not WordPiece");
          }
          if (modelField.equals("vocab") && value == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String token = p.currentName();
              p.nextToken();
              vocab.put(token, p.getIntValue());
            }
          } else {
            p.skipChildren();
          }
        }
      }
    }
    if (vocab.isEmpty()) {
      throw new IOException("tokenizer.json holds no WordPiece vocabulary");
    }
    return new WordPiece(vocab);
  }

  /**
   * The token ids of a text: {@code [CLS]}, its word pieces (at most {@code maxTokens - 2}, the
   * rest cut), {@code [SEP]}.
   */
  int[] encode(String text, int maxTokens) {
    List<Integer> ids = new ArrayList<>();
    ids.add(cls);
    int limit = maxTokens - 1;
    int from = 0;
    while (from <= text.length() && ids.size() < limit) {
      int at = text.length();
      String special = null;
      for (String s : SPECIAL) {
        int i = text.indexOf(s, from);
        if (i >= 0 && i < at && vocab.containsKey(s)) {
          at = i;
          special = s;
        }
      }
      for (String word : preTokenize(normalize(text.substring(from, at)))) {
        for (int id : pieces(word)) {
          if (ids.size() < limit) {
            ids.add(id);
          }
        }
      }
      if (special != null && ids.size() < limit) {
        ids.add(vocab.get(special));
      }
      from = special == null ? text.length() + 1 : at + special.length();
    }
    ids.add(sep);
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * BertNormalizer: drop control characters, spaces for white space, CJK ideographs set apart,
   * accents stripped, lower case.
   */
  static String normalize(String text) {
    StringBuilder clean = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            cp -> {
              if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
              }
              if (isWhitespace(cp)) {
                clean.append(' ');
              } else if (isCjk(cp)) {
                clean.append(' ').appendCodePoint(cp).append(' ');
              } else {
                clean.appendCodePoint(cp);
              }
            });
    String decomposed = Normalizer.normalize(clean, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    decomposed
        .codePoints()
        .forEach(
            cp -> {
              if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                // Character by character, as the reference does (no final-sigma rule across a
                // word).
                out.append(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT));
              }
            });
    return out.toString();
  }

  /**
   * BertPreTokenizer: words split at white space, every punctuation character a word of its own.
   */
  static List<String> preTokenize(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              if (isWhitespace(cp)) {
                flush(word, out);
              } else if (isPunctuation(cp)) {
                flush(word, out);
                out.add(new String(Character.toChars(cp)));
              } else {
                word.appendCodePoint(cp);
              }
            });
    flush(word, out);
    return out;
  }

  private static void flush(StringBuilder word, List<String> out) {
    if (!word.isEmpty()) {
      out.add(word.toString());
      word.setLength(0);
    }
  }

  /**
   * Greedy longest-match-first word pieces; a word with a piece the vocabulary lacks is one unknown
   * token.
   */
  private List<Integer> pieces(String word) {
    int length = word.codePointCount(0, word.length());
    if (length > MAX_CHARS_PER_WORD) {
      return List.of(unknown);
    }
    List<Integer> out = new ArrayList<>();
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      Integer found = null;
      while (end > start) {
        String piece =
            start == 0 ? word.substring(start, end) : CONTINUATION + word.substring(start, end);
        found = vocab.get(piece);
        if (found != null) {
          break;
        }
        end = word.offsetByCodePoints(end, -1);
      }
      if (found == null) {
        return List.of(unknown);
      }
      out.add(found);
      start = end;
    }
    return out;
  }

  private static boolean isWhitespace(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r' || cp == ' ') {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.SPACE_SEPARATOR
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  /**
   * Unicode's "other" categories, but tab, newline and carriage return, which count as white space.
   */
  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.SURROGATE
        || type == Character.PRIVATE_USE
        || type == Character.UNASSIGNED;
  }

  private static boolean isPunctuation(int cp) {
    if (cp >= 33 && cp <= 47
        || cp >= 58 && cp <= 64
        || cp >= 91 && cp <= 96
        || cp >= 123 && cp <= 126) {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION ->
          true;
      default -> false;
    };
  }

  private static boolean isCjk(int cp) {
    return cp >= 0x4E00 && cp <= 0x9FFF
        || cp >= 0x3400 && cp <= 0x4DBF
        || cp >= 0x20000 && cp <= 0x2A6DF
        || cp >= 0x2A700 && cp <= 0x2B73F
        || cp >= 0x2B740 && cp <= 0x2B81F
        || cp >= 0x2B820 && cp <= 0x2CEAF
        || cp >= 0xF900 && cp <= 0xFAFF
        || cp >= 0x2F800 && cp <= 0x2FA1F;
  }
}
