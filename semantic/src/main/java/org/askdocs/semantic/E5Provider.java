package org.askdocs.semantic;

import java.io.IOException;
import org.askdocs.embed.Embedder;
import org.askdocs.embed.EmbedderProvider;

/** Offers {@link E5SmallV2} to the engine through the service loader. */
public final class E5Provider implements EmbedderProvider {
  @Override
  public String id() {
    return E5SmallV2.ID;
  }

  /**
   * Loads the model with one thread per core, up to four: beyond that a small model gains little.
   */
  @Override
  public Embedder load() throws IOException {
    return E5SmallV2.load(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
  }
}
