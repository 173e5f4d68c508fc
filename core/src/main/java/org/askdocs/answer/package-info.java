/**
 * The answer sentence of a ranked result, or the decision that the docs do not answer the question
 * ({@link org.askdocs.answer.AnswerFinder}).
 */
package org.askdocs.answer;
