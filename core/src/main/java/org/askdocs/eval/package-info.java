/**
 * Measuring answer quality: question sets ({@link org.askdocs.eval.EvalQuestion}), the scores
 * (hit@k, MRR, right answer sentences, declines) of any system that answers them, and the baseline.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package org.askdocs.eval;

import org.jspecify.annotations.NullMarked;
