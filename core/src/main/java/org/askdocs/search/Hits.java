package org.askdocs.search;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a backend found for a question.
 *
 * @param hits ranked passages, best first, ties broken by id
 * @param concepts what the question asks about, one entry per content word (or per stretch that has
 *     other wordings), for the answer stage to measure how much of the question a passage covers
 * @param didYouMean the question with misspelled words replaced by the index's own words, or null
 * @param vocabulary how many distinct terms the corpus uses: how much its silence about a word
 *     means
 * @param candidates every passage considered, with its evidence, before the final ranking: for
 *     tools that explain or tune the ranking
 * @param perSource how many passages the question's words match in each document, whatever the
 *     scope (the counts behind a document filter); null when not asked for
 */
public record Hits(
    List<Hit> hits,
    List<Concept> concepts,
    String didYouMean,
    int vocabulary,
    List<Candidate> candidates,
    java.util.Map<String, Integer> perSource) {
  public Hits {
    hits = List.copyOf(hits);
    concepts = List.copyOf(concepts);
    candidates = List.copyOf(candidates);
    perSource =
        perSource == null
            ? null
            : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(perSource));
  }

  public Hits(
      List<Hit> hits,
      List<Concept> concepts,
      String didYouMean,
      int vocabulary,
      List<Candidate> candidates) {
    this(hits, concepts, didYouMean, vocabulary, candidates, null);
  }

  /** These hits with the per-document counts. */
  public Hits withPerSource(java.util.Map<String, Integer> counts) {
    return new Hits(hits, concepts, didYouMean, vocabulary, candidates, counts);
  }

  /** Hits without the candidates they were chosen from. */
  public Hits(List<Hit> hits, List<Concept> concepts, String didYouMean, int vocabulary) {
    this(hits, concepts, didYouMean, vocabulary, List.of());
  }

  /**
   * One thing the question asks about.
   *
   * @param label the words of the question it stands for
   * @param weight how much it tells apart (inverse document frequency; highest for words the corpus
   *     lacks)
   * @param forms the ways a text can mention it, each a set of analysed terms that must all be
   *     present; empty for words the corpus does not know, which no text covers
   */
  public record Concept(String label, float weight, List<Set<String>> forms) {
    public Concept {
      Objects.requireNonNull(label, "label");
      forms = forms.stream().map(Set::copyOf).toList();
    }

    /**
     * True when the corpus has none of its wordings: the question is about something the docs never
     * mention.
     */
    public boolean unknown() {
      return forms.isEmpty();
    }

    public boolean coveredBy(Set<String> terms) {
      for (Set<String> form : forms) {
        if (terms.containsAll(form)) {
          return true;
        }
      }
      return false;
    }
  }
}
