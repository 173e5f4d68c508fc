/** The one JSON mapper of the front doors. Nothing here is null unless marked {@code @Nullable}. */
@NullMarked
package org.askdocs.json;

import org.jspecify.annotations.NullMarked;
