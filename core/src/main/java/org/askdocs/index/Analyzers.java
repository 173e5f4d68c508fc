package org.askdocs.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.KeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The one analysis chain of askdocs, used for indexing and for questions: standard tokenization,
 * English possessives removed, names and acronyms kept whole, lower case, accents folded, English
 * stop words removed, and the Porter stemmer (measured better than the lighter KStem on the
 * evaluation sets: it joins "failure" with "fail" and "responsibility" with "responsible").
 * Analyzers are thread-safe and reusable.
 */
public final class Analyzers {
  /** Lucene's English stop words. */
  public static final CharArraySet STOP_WORDS = EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;

  /** Tokens longer than this are noise (hashes, base64), not words anyone asks about. */
  static final int MAX_TOKEN_LENGTH = 64;

  /**
   * Words written with two or more capitals are names and acronyms (AVS, DNS, vSAN, SaaS): the
   * stemmer must leave them whole, or "AVS" would become "av".
   */
  static final Pattern NAMES = Pattern.compile("(?:\\p{Lu}.*){2,}");

  private Analyzers() {}

  /**
   * Marks the tokens {@link #NAMES} matches as keywords, without a regular expression per token
   * (measured at a few percent of a question's analysis): a token is a name when it starts with a
   * capital and has another capital after it.
   */
  static final class NamesMarker extends KeywordMarkerFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    NamesMarker(TokenStream in) {
      super(in);
    }

    @Override
    protected boolean isKeyword() {
      return isName(term.buffer(), term.length());
    }

    /** Whether {@link #NAMES} matches the whole of these characters. */
    static boolean isName(char[] chars, int length) {
      if (length < 2) {
        return false;
      }
      int first = Character.codePointAt(chars, 0, length);
      if (Character.getType(first) != Character.UPPERCASE_LETTER) {
        return false;
      }
      for (int i = Character.charCount(first); i < length; ) {
        int c = Character.codePointAt(chars, i, length);
        if (Character.getType(c) == Character.UPPERCASE_LETTER) {
          return true;
        }
        i += Character.charCount(c);
      }
      return false;
    }
  }

  /**
   * Keeps words of different parts (title, headings, text) of the searched field from counting as
   * neighbours.
   */
  static final int PART_GAP = 100;

  /** The analyzer for every text field of the index. */
  public static Analyzer english() {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        source.setMaxTokenLength(MAX_TOKEN_LENGTH);
        return new TokenStreamComponents(source, filters(source, true));
      }

      @Override
      public int getPositionIncrementGap(String fieldName) {
        return PART_GAP;
      }

      @Override
      protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
      }
    };
  }

  /**
   * Words as written, only lower-cased and folded: the vocabulary for spelling suggestions, which
   * must offer real words ("patching"), not stems ("patch"). Only runs of letters count
   * (suggestions are made for alphabetic words only), which a letter tokenizer finds far faster
   * than the standard one: this field is analysed over every passage's whole text.
   */
  public static Analyzer words() {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        LetterTokenizer source = new LetterTokenizer();
        return new TokenStreamComponents(
            source, new ASCIIFoldingFilter(new LowerCaseFilter(source)));
      }
    };
  }

  /**
   * Stems without dropping stop words: how synonym rules and questions are matched against each
   * other, so that a rule for "take care of" also covers "takes care of".
   */
  public static Analyzer stems() {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        source.setMaxTokenLength(MAX_TOKEN_LENGTH);
        return new TokenStreamComponents(source, filters(source, false));
      }
    };
  }

  /** The index analyzer: {@link #english()} for every field but {@link Fields#WORDS}. */
  public static Analyzer forIndex() {
    return new PerFieldAnalyzerWrapper(english(), Map.of(Fields.WORDS, words()));
  }

  /**
   * Terms as {@link #english()} makes them, from words already stemmed by {@link #stems()}: the
   * stop words dropped, nothing stemmed twice (Porter is not idempotent: "respons" would become
   * "respon").
   */
  public static List<String> withoutStopWords(List<String> stems) {
    return stems.stream().filter(t -> !STEMMED_STOP_WORDS.contains(t)).toList();
  }

  private static final java.util.Set<String> STEMMED_STOP_WORDS = stemmedStopWords();

  private static java.util.Set<String> stemmedStopWords() {
    java.util.Set<String> out = new java.util.HashSet<>();
    Analyzer stems = stems();
    for (Object w : STOP_WORDS) {
      String word = new String((char[]) w);
      out.add(word);
      out.addAll(wordsOf(stems, word));
    }
    return java.util.Set.copyOf(out);
  }

  /** The tokens an analyzer makes of a text, in order. */
  public static List<String> wordsOf(Analyzer analyzer, String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream("", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing a string in memory cannot fail", e);
    }
    return out;
  }

  /**
   * The chain after the tokenizer, shared by {@link #english()} and {@link #stems()}, which keeps
   * stop words.
   */
  private static TokenStream filters(TokenStream in, boolean dropStopWords) {
    TokenStream ts = new NamesMarker(new EnglishPossessiveFilter(in));
    ts = new ASCIIFoldingFilter(new LowerCaseFilter(ts));
    if (dropStopWords) {
      ts = new StopFilter(ts, STOP_WORDS);
    }
    return new PorterStemFilter(ts);
  }
}
