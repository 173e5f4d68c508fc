/**
 * askdocs for chatbots over the Model Context Protocol (the official Java SDK): the search_docs and
 * fetch_section tools and the documents as resources, on stdio or Streamable HTTP. Nothing here is
 * null unless marked {@code @Nullable}.
 */
@NullMarked
package org.askdocs.mcp;

import org.jspecify.annotations.NullMarked;
