package org.askdocs.search;

import java.util.List;
import java.util.Map;

/**
 * What a backend found for a question.
 *
 * @param hits ranked passages, best first, ties broken by id
 * @param weights how much each searched term tells apart (inverse document frequency), for the
 *     answer stage; keys are analysed terms
 * @param searched the terms actually searched, after spelling corrections
 * @param didYouMean the question with misspelled words replaced by the index's own words, or null
 */
public record Hits(List<Hit> hits, Map<String, Float> weights, List<String> searched, String didYouMean) {
  public Hits {
    hits = List.copyOf(hits);
    weights = Map.copyOf(weights);
    searched = List.copyOf(searched);
  }
}
