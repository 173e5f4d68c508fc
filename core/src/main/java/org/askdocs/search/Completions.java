package org.askdocs.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;
import org.askdocs.index.Fields;

/**
 * The corpus's words that start with what the user has typed so far, most used first: how the last,
 * unfinished word of a question typed into the search box is read. Walks the terms of the unstemmed
 * vocabulary from the prefix on, at most {@link #MAX_SCANNED} of them, so a one-letter prefix on a
 * large corpus stays cheap. Stateless.
 */
final class Completions {
  /** Terms looked at for one prefix, at most. */
  static final int MAX_SCANNED = 20_000;

  private Completions() {}

  /**
   * Up to {@code n} words of the corpus starting with {@code prefix} (lowercase), by how many
   * passages use them.
   */
  static List<String> of(IndexReader reader, String prefix, int n) throws IOException {
    Terms terms = MultiTerms.getTerms(reader, Fields.WORDS);
    if (terms == null || prefix.isEmpty()) {
      return List.of();
    }
    record Word(String text, int docFreq) {}
    List<Word> found = new ArrayList<>();
    BytesRef start = new BytesRef(prefix);
    TermsEnum te = terms.iterator();
    if (te.seekCeil(start) == TermsEnum.SeekStatus.END) {
      return List.of();
    }
    int scanned = 0;
    for (BytesRef t = te.term();
        t != null && scanned < MAX_SCANNED && StringHelper.startsWith(t, start);
        t = te.next(), scanned++) {
      found.add(new Word(t.utf8ToString(), te.docFreq()));
    }
    return found.stream()
        .sorted(Comparator.comparingInt(Word::docFreq).reversed().thenComparing(Word::text))
        .limit(n)
        .map(Word::text)
        .toList();
  }
}
