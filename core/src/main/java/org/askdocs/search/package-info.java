/**
 * Questions to ranked passages: the question parsed and planned once ({@link
 * org.askdocs.search.QueryPlan}: words, other wordings, corrections), candidates by words and by
 * meaning, one shared {@link org.askdocs.search.Fusion} that ranks them, and the {@link
 * org.askdocs.search.SearchBackend} every store implements.
 */
package org.askdocs.search;
