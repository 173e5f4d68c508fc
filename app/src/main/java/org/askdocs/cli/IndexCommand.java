package org.askdocs.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.askdocs.AskDocs;
import org.askdocs.index.IndexReport;
import org.askdocs.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code askdocs index}: build or refresh the index and say what was indexed and skipped. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Build the index of the corpus (only when it changed, unless --force).")
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
      out.printf(
          "Index is current: %s, %s, built %s (%s).%n",
          Terminal.count(r.documents(), "document"),
          Terminal.count(r.passages(), "passage"),
          r.builtAt(),
          into);
      embedded(out, r);
      return Main.OK;
    }
    for (IndexReport.Indexed i : r.indexed()) {
      out.printf(
          "indexed  %s  (%s, %s%s)%n",
          Terminal.safe(i.source()),
          Terminal.count(i.sections(), "section"),
          Terminal.count(i.passages(), "passage"),
          i.note() == null ? "" : "; " + i.note());
    }
    for (IndexReport.Skipped s : r.skipped()) {
      out.printf("skipped  %s  (%s)%n", Terminal.safe(s.source()), s.reason());
    }
    for (String removed : r.removed()) {
      out.printf("removed  %s%n", Terminal.safe(removed));
    }
    if (r.incremental()) {
      out.printf(
          "Updated %s (%d removed) in %d ms; the index holds %s (%s), in %s.%n",
          Terminal.count(r.indexed().size() + r.skipped().size(), "changed file"),
          r.removed().size(),
          r.took().toMillis(),
          Terminal.count(r.documents(), "document"),
          Terminal.count(r.passages(), "passage"),
          into);
    } else {
      out.printf(
          "Indexed %s (%s), skipped %d, in %d ms, into %s.%n",
          Terminal.count(r.documents(), "document"),
          Terminal.count(r.passages(), "passage"),
          r.skipped().size(),
          r.took().toMillis(),
          into);
    }
    embedded(out, r);
    return r.documents() == 0 ? Main.NO_RESULT : Main.OK;
  }

  private static void embedded(PrintWriter out, IndexReport r) {
    if (r.embedded() > 0) {
      out.printf(
          "Embedded %s in %.1f s.%n",
          Terminal.count(r.embedded(), "passage"), r.embedding().toMillis() / 1000.0);
    }
  }
}
