package org.askdocs.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Fuses what words and meaning say about the candidates of a question into one ranking, the same
 * way whichever backend found them. Each candidate is described relative to the others (its BM25
 * score over the best one, its cosine scaled between the worst and the best, and how far it leads
 * the best other candidate on each), and scored by a weighted sum whose weights were fitted on the
 * tuning questions (a conditional logistic regression: the weights that make the right passages
 * most likely; see {@code fusion.properties} for how). Immutable and thread-safe.
 */
public final class Fusion {
  /** The features, in the order of {@link #features} and the weights. */
  public static final List<String> FEATURES =
      List.of(
          "lexical", "dense", "sentence", "lexicalLead", "denseLead", "sentenceLead", "navigation");

  /** The fitted weights, read from {@code fusion.properties} beside this class. */
  public static final Fusion DEFAULT = load("fusion.properties");

  private final float[] weights;

  private Fusion(float[] weights) {
    this.weights = weights;
  }

  /**
   * Weights by feature name; features left out weigh 0.
   *
   * @throws IllegalArgumentException naming an unknown feature or a weight that is not a finite
   *     number
   */
  public static Fusion of(Map<String, Float> weights) {
    float[] w = new float[FEATURES.size()];
    weights.forEach(
        (name, value) -> {
          int i = FEATURES.indexOf(name);
          if (i < 0) {
            throw new IllegalArgumentException(
                "unknown fusion feature '" + name + "'; the features are " + FEATURES);
          }
          if (value == null || !Float.isFinite(value)) {
            throw new IllegalArgumentException(
                "the weight of '" + name + "' must be a finite number, got " + value);
          }
          w[i] = value;
        });
    return new Fusion(w);
  }

  private static Fusion load(String resource) {
    Properties p = new Properties();
    try (InputStream in = Fusion.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "the fusion weights " + resource + " are missing from the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fusion weights " + resource, e);
    }
    java.util.Map<String, Float> w = new java.util.HashMap<>();
    for (String name : p.stringPropertyNames()) {
      w.put(name, Float.parseFloat(p.getProperty(name).strip()));
    }
    return of(w);
  }

  /** The weight of each feature, in {@link #FEATURES} order. */
  public float[] weights() {
    return weights.clone();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Fusion[");
    for (int i = 0; i < weights.length; i++) {
      s.append(i == 0 ? "" : ", ")
          .append(FEATURES.get(i))
          .append('=')
          .append(String.format(Locale.ROOT, "%.3f", weights[i]));
    }
    return s.append(']').toString();
  }

  /** A candidate and its final score (comparable only within one question's candidates). */
  public record Scored(Candidate candidate, float score) {}

  /**
   * Orders a question's candidates, best first, ties by id, the best part of each section and at
   * most {@code maxPerDocument} passages per document first (see {@link QueryPlan#rank}).
   *
   * <ul>
   *   <li>{@link Retrieval#LEXICAL}: the candidates the words found, by BM25 score times prior;
   *   <li>{@link Retrieval#DENSE}: the candidates with vectors, by cosine;
   *   <li>{@link Retrieval#FUSED}: every candidate, by the fitted weights; by words alone when none
   *       has a vector.
   * </ul>
   */
  public List<Scored> rank(List<Candidate> candidates, Retrieval mode, int k, int maxPerDocument) {
    boolean anyVector = candidates.stream().anyMatch(c -> !Float.isNaN(c.dense()));
    Retrieval effective = mode == Retrieval.FUSED && !anyVector ? Retrieval.LEXICAL : mode;
    List<Scored> scored = new ArrayList<>(candidates.size());
    switch (effective) {
      case LEXICAL ->
          candidates.stream()
              .filter(c -> !Float.isNaN(c.lexical()))
              .forEach(c -> scored.add(new Scored(c, c.lexical() * c.prior())));
      case DENSE ->
          candidates.stream()
              .filter(c -> !Float.isNaN(c.dense()))
              .forEach(c -> scored.add(new Scored(c, c.dense())));
      case FUSED -> {
        float[][] f = features(candidates);
        for (int i = 0; i < f.length; i++) {
          scored.add(new Scored(candidates.get(i), score(f[i])));
        }
      }
    }
    return QueryPlan.rank(
        scored,
        k,
        maxPerDocument,
        Scored::score,
        s -> s.candidate().id(),
        s -> s.candidate().source());
  }

  float score(float[] features) {
    float s = 0;
    for (int i = 0; i < weights.length; i++) {
      s += weights[i] * features[i];
    }
    return s;
  }

  /**
   * Each candidate's features, relative to the others: one row per candidate, {@link #FEATURES}
   * order.
   */
  public static float[][] features(List<Candidate> candidates) {
    int n = candidates.size();
    float[] lexical = new float[n];
    float[] dense = new float[n];
    float[] sentence = new float[n];
    float maxLexical = 0;
    for (int i = 0; i < n; i++) {
      Candidate c = candidates.get(i);
      lexical[i] = Float.isNaN(c.lexical()) ? 0 : c.lexical();
      maxLexical = Math.max(maxLexical, lexical[i]);
      dense[i] = c.dense();
      sentence[i] = c.bestSentence();
    }
    for (int i = 0; i < n; i++) {
      lexical[i] = maxLexical > 0 ? lexical[i] / maxLexical : 0;
    }
    float[] denseScaled = scaled(dense);
    float[] sentenceScaled = scaled(sentence);
    float[] lexicalLead = leads(lexical);
    float[] denseLead = leads(dense);
    float[] sentenceLead = leads(sentence);
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] =
          new float[] {
            lexical[i],
            denseScaled[i],
            sentenceScaled[i],
            lexicalLead[i],
            denseLead[i],
            sentenceLead[i],
            1 - candidates.get(i).prior()
          };
    }
    return out;
  }

  /** Values scaled to 0..1 between the smallest and the largest; missing values (NaN) count 0. */
  private static float[] scaled(float[] v) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float x : v) {
      if (!Float.isNaN(x)) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Float.isNaN(v[i]) || max <= min ? 0 : (v[i] - min) / (max - min);
    }
    return out;
  }

  /**
   * How far each value leads the best of the others (negative when behind); missing values count 0.
   */
  private static float[] leads(float[] v) {
    float best = Float.NEGATIVE_INFINITY;
    float second = Float.NEGATIVE_INFINITY;
    for (float x : v) {
      if (Float.isNaN(x)) {
        continue;
      }
      if (x > best) {
        second = best;
        best = x;
      } else if (x > second) {
        second = x;
      }
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      if (Float.isNaN(v[i]) || second == Float.NEGATIVE_INFINITY) {
        continue;
      }
      out[i] = v[i] - (v[i] == best ? second : best);
    }
    return out;
  }
}
