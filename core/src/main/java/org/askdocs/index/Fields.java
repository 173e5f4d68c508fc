package org.askdocs.index;

/** Every field name of the index, once. */
public final class Fields {
  /**
   * Stable passage id, {@code source#anchor} (plus {@code ~part} for later parts); tie-breaker for
   * ranking.
   */
  public static final String ID = "id";

  /** The file's path relative to the corpus root. */
  public static final String SOURCE = "source";

  /** {@code source#anchor}: every passage of one section shares it. */
  public static final String SECTION = "section";

  /** Stored only: the document title. */
  public static final String TITLE = "title";

  /** Stored only: the section's own heading. */
  public static final String HEADING = "heading";

  /**
   * What is searched: title, the headings above the section, its heading and the passage text in
   * one field, the headings repeated by their weight, so that plain BM25 on it scores like BM25F
   * over the separate fields while Lucene can still skip what cannot compete.
   */
  public static final String ALL = "all";

  /** Stored only: the heading path, one value per level. */
  public static final String PATH_STORED = "pathStored";

  public static final String ANCHOR = "anchor";

  /** Stored only: the passage's text, highlighted and shown. */
  public static final String BODY = "body";

  /** Unstemmed words of headings and body: the vocabulary "did you mean" suggests from. */
  public static final String WORDS = "words";

  public static final String PART = "part";
  public static final String PARTS = "parts";

  /** How much a passage is worth as an answer on its own, as a score multiplier (1 for most). */
  public static final String PRIOR = "prior";

  /** Position of the passage within its document, for "the passages around it". */
  public static final String ORDINAL = "ordinal";

  /**
   * What the passage means: the embedding of its heading path and text (unit length, dot product).
   */
  public static final String VECTOR = "vector";

  /**
   * Stored only: the embeddings of the passage's {@linkplain Sentences sentences}, packed ({@link
   * SentenceVectors}).
   */
  public static final String SENTENCE_VECTORS = "sentenceVectors";

  /**
   * The text a passage's vectors are made from, hashed: passages with the same key get the same
   * vectors from one model, so a rebuild takes them from the previous index instead of embedding
   * again.
   */
  public static final String VECTOR_KEY = "vectorKey";

  private Fields() {}
}
