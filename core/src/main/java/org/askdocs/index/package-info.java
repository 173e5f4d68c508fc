/**
 * The embedded index: the one analyzer chain ({@link org.askdocs.index.Analyzers}), every field
 * name once ({@link org.askdocs.index.Fields}), and the {@link org.askdocs.index.Indexer} that
 * writes generations of a Lucene index, keeps them current with the corpus, gives passages their
 * vectors and checks their integrity. Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package org.askdocs.index;

import org.jspecify.annotations.NullMarked;
