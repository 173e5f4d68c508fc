package org.askdocs.embed;

import java.io.IOException;

/**
 * Makes an {@link Embedder} available to the engine: a module that ships a model registers one in
 * {@code META-INF/services/org.askdocs.embed.EmbedderProvider}, and the engine finds it on the
 * class path ({@link Embedders#find()}). Finding is cheap; {@link #load()} is not.
 */
public interface EmbedderProvider {
  /**
   * The {@linkplain Embedder#id() id} of the model {@link #load()} gives, known without loading it.
   */
  String id();

  /**
   * Loads the model (hundreds of milliseconds to a few seconds).
   *
   * @throws IOException when the model cannot be read or its runtime cannot start on this machine
   */
  Embedder load() throws IOException;
}
