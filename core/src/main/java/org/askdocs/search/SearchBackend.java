package org.askdocs.search;

import java.io.IOException;
import java.util.List;

/**
 * The search stage behind the facade: where passages are stored and ranked. Implementations are
 * thread-safe; {@link #close()} may be called while searches run, which then finish on the state
 * they started with.
 */
public interface SearchBackend extends AutoCloseable {
  /**
   * The {@code k} best passages for a question.
   *
   * @param vector the question's embedding by the model of the index's {@linkplain #vectors()
   *     vectors}, or null to rank by words alone
   * @param mode which signals rank; without a vector, {@link Retrieval#FUSED} ranks by words and
   *     {@link Retrieval#DENSE} finds nothing
   */
  Hits search(Question question, float[] vector, int k, Retrieval mode) throws IOException;

  /**
   * The {@code k} best passages in a scope (a document, a folder), and when {@code countSources}
   * how many passages the question's words match per document in the whole corpus ({@link
   * Hits#perSource}; left null by backends that cannot count).
   *
   * @throws IllegalArgumentException when this backend cannot search a scope
   */
  default Hits search(
      Question question, float[] vector, int k, Retrieval mode, Scope scope, boolean countSources)
      throws IOException {
    if (!scope.all()) {
      throw new IllegalArgumentException(
          "this search backend cannot limit a search to a document or folder");
    }
    return search(question, vector, k, mode);
  }

  /**
   * Up to {@code n} words of the corpus starting with {@code prefix} (lowercase), most used first:
   * how an unfinished last word is read. Empty when none, or when the backend cannot say.
   */
  default java.util.List<String> complete(String prefix, int n) throws IOException {
    return java.util.List.of();
  }

  /** The id of the model every passage has vectors of, or empty while some have none. */
  String vectors();

  /**
   * Every passage of the section with this id, in document order; empty when there is no such
   * section.
   */
  List<Hit> section(String id) throws IOException;

  /** The passages just before and just after the given section in its document. */
  Around around(String id) throws IOException;

  /** Passages next to a section; either may be null at the start or end of a document. */
  record Around(Hit before, Hit after) {}

  /** Every passage of a document, in document order; empty when there is no such document. */
  List<Hit> document(String source) throws IOException;

  /** Every document: its source and title, sorted by source. */
  List<DocumentInfo> documents() throws IOException;

  /** A document of the index. */
  record DocumentInfo(String source, String title, int passages) {}

  /** Picks up changes committed to the same index since it was opened. */
  void refresh() throws IOException;

  /** Number of passages searched. */
  int passages();

  @Override
  void close() throws IOException;
}
