package org.askdocs.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in model for tests: each word (its first five letters) points in a fixed random
 * direction, a text is the sum of its words' directions, and words the table calls alike share a
 * direction. So texts sharing words, or alike words, point alike: enough to test how meaning flows
 * through the engine without loading a real model. Counts what it embeds; can be held shut to
 * simulate a slow model.
 */
public final class WordsEmbedder implements Embedder {
  private static final int DIMENSIONS = 32;
  private static final Set<String> STOP =
      Set.of(
          "the", "a", "an", "is", "are", "of", "to", "in", "on", "by", "for", "and", "or", "who",
          "what", "how", "do", "does", "i", "my", "it", "its", "be", "with", "from", "at", "as",
          "that", "this");

  private final String id;
  private final Map<String, String> alike;
  private final AtomicInteger embedded = new AtomicInteger();
  private final CountDownLatch gate;

  /**
   * @param id the model id
   * @param alike words that mean the same, each to the word whose direction it shares
   * @param open false to hold every call until {@link #open()}
   */
  public WordsEmbedder(String id, Map<String, String> alike, boolean open) {
    this.id = id;
    this.alike = Map.copyOf(alike);
    this.gate = new CountDownLatch(open ? 0 : 1);
  }

  public WordsEmbedder(String id, Map<String, String> alike) {
    this(id, alike, true);
  }

  /** Lets held calls through. */
  public void open() {
    gate.countDown();
  }

  /** How many texts it has embedded. */
  public int embedded() {
    return embedded.get();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public List<float[]> embed(List<String> texts, Role role) {
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the model");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      float[] v = new float[DIMENSIONS];
      for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (word.isEmpty() || STOP.contains(word)) {
          continue;
        }
        String meaning = alike.getOrDefault(word, word);
        Random r = new Random(meaning.substring(0, Math.min(5, meaning.length())).hashCode());
        for (int d = 0; d < DIMENSIONS; d++) {
          v[d] += (float) r.nextGaussian();
        }
      }
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      for (int d = 0; d < DIMENSIONS && norm > 0; d++) {
        v[d] /= (float) Math.sqrt(norm);
      }
      out.add(v);
    }
    embedded.addAndGet(texts.size());
    return out;
  }

  @Override
  public void close() {}
}
