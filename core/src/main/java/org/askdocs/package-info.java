/**
 * askdocs as a library: {@link org.askdocs.AskDocs} opens a corpus (building or refreshing its
 * index) and answers questions with {@link org.askdocs.AskResult}s of ranked {@link
 * org.askdocs.Passage}s and an {@link org.askdocs.Answer}; {@link org.askdocs.PromptContext} turns
 * a result into text for a chatbot's prompt. Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package org.askdocs;

import org.jspecify.annotations.NullMarked;
