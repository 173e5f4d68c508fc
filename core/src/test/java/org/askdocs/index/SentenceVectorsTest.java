package org.askdocs.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SentenceVectorsTest {
  static float[] unit(Random r, int dims) {
    float[] v = new float[dims];
    double norm = 0;
    for (int d = 0; d < dims; d++) {
      v[d] = (float) r.nextGaussian();
      norm += v[d] * v[d];
    }
    for (int d = 0; d < dims; d++) {
      v[d] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  @Test
  void eightBitsPerDimensionKeepCosinesWithinTwoThousandths() {
    Random r = new Random(20261130);
    List<float[]> sentences = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sentences.add(unit(r, 384));
    }
    byte[] packed = SentenceVectors.encode(sentences);
    assertEquals(200 * (4 + 384), packed.length);
    float[] query = unit(r, 384);
    float[] dots = SentenceVectors.dots(query, packed);
    double worst = 0;
    for (int i = 0; i < sentences.size(); i++) {
      float exact = 0;
      for (int d = 0; d < 384; d++) {
        exact += query[d] * sentences.get(i)[d];
      }
      worst = Math.max(worst, Math.abs(exact - dots[i]));
    }
    assertTrue(worst < 0.002, "worst error " + worst);
  }

  @Test
  void noSentencesPackIntoNothing() {
    assertArrayEquals(new byte[0], SentenceVectors.encode(List.of()));
    assertArrayEquals(new float[0], SentenceVectors.dots(new float[384], new byte[0]));
  }

  @Test
  void bytesOfAnotherLengthAreRefusedWithTheReason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SentenceVectors.dots(new float[384], new byte[100]));
    assertEquals(
        "packed sentence vectors of 100 bytes do not hold vectors of 384 dimensions",
        e.getMessage());
  }
}
