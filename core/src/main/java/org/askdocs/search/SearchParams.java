package org.askdocs.search;

/**
 * The knobs of ranking, in one place. {@link #DEFAULTS} are the values measured best on the tuning
 * part of the evaluation sets (see the README); the held-out part confirmed them.
 *
 * @param phraseBoost boost of passages holding all the question's words near each other
 * @param pairBoost boost per pair of the question's neighbouring words found near each other
 * @param correctedBoost weight of a word the spelling correction put in
 * @param synonymBoost weight of another wording of the question's words
 * @param namedBoost weight of a named thing (an acronym or a product name written with capitals or digits)
 * @param k1 BM25 term-frequency saturation
 * @param b BM25 length normalisation
 * @param maxPerDocument at most this many passages of one document in a result
 */
public record SearchParams(float phraseBoost, float pairBoost,
    float correctedBoost, float synonymBoost, float namedBoost, float k1, float b, int maxPerDocument) {
  public static final SearchParams DEFAULTS = new SearchParams(0f, 0.15f, 0.8f, 0.6f, 1.0f, 1.5f, 0.75f, 3);

  public SearchParams {
    if (maxPerDocument < 1) {
      throw new IllegalArgumentException("maxPerDocument must be at least 1, got " + maxPerDocument);
    }
  }

  public SearchParams withProximity(float phrase, float pair) {
    return new SearchParams(phrase, pair, correctedBoost, synonymBoost, namedBoost, k1, b, maxPerDocument);
  }

  public SearchParams withBoosts(float corrected, float synonym, float named) {
    return new SearchParams(phraseBoost, pairBoost, corrected, synonym, named, k1, b, maxPerDocument);
  }

  public SearchParams withBm25(float k1, float b) {
    return new SearchParams(phraseBoost, pairBoost, correctedBoost, synonymBoost, namedBoost, k1, b, maxPerDocument);
  }

  public SearchParams withMaxPerDocument(int max) {
    return new SearchParams(phraseBoost, pairBoost, correctedBoost, synonymBoost, namedBoost, k1, b, max);
  }
}
