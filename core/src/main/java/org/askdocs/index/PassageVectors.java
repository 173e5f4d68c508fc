package org.askdocs.index;

import java.util.ArrayList;
import java.util.List;
import org.askdocs.embed.Embedder;

/**
 * A passage's vectors, as every store keeps them: the embedding of its heading path and text, and
 * the embeddings of its {@linkplain Sentences sentences}, packed ({@link SentenceVectors}).
 */
public record PassageVectors(float[] passage, byte[] sentences) {
  /**
   * Embeds passages, each with its sentences, in one call to the model (which batches by length).
   */
  public static List<PassageVectors> of(
      Embedder embedder, List<PassageReader.PassageDoc> passages) {
    List<String> texts = new ArrayList<>();
    List<Integer> sentenceCounts = new ArrayList<>();
    for (PassageReader.PassageDoc p : passages) {
      texts.add(p.embeddedText());
      List<String> sentences = Sentences.of(p.text());
      texts.addAll(sentences);
      sentenceCounts.add(sentences.size());
    }
    List<float[]> vectors = embedder.embed(texts, Embedder.Role.PASSAGE);
    List<PassageVectors> out = new ArrayList<>(passages.size());
    int at = 0;
    for (int n : sentenceCounts) {
      out.add(
          new PassageVectors(
              vectors.get(at), SentenceVectors.encode(vectors.subList(at + 1, at + 1 + n))));
      at += 1 + n;
    }
    return out;
  }
}
