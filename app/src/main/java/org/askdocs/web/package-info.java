/**
 * The web front door: the search page and the JSON API (Javalin), the MCP endpoint behind its gate,
 * and the replies Jetty writes itself; every refusal is JSON that says what was wrong. Nothing here
 * is null unless marked {@code @Nullable}.
 */
@NullMarked
package org.askdocs.web;

import org.jspecify.annotations.NullMarked;
