package org.askdocs.cli;

import io.javalin.Javalin;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.askdocs.AskDocs;
import org.askdocs.Status;
import org.askdocs.index.IndexReport;
import org.askdocs.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code askdocs serve}: the search page and JSON API. Watches the corpus and re-indexes in the
 * background when it changes; questions keep being answered from the previous index meanwhile.
 * Stops cleanly on Ctrl+C (SIGINT) or SIGTERM.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Serve the search page and the JSON API.")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CorpusOptions where = new CorpusOptions();

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "7070",
      description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--cors",
      paramLabel = "ORIGIN",
      description =
          "Allow browser pages from this origin (e.g. https://docs.example.com) to call the API."
              + " Off by default.")
  String cors;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "Require \"Authorization: Bearer TOKEN\" on the API and /mcp (at least 16 characters;"
              + " also from ASKDOCS_TOKEN). Use it when binding beyond this machine.")
  String token;

  @Option(
      names = "--watch",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description = "How often to look for corpus changes, 0 to never (default: ${DEFAULT-VALUE}).")
  int watchSeconds;

  @Override
  public Integer call() throws Exception {
    if (watchSeconds < 0 || watchSeconds > 86_400) {
      throw new IllegalArgumentException(
          "--watch must be between 0 and 86400 seconds, got " + watchSeconds);
    }
    if (token == null
        && System.getenv("ASKDOCS_TOKEN") != null
        && !System.getenv("ASKDOCS_TOKEN").isBlank()) {
      token = System.getenv("ASKDOCS_TOKEN");
    }
    WebServer.Options options = new WebServer.Options(host, port, cors, token);
    if (token == null && !isLoopback(host)) {
      spec.commandLine()
          .getErr()
          .println(
              "askdocs: warning: serving on "
                  + host
                  + " without --token: anyone who can reach this address can use the API and /mcp");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Questions are answered by words at once; meaning joins when the model has loaded and every
    // passage has its vector (embedded in the background, see /api/health).
    AskDocs docs = where.open(Progress.forStderr(err), true);
    Javalin app = WebServer.create(docs, options);
    try {
      app.start();
    } catch (RuntimeException e) {
      docs.close();
      if (causedBy(e, BindException.class)) {
        err.println(
            "askdocs: cannot listen on "
                + host
                + ":"
                + port
                + ": the port is in use or the address is not this machine's; choose another with"
                + " --port or --host");
        return Main.IO_FAILURE;
      }
      throw e;
    }
    ScheduledExecutorService watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "askdocs-corpus-watcher");
              t.setDaemon(true);
              return t;
            });
    if (watchSeconds > 0) {
      watcher.scheduleWithFixedDelay(
          new Watch(docs, err, watchSeconds), watchSeconds, watchSeconds, TimeUnit.SECONDS);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  watcher.shutdownNow();
                  app.stop();
                  try {
                    docs.close();
                  } catch (Exception e) {
                    err.println("askdocs: closing the index failed: " + e.getMessage());
                  }
                  err.println("askdocs: stopped");
                  err.flush();
                  stopped.countDown();
                },
                "askdocs-shutdown"));
    Status s = docs.status();
    out.printf(
        "askdocs: serving %s (%s) at http://%s:%d%n",
        Terminal.count(s.documents(), "document"),
        Terminal.count(s.passages(), "passage"),
        host.contains(":") ? "[" + host + "]" : host,
        app.port());
    if (where.openSearch()) {
      out.printf("askdocs: passages kept and searched in %s%n", where.store().describe());
    }
    out.flush();
    watcher.scheduleWithFixedDelay(new MeaningReport(docs, err), 0, 1, TimeUnit.SECONDS);
    stopped.await();
    return Main.OK;
  }

  /** Says when meaning joins the ranking, or why it cannot; quiet once it has said so. */
  private static final class MeaningReport implements Runnable {
    private final AskDocs docs;
    private final PrintWriter err;
    private Status.State said;
    private int lastDecile = -1;

    MeaningReport(AskDocs docs, PrintWriter err) {
      this.docs = docs;
      this.err = err;
    }

    @Override
    public void run() {
      Status.Semantic s;
      try {
        s = docs.status().semantic();
      } catch (IllegalStateException closed) {
        return;
      }
      if (s.state() == Status.State.EMBEDDING && s.toEmbed() > 0) {
        int decile = (int) (10L * s.embedded() / s.toEmbed());
        if (decile != lastDecile && decile < 10) {
          err.printf(
              "askdocs: answering by words while passages get their meaning: %d of %d embedded%n",
              s.embedded(), s.toEmbed());
          err.flush();
          lastDecile = decile;
        }
      }
      if (s.state() == said) {
        return;
      }
      switch (s.state()) {
        case READY -> err.println("askdocs: ranking by meaning and words (" + s.model() + ")");
        case UNAVAILABLE -> err.println("askdocs: ranking by words only: " + s.reason());
        case OFF -> err.println("askdocs: ranking by words only (--semantic off)");
        case LOADING, EMBEDDING -> {}
      }
      err.flush();
      said = s.state();
    }
  }

  /**
   * Re-indexes when the corpus changes. A failure (a full disk, a folder being renamed) is said
   * once, then retried less and less often (up to every {@link #MAX_BACKOFF_SECONDS} seconds) while
   * the previous index keeps answering; the first success after failures says so.
   */
  static final class Watch implements Runnable {
    static final int MAX_BACKOFF_SECONDS = 300;
    private final AskDocs docs;
    private final PrintWriter err;
    private final int everySeconds;
    private int backoffSeconds;
    private long nextTry;
    private String lastFailure;

    Watch(AskDocs docs, PrintWriter err, int everySeconds) {
      this.docs = docs;
      this.err = err;
      this.everySeconds = everySeconds;
    }

    @Override
    public void run() {
      if (System.nanoTime() - nextTry < 0) {
        return;
      }
      try {
        IndexReport r = docs.refresh();
        if (lastFailure != null) {
          err.println("askdocs: re-indexing works again");
          lastFailure = null;
          backoffSeconds = 0;
        }
        if (r.rebuilt()) {
          err.printf(
              "askdocs: corpus changed; %s in %d ms; now %s (%s)%n",
              r.incremental()
                  ? "re-indexed "
                      + Terminal.count(r.indexed().size() + r.skipped().size(), "changed file")
                      + " and removed "
                      + Terminal.count(r.removed().size(), "file")
                  : "rebuilt the index",
              r.took().toMillis(),
              Terminal.count(r.documents(), "document"),
              Terminal.count(r.passages(), "passage"));
        }
      } catch (IllegalStateException closed) {
        return; // stopping
      } catch (Exception e) {
        backoffSeconds =
            Math.min(
                MAX_BACKOFF_SECONDS, backoffSeconds == 0 ? everySeconds * 2 : backoffSeconds * 2);
        nextTry = System.nanoTime() + backoffSeconds * 1_000_000_000L;
        String failure = Main.describe(e);
        if (!failure.equals(lastFailure)) {
          err.println(
              "askdocs: re-indexing failed, still serving the previous index (retrying less often):"
                  + " "
                  + failure);
        }
        lastFailure = failure;
      }
      err.flush();
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
