package org.askdocs.ingest;

/**
 * A document that cannot be read, with the reason in words for the person who owns the corpus
 * ("encrypted: it needs a password"). Thrown by the readers of binary formats; {@link Corpus#read}
 * turns it into a skipped file, so it never reaches a user as a stack trace.
 */
final class Unreadable extends Exception {
  Unreadable(String reason) {
    super(reason, null, false, false);
  }

  /** The reason, as shown in the index report. */
  String reason() {
    return getMessage();
  }
}
