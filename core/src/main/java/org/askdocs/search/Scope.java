package org.askdocs.search;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.askdocs.index.Fields;

/**
 * Where to look: the whole corpus, one document, or the documents under a folder (both may be
 * given: then the document must lie in the folder). Immutable.
 *
 * @param source a document's path relative to the corpus root ({@code guide.md}), or null for any
 * @param folder a folder relative to the corpus root, ending with {@code /} ({@code sub/}), or null
 *     for any
 */
public record Scope(String source, String folder) {
  /** The whole corpus. */
  public static final Scope ALL = new Scope(null, null);

  /** Longest source or folder accepted, in characters. */
  public static final int MAX_CHARS = 1000;

  /**
   * @throws IllegalArgumentException saying what was wrong and what is allowed
   */
  public Scope {
    if (source != null) {
      check("source", source);
      if (source.endsWith("/")) {
        throw new IllegalArgumentException(
            "a source names a document, not a folder: \"" + abbreviate(source) + "\"");
      }
    }
    if (folder != null) {
      check("folder", folder);
      if (!folder.endsWith("/")) {
        throw new IllegalArgumentException(
            "a folder ends with /, e.g. guides/, got \"" + abbreviate(folder) + "\"");
      }
    }
  }

  private static void check(String what, String v) {
    if (v.isEmpty() || v.length() > MAX_CHARS) {
      throw new IllegalArgumentException(
          what + " must be 1 to " + MAX_CHARS + " characters, got " + v.length());
    }
    if (v.startsWith("/")
        || v.contains("//")
        || ("/" + v + "/").contains("/../")
        || ("/" + v).contains("/./")) {
      throw new IllegalArgumentException(
          what
              + " is a path relative to the corpus root, without ., .. or empty "
              + "parts (as results give it), got \""
              + abbreviate(v)
              + "\"");
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  /** Whether this is the whole corpus. */
  public boolean all() {
    return source == null && folder == null;
  }

  /** Whether a document lies in this scope. */
  public boolean contains(String src) {
    return (source == null || source.equals(src)) && (folder == null || src.startsWith(folder));
  }

  /**
   * The top-level folder of a document ({@code sub/} for {@code sub/a/b.md}), or null for one at
   * the root.
   */
  public static String topFolder(String source) {
    int slash = source.indexOf('/');
    return slash < 0 ? null : source.substring(0, slash + 1);
  }

  /** The filter that keeps passages in this scope, or null for the whole corpus. */
  Query filter() {
    if (all()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    if (source != null) {
      b.add(new TermQuery(new Term(Fields.SOURCE, source)), Occur.FILTER);
    }
    if (folder != null) {
      b.add(new PrefixQuery(new Term(Fields.SOURCE, folder)), Occur.FILTER);
    }
    return b.build();
  }

  /** A query that keeps its scores and matches only passages in this scope. */
  Query restrict(Query q) {
    Query f = filter();
    return f == null
        ? q
        : new BooleanQuery.Builder().add(q, Occur.MUST).add(f, Occur.FILTER).build();
  }
}
