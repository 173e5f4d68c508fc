package org.askdocs.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.askdocs.AskDocs;
import org.askdocs.store.Store;
import org.askdocs.index.IndexReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code askdocs index}: build or refresh the index and say what was indexed and skipped. */
@Command(name = "index", description = "Build the index of the corpus (only when it changed, unless --force).")
final class IndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CorpusOptions where = new CorpusOptions();

  @Option(names = "--force", description = "Rebuild even when the index is current.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Store store = where.store();
    IndexReport r = AskDocs.index(where.corpus(), where.config(Progress.forStderr(err)), force);
    String into = store.describe();
    if (!r.rebuilt()) {
      out.printf("Index is current: %d documents, %d passages, built %s (%s).%n", r.documents(), r.passages(), r.builtAt(), into);
      embedded(out, r);
      return Main.OK;
    }
    for (IndexReport.Indexed i : r.indexed()) {
      out.printf("indexed  %s  (%d sections, %d passages%s)%n", Terminal.safe(i.source()), i.sections(), i.passages(), i.note() == null ? "" : "; " + i.note());
    }
    for (IndexReport.Skipped s : r.skipped()) {
      out.printf("skipped  %s  (%s)%n", Terminal.safe(s.source()), s.reason());
    }
    for (String removed : r.removed()) {
      out.printf("removed  %s%n", Terminal.safe(removed));
    }
    if (r.incremental()) {
      out.printf("Updated %d changed files (%d removed) in %d ms; the index holds %d documents (%d passages), in %s.%n",
          r.indexed().size() + r.skipped().size(), r.removed().size(), r.took().toMillis(), r.documents(), r.passages(), into);
    } else {
      out.printf("Indexed %d documents (%d passages), skipped %d, in %d ms, into %s.%n", r.documents(), r.passages(),
          r.skipped().size(), r.took().toMillis(), into);
    }
    embedded(out, r);
    return r.documents() == 0 ? Main.NO_RESULT : Main.OK;
  }

  private static void embedded(PrintWriter out, IndexReport r) {
    if (r.embedded() > 0) {
      out.printf("Embedded %d passages in %.1f s.%n", r.embedded(), r.embedding().toMillis() / 1000.0);
    }
  }
}
