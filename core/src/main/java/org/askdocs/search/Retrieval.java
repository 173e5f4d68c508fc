package org.askdocs.search;

/** Which signals rank the passages. */
public enum Retrieval {
  /** Words only: the question's wordings scored by BM25. All an index without vectors offers. */
  LEXICAL,
  /** Meaning only: passages by how close their vector is to the question's. For comparison. */
  DENSE,
  /** Words and meaning fused ({@link Fusion}); words alone while the index has no vectors. */
  FUSED
}
