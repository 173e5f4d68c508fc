package org.askdocs.search;

/**
 * The knobs of ranking, in one place. {@link #DEFAULTS} are the values measured best on the tuning
 * part of the evaluation sets (see docs/evaluation.md); the held-out part confirmed them.
 * Immutable; make others with {@link #toBuilder()}, as the tuning tools do:
 *
 * <pre>{@code SearchParams p = SearchParams.DEFAULTS.toBuilder().k1(1.2f).b(0.6f).build();}</pre>
 */
public final class SearchParams {
  public static final SearchParams DEFAULTS = new Builder().build();

  private final float phraseBoost;
  private final float pairBoost;
  private final float correctedBoost;
  private final float synonymBoost;
  private final float namedBoost;
  private final float k1;
  private final float b;
  private final int maxPerDocument;
  private final Fusion fusion;

  private SearchParams(Builder b) {
    this.phraseBoost = b.phraseBoost;
    this.pairBoost = b.pairBoost;
    this.correctedBoost = b.correctedBoost;
    this.synonymBoost = b.synonymBoost;
    this.namedBoost = b.namedBoost;
    this.k1 = b.k1;
    this.b = b.b;
    this.maxPerDocument = b.maxPerDocument;
    this.fusion = b.fusion;
  }

  /** Boost of passages holding all the question's words near each other. */
  public float phraseBoost() {
    return phraseBoost;
  }

  /** Boost per pair of the question's neighbouring words found near each other. */
  public float pairBoost() {
    return pairBoost;
  }

  /** Weight of a word the spelling correction put in. */
  public float correctedBoost() {
    return correctedBoost;
  }

  /** Weight of another wording of the question's words. */
  public float synonymBoost() {
    return synonymBoost;
  }

  /** Weight of a named thing (an acronym or a product name written with capitals or digits). */
  public float namedBoost() {
    return namedBoost;
  }

  /** BM25 term-frequency saturation. */
  public float k1() {
    return k1;
  }

  /** BM25 length normalisation. */
  public float b() {
    return b;
  }

  /**
   * At most this many passages of one document in a result (more only when nothing else is left).
   */
  public int maxPerDocument() {
    return maxPerDocument;
  }

  /** How words and meaning are weighed against each other. */
  public Fusion fusion() {
    return fusion;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Collects values, checked when built. */
  public static final class Builder {
    private float phraseBoost = 0f;
    private float pairBoost = 0.15f;
    private float correctedBoost = 0.8f;
    private float synonymBoost = 0.6f;
    private float namedBoost = 1.0f;
    private float k1 = 1.5f;
    private float b = 0.75f;
    private int maxPerDocument = 3;
    private Fusion fusion = Fusion.DEFAULT;

    private Builder() {}

    private Builder(SearchParams p) {
      phraseBoost = p.phraseBoost;
      pairBoost = p.pairBoost;
      correctedBoost = p.correctedBoost;
      synonymBoost = p.synonymBoost;
      namedBoost = p.namedBoost;
      k1 = p.k1;
      b = p.b;
      maxPerDocument = p.maxPerDocument;
      fusion = p.fusion;
    }

    public Builder phraseBoost(float v) {
      phraseBoost = v;
      return this;
    }

    public Builder pairBoost(float v) {
      pairBoost = v;
      return this;
    }

    public Builder correctedBoost(float v) {
      correctedBoost = v;
      return this;
    }

    public Builder synonymBoost(float v) {
      synonymBoost = v;
      return this;
    }

    public Builder namedBoost(float v) {
      namedBoost = v;
      return this;
    }

    public Builder k1(float v) {
      k1 = v;
      return this;
    }

    public Builder b(float v) {
      b = v;
      return this;
    }

    public Builder maxPerDocument(int v) {
      maxPerDocument = v;
      return this;
    }

    public Builder fusion(Fusion v) {
      fusion = java.util.Objects.requireNonNull(v, "fusion");
      return this;
    }

    /**
     * @throws IllegalArgumentException when a value is out of its range, saying which and what is
     *     allowed
     */
    public SearchParams build() {
      if (maxPerDocument < 1) {
        throw new IllegalArgumentException(
            "maxPerDocument must be at least 1, got " + maxPerDocument);
      }
      if (!(k1 >= 0) || !Float.isFinite(k1)) {
        throw new IllegalArgumentException("k1 must be a finite number of at least 0, got " + k1);
      }
      if (!(b >= 0 && b <= 1)) {
        throw new IllegalArgumentException("b must be between 0 and 1, got " + b);
      }
      for (float boost :
          new float[] {phraseBoost, pairBoost, correctedBoost, synonymBoost, namedBoost}) {
        if (!(boost >= 0) || !Float.isFinite(boost)) {
          throw new IllegalArgumentException(
              "boosts must be finite numbers of at least 0, got " + boost);
        }
      }
      return new SearchParams(this);
    }
  }
}
