package org.askdocs.search;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;
import org.askdocs.index.Fields;

/**
 * How many passages a query matches in each document: the counts behind a document filter. One pass
 * over the matches (no scoring) and one over the postings of the source field, so the cost grows
 * with the number of passages, not with documents × matches. Stateless.
 */
final class SourceCounts {
  private SourceCounts() {}

  static Map<String, Integer> of(IndexSearcher searcher, Query query) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    Weight weight =
        searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Scorer scorer = weight.scorer(leaf);
      Terms sources = leaf.reader().terms(Fields.SOURCE);
      if (scorer == null || sources == null) {
        continue;
      }
      Bits live = leaf.reader().getLiveDocs();
      FixedBitSet matched = new FixedBitSet(leaf.reader().maxDoc());
      DocIdSetIterator it = scorer.iterator();
      for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
        if (live == null || live.get(d)) {
          matched.set(d);
        }
      }
      TermsEnum te = sources.iterator();
      PostingsEnum postings = null;
      while (te.next() != null) {
        postings = te.postings(postings, PostingsEnum.NONE);
        int n = 0;
        for (int d = postings.nextDoc();
            d != DocIdSetIterator.NO_MORE_DOCS;
            d = postings.nextDoc()) {
          if (matched.get(d)) {
            n++;
          }
        }
        if (n > 0) {
          out.merge(te.term().utf8ToString(), n, Integer::sum);
        }
      }
    }
    return out;
  }
}
