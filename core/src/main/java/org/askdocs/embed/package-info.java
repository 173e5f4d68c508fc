/**
 * Meaning as vectors: the small {@link org.askdocs.embed.Embedder} interface (texts in, unit
 * vectors out) and how a model is found on the class path ({@link org.askdocs.embed.Embedders});
 * the model itself lives in askdocs-semantic. Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package org.askdocs.embed;

import org.jspecify.annotations.NullMarked;
