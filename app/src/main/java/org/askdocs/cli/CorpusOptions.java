package org.askdocs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.askdocs.AskDocs;
import org.askdocs.ingest.Corpus;
import org.askdocs.ingest.Website;
import org.askdocs.opensearch.OpenSearchConfig;
import org.askdocs.opensearch.OpenSearchStore;
import org.askdocs.store.EmbeddedStore;
import org.askdocs.store.Store;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the documents and their index live: the corpus folder, and either the embedded index (a
 * folder) or an OpenSearch cluster. Relative defaults resolve against the askdocs installation (the
 * {@code askdocs.home} system property the launcher sets), so {@code bin/askdocs} works from any
 * folder; each corpus gets its own index folder (or index name), so switching corpora never
 * thrashes one index.
 */
final class CorpusOptions {
  static final String URL_VARIABLE = "ASKDOCS_OPENSEARCH_URL";
  static final String PASSWORD_VARIABLE = "ASKDOCS_OPENSEARCH_PASSWORD";

  enum Backend {
    embedded,
    opensearch
  }

  @Option(
      names = "--corpus",
      paramLabel = "DIR|URL",
      description =
          "Folder of documents, or a documentation website's URL to crawl (default: the bundled"
              + " corpus/).")
  String corpus;

  @Option(
      names = "--max-pages",
      paramLabel = "N",
      defaultValue = "500",
      description = "With a URL: most pages to crawl (default: ${DEFAULT-VALUE}).")
  int maxPages;

  @Option(
      names = "--crawl-delay",
      paramLabel = "MS",
      defaultValue = "250",
      description =
          "With a URL: pause between requests, in milliseconds; robots.txt's Crawl-delay (up to 10"
              + " s) when longer (default: ${DEFAULT-VALUE}).")
  long crawlDelay;

  @Option(
      names = "--crawl-timeout",
      paramLabel = "SECONDS",
      defaultValue = "20",
      description = "With a URL: give up on a page after this long (default: ${DEFAULT-VALUE}).")
  int crawlTimeout;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--index",
      paramLabel = "DIR",
      description =
          "Folder for the embedded index (default: one subfolder per corpus of index/ in the"
              + " askdocs folder for corpora inside it, else of askdocs/index in your cache folder,"
              + " $XDG_CACHE_HOME or ~/.cache).")
  Path index;

  @Option(
      names = "--backend",
      paramLabel = "NAME",
      description =
          "Where passages are kept and searched: embedded (a Lucene index in a folder; the default)"
              + " or opensearch (a cluster, see --opensearch-url).")
  Backend backend;

  @Option(
      names = "--opensearch-url",
      paramLabel = "URLS",
      description =
          "OpenSearch node(s), comma-separated, like http://localhost:9200 (default: $"
              + URL_VARIABLE
              + ").")
  String openSearchUrl;

  @Option(
      names = "--opensearch-index",
      paramLabel = "NAME",
      description =
          "Index name (an alias) in OpenSearch (default: askdocs-<corpus folder>-<hash>).")
  String openSearchIndex;

  @Option(
      names = "--opensearch-user",
      paramLabel = "USER",
      description = "Basic-auth user; the password comes from $" + PASSWORD_VARIABLE + ".")
  String openSearchUser;

  @Option(
      names = "--opensearch-ca",
      paramLabel = "PEM",
      description =
          "Trust the certificate authority in this PEM file for https:// nodes (default: the"
              + " system's authorities).")
  Path openSearchCa;

  @Option(
      names = "--opensearch-shards",
      paramLabel = "N",
      defaultValue = "1",
      description = "Primary shards of a new OpenSearch index (default: ${DEFAULT-VALUE}).")
  int openSearchShards;

  @Option(
      names = "--opensearch-replicas",
      paramLabel = "N",
      defaultValue = "1",
      description = "Replicas of each shard (default: ${DEFAULT-VALUE}).")
  int openSearchReplicas;

  @Option(
      names = "--opensearch-timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "Give up on an OpenSearch request after this long (default: ${DEFAULT-VALUE}).")
  int openSearchTimeout;

  @Option(
      names = "--semantic",
      paramLabel = "on|off|auto",
      defaultValue = "auto",
      description =
          "Rank and answer by meaning as well as words, with the bundled embedding model: on, off,"
              + " or auto (when the model can start here; the default).")
  AskDocs.Semantic semantic;

  /**
   * The corpus folder: the one given, the bundled one, or for a URL the local mirror of the site,
   * crawled (or brought up to date) on first call.
   *
   * @throws IOException when a site cannot be reached and there is no earlier copy of it
   */
  Path corpus() throws IOException {
    Optional<URI> site = Website.parseUrl(corpus);
    if (site.isPresent()) {
      if (mirror == null) {
        mirror = crawl(site.get());
      }
      return mirror;
    }
    return folder();
  }

  /** The corpus folder given (or the bundled one), when it is not a URL. */
  private Path folder() {
    return corpus != null ? absolute(Path.of(corpus)) : home().resolve("corpus");
  }

  /**
   * The folder relative paths are resolved against: the caller's working folder, which for a
   * question answered by the helper process is the asking command's, not the helper's own.
   */
  Path base;

  private Path absolute(Path p) {
    return (base == null ? p.toAbsolutePath() : base.resolve(p)).normalize();
  }

  private Path mirror;

  /**
   * Mirrors a site into the cache folder, reporting on stderr; a site that is down leaves the last
   * copy answering.
   */
  private Path crawl(URI start) throws IOException {
    Website.Options options =
        new Website.Options(
            maxPages,
            Duration.ofMillis(crawlDelay),
            Duration.ofSeconds(crawlTimeout),
            Website.Options.DEFAULTS.maxPageBytes());
    Path folder = Website.cacheFolder(start).resolve("site");
    PrintWriter err = mixee.commandLine().getErr();
    Website.Report r = Website.crawl(start, folder, options);
    if (!r.reachable()) {
      if (r.pages() == 0) {
        throw new IOException("cannot crawl " + start + ": " + r.problem());
      }
      err.printf(
          "askdocs: %s could not be crawled (%s); answering from the last copy (%d pages)%n",
          start, r.problem(), r.pages());
    } else {
      err.printf(
          "askdocs: crawled %s: %d pages (%d new or changed, %d gone, %d left out)%n",
          start, r.pages(), r.changed(), r.removed(), r.skipped().size());
      for (Website.Skip s : r.skipped()) {
        err.printf("left out  %s  (%s)%n", s.url(), s.reason());
      }
    }
    err.flush();
    return folder;
  }

  Path index() {
    if (index != null) {
      return absolute(index);
    }
    Optional<URI> site = Website.parseUrl(corpus);
    if (site.isPresent()) {
      return Website.cacheFolder(site.get()).resolve("index");
    }
    // A corpus of the checkout keeps its index beside it; any other corpus's index is a cache of
    // the
    // user's, kept where the XDG conventions put caches, not inside the checkout.
    Path root =
        folder().startsWith(home())
            ? home().resolve("index")
            : Website.cacheRoot().resolve("index");
    return root.resolve(corpusName());
  }

  /** The corpus folder's name and a short hash of its path: one index per corpus. */
  private String corpusName() {
    Optional<URI> site = Website.parseUrl(corpus);
    if (site.isPresent()) {
      return Website.cacheFolder(site.get()).getFileName().toString();
    }
    Path c = folder();
    String name =
        c.getFileName() == null
            ? "corpus"
            : c.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
    String hash = Corpus.sha256(c.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 8);
    return name + "-" + hash;
  }

  /**
   * Whether the passages live in OpenSearch: asked for, or implied by a URL given on the command
   * line.
   */
  boolean openSearch() {
    return backend == Backend.opensearch || (backend == null && openSearchUrl != null);
  }

  /**
   * The store the options name (one per command: an OpenSearch store holds a connection pool).
   *
   * @throws IllegalArgumentException when the options contradict each other or a value is malformed
   */
  Store store() throws IOException {
    if (store == null) {
      store = newStore();
    }
    return store;
  }

  private Store store;

  private Store newStore() throws IOException {
    if (!openSearch()) {
      if (openSearchUrl != null
          || openSearchIndex != null
          || openSearchUser != null
          || openSearchCa != null) {
        throw new IllegalArgumentException("--opensearch-* options need --backend opensearch");
      }
      return new EmbeddedStore(index());
    }
    return new OpenSearchStore(openSearchConfig());
  }

  OpenSearchConfig openSearchConfig() {
    String urls = openSearchUrl != null ? openSearchUrl : System.getenv(URL_VARIABLE);
    if (urls == null || urls.isBlank()) {
      throw new IllegalArgumentException(
          "--backend opensearch needs --opensearch-url (or $"
              + URL_VARIABLE
              + "), like http://localhost:9200");
    }
    String name =
        openSearchIndex != null
            ? openSearchIndex
            : "askdocs-" + corpusName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
    if (openSearchTimeout < 1) {
      throw new IllegalArgumentException("--opensearch-timeout must be at least 1 second");
    }
    OpenSearchConfig config =
        OpenSearchConfig.of(urls, name)
            .withLayout(openSearchShards, openSearchReplicas)
            .withTimeout(Duration.ofSeconds(openSearchTimeout));
    if (openSearchUser != null) {
      String password = System.getenv(PASSWORD_VARIABLE);
      if (password == null) {
        throw new IllegalArgumentException(
            "--opensearch-user needs the password in $" + PASSWORD_VARIABLE);
      }
      config = config.withAuth(openSearchUser, password);
    }
    return openSearchCa == null ? config : config.withCaCertificate(openSearchCa.toAbsolutePath());
  }

  /**
   * Opens the corpus on the store the options name, building or updating its index first.
   *
   * @param background embed in the background, answering by words meanwhile (servers), rather than
   *     before returning (one-shot commands)
   */
  AskDocs open(org.askdocs.index.Progress progress, boolean background) throws IOException {
    AskDocs docs = AskDocs.open(corpus(), config(progress).andThen(c -> c.background(background)));
    tellSkipped(docs.report(), progress);
    return docs;
  }

  /** How many skipped files are named one per line before the rest are summed up by reason. */
  static final int NAMED_SKIPS = 5;

  /**
   * Tells what a build left out, so "no passage matches" never hides "nothing was indexed": each
   * skipped file of a build that just ran (the first few by name, the rest summed up by reason),
   * and, on every run, a corpus that gave no passages at all.
   */
  void tellSkipped(org.askdocs.index.IndexReport r, org.askdocs.index.Progress progress) {
    if (r.rebuilt() && !r.skipped().isEmpty()) {
      List<org.askdocs.index.IndexReport.Skipped> skipped = r.skipped();
      for (var s : skipped.subList(0, Math.min(NAMED_SKIPS, skipped.size()))) {
        progress.note("skipped " + Terminal.safe(s.source()) + " (" + s.reason() + ")");
      }
      if (skipped.size() > NAMED_SKIPS) {
        Map<String, Long> byReason = new TreeMap<>();
        skipped
            .subList(NAMED_SKIPS, skipped.size())
            .forEach(s -> byReason.merge(s.reason(), 1L, Long::sum));
        progress.note(
            "skipped "
                + Terminal.count(skipped.size() - NAMED_SKIPS, "more file")
                + ": "
                + byReason.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey())
                    .collect(Collectors.joining("; "))
                + " (askdocs index --force lists them all)");
      }
    }
    if (r.passages() == 0) {
      progress.note(
          "nothing was indexed: "
              + Terminal.safe(Website.parseUrl(corpus).isPresent() ? corpus : folder().toString())
              + " holds no document askdocs can read"
              + (r.skipped().isEmpty()
                  ? " (it reads Markdown .md, text .txt and HTML .html files)"
                  : ""));
    }
  }

  /**
   * The options as a library configuration: where the index is, whether meaning joins, where
   * progress goes.
   */
  java.util.function.Consumer<AskDocs.Config> config(org.askdocs.index.Progress progress)
      throws IOException {
    Store s = store();
    return c -> c.store(s).semantic(semantic).progress(progress);
  }

  static Path home() {
    String h = System.getProperty("askdocs.home");
    return Path.of(h == null || h.isBlank() ? "." : h).toAbsolutePath().normalize();
  }
}
