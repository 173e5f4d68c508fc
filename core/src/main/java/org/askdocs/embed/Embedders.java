package org.askdocs.embed;

import java.util.Comparator;
import java.util.Optional;
import java.util.ServiceLoader;

/** The embedding models on the class path. */
public final class Embedders {
  private Embedders() {}

  /**
   * The model a module on the class path provides, or empty when there is none (the engine then
   * ranks by words alone). With several, the one whose id sorts first, so the choice is stable.
   */
  public static Optional<EmbedderProvider> find() {
    return ServiceLoader.load(EmbedderProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .min(Comparator.comparing(EmbedderProvider::id));
  }
}
