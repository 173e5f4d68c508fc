package org.askdocs.embed;

import java.util.List;

/**
 * A text embedding model: texts in, unit-length vectors out, so that the dot product of two vectors
 * is their cosine similarity. The engine's only view of meaning: analysers say which words a text
 * holds, an embedder says what it is about. Implementations are thread-safe and costly to create (a
 * model is loaded); create one, share it, close it when done.
 */
public interface Embedder extends AutoCloseable {
  /**
   * What a text is, for models that embed questions and the passages answering them differently.
   */
  enum Role {
    QUESTION,
    PASSAGE
  }

  /**
   * Names the model and everything that changes its vectors (weights, tokenizer, prefixes,
   * pooling). Indexes record it: vectors made under another id are never mixed with this one's.
   */
  String id();

  /** Length of every vector. */
  int dimensions();

  /**
   * Embeds texts, in order. Long texts are cut to what the model reads.
   *
   * @return one unit-length vector of {@link #dimensions()} per text
   */
  List<float[]> embed(List<String> texts, Role role);

  /** Embeds one question. */
  default float[] embedQuestion(String question) {
    return embed(List.of(question), Role.QUESTION).getFirst();
  }

  @Override
  void close();
}
