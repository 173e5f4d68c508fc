package org.askdocs.semantic;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.askdocs.embed.Embedder;

/**
 * The English e5-small-v2 model (384 dimensions, 512 tokens, int8-quantised), run in-process by
 * ONNX Runtime from the model file inside its Maven artifact: nothing is downloaded. Questions are
 * embedded as {@code "query: …"}, passages as {@code "passage: …"}, as the model was trained;
 * vectors are the attention-masked mean of the last hidden states, normalised.
 *
 * <p>Thread-safe: one ONNX session serves concurrent calls. Loading takes about half a second and
 * 60 MB; a question takes a few milliseconds, a passage of 300 words some tens on one core. Texts
 * are embedded in batches of similar length so that little is spent on padding. The quantised model
 * scales its activations per batch, so a text's vector moves a little (cosine above 0.995) with the
 * company it is embedded in.
 */
public final class E5SmallV2 implements Embedder {
  /** Changes whenever anything below changes the vectors, so indexes re-embed. */
  public static final String ID = "e5-small-v2-q/mean/512";

  static final String MODEL = "/e5-small-v2-q.onnx";
  static final String TOKENIZER = "/e5-small-v2-q-tokenizer.json";
  static final int DIMENSIONS = 384;
  static final int MAX_TOKENS = 512;

  /**
   * A batch holds at most this many tokens (padding included): larger ones gain nothing on a CPU.
   */
  private static final int BATCH_TOKENS = 4096;

  private static final int MAX_BATCH = 32;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final WordPiece tokenizer;

  private E5SmallV2(OrtEnvironment env, OrtSession session, WordPiece tokenizer) {
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
  }

  /**
   * Loads the model and its tokenizer from the class path.
   *
   * @param threads how many threads one embedding call may use (the cores to spare)
   * @throws IOException when the model is missing from the class path or ONNX Runtime cannot run
   *     here
   */
  public static E5SmallV2 load(int threads) throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    WordPiece tokenizer;
    try (InputStream in = resource(TOKENIZER)) {
      tokenizer = WordPiece.fromTokenizerJson(in);
    }
    byte[] model;
    try (InputStream in = resource(MODEL)) {
      model = in.readAllBytes();
    }
    try {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return new E5SmallV2(env, env.createSession(model, options), tokenizer);
    } catch (OrtException | UnsatisfiedLinkError e) {
      throw new IOException(
          "the embedding model could not start (ONNX Runtime: " + e.getMessage() + ")", e);
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = E5SmallV2.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException(
          "the embedding model's " + name.substring(1) + " is not on the class path");
    }
    return in;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public List<float[]> embed(List<String> texts, Role role) {
    String prefix = role == Role.QUESTION ? "query: " : "passage: ";
    int[][] tokens = new int[texts.size()][];
    for (int i = 0; i < texts.size(); i++) {
      tokens[i] = tokenizer.encode(prefix + texts.get(i), MAX_TOKENS);
    }
    // Batches of similar lengths: sort by length, cut where the padded batch would grow too big.
    Integer[] order = new Integer[tokens.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> tokens[i].length));
    float[][] out = new float[tokens.length][];
    int start = 0;
    while (start < order.length) {
      int end = start + 1;
      while (end < order.length
          && end - start < MAX_BATCH
          && (end - start + 1) * tokens[order[end]].length <= BATCH_TOKENS) {
        end++;
      }
      int[][] batch = new int[end - start][];
      for (int i = start; i < end; i++) {
        batch[i - start] = tokens[order[i]];
      }
      float[][] vectors = run(batch);
      for (int i = start; i < end; i++) {
        out[order[i]] = vectors[i - start];
      }
      start = end;
    }
    return Arrays.asList(out);
  }

  /**
   * One forward pass over a batch padded to its longest text; mean pooling over real tokens, then
   * unit length.
   */
  private float[][] run(int[][] batch) {
    int rows = batch.length;
    int width = 0;
    for (int[] t : batch) {
      width = Math.max(width, t.length);
    }
    long[] ids = new long[rows * width];
    long[] mask = new long[rows * width];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < batch[r].length; c++) {
        ids[r * width + c] = batch[r][c];
        mask[r * width + c] = 1;
      }
    }
    long[] shape = {rows, width};
    try (OnnxTensor idT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor typeT =
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[rows * width]), shape);
        OrtSession.Result result =
            session.run(
                Map.of("input_ids", idT, "attention_mask", maskT, "token_type_ids", typeT))) {
      float[][][] hidden = (float[][][]) result.get(0).getValue();
      float[][] out = new float[rows][];
      for (int r = 0; r < rows; r++) {
        float[] v = new float[DIMENSIONS];
        int n = batch[r].length;
        for (int c = 0; c < n; c++) {
          float[] h = hidden[r][c];
          for (int d = 0; d < DIMENSIONS; d++) {
            v[d] += h[d];
          }
        }
        double norm = 0;
        for (int d = 0; d < DIMENSIONS; d++) {
          norm += (double) v[d] * v[d];
        }
        float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
        for (int d = 0; d < DIMENSIONS; d++) {
          v[d] *= scale;
        }
        out[r] = v;
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException(
          "the embedding model failed on a batch of " + rows + " texts: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // Closing frees native memory; a failure leaves nothing for the caller to do.
    }
  }
}
