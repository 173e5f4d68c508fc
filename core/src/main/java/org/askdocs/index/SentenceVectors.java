package org.askdocs.index;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The vectors of a passage's sentences, stored with the passage in 8 bits per dimension (a scale
 * per vector): a quarter of the floats' size, and precise enough to compare sentences (cosines move
 * by less than 0.002). Stateless and thread-safe.
 */
public final class SentenceVectors {
  private SentenceVectors() {}

  /** Packs unit vectors of equal length: for each, its scale then one signed byte per dimension. */
  public static byte[] encode(List<float[]> vectors) {
    if (vectors.isEmpty()) {
      return new byte[0];
    }
    int dims = vectors.getFirst().length;
    ByteBuffer out =
        ByteBuffer.allocate(vectors.size() * (Float.BYTES + dims)).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] v : vectors) {
      if (v.length != dims) {
        throw new IllegalArgumentException(
            "sentence vectors must have one length, got " + v.length + " and " + dims);
      }
      float max = 0;
      for (float x : v) {
        max = Math.max(max, Math.abs(x));
      }
      float scale = max == 0 ? 0 : max / 127f;
      out.putFloat(scale);
      for (float x : v) {
        out.put(scale == 0 ? 0 : (byte) Math.round(x / scale));
      }
    }
    return out.array();
  }

  /**
   * The dot product of a query vector with each packed vector, in order: their cosines when all
   * have unit length.
   *
   * @throws IllegalArgumentException when the bytes do not hold vectors of the query's length
   */
  public static float[] dots(float[] query, byte[] packed) {
    int stride = Float.BYTES + query.length;
    if (packed.length % stride != 0) {
      throw new IllegalArgumentException(
          "packed sentence vectors of "
              + packed.length
              + " bytes do not hold vectors of "
              + query.length
              + " dimensions");
    }
    ByteBuffer in = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[packed.length / stride];
    for (int i = 0; i < out.length; i++) {
      int base = i * stride;
      float scale = in.getFloat(base);
      float sum = 0;
      for (int d = 0; d < query.length; d++) {
        sum += query[d] * packed[base + Float.BYTES + d];
      }
      out[i] = sum * scale;
    }
    return out;
  }
}
