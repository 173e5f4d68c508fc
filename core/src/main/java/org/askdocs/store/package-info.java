/**
 * Where passages are kept and how they are kept current: the embedded Lucene index in a folder
 * ({@link org.askdocs.store.EmbeddedStore}) or a search cluster, behind {@link
 * org.askdocs.store.Store}. Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package org.askdocs.store;

import org.jspecify.annotations.NullMarked;
