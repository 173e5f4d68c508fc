package org.askdocs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.askdocs.AskDocs;
import org.askdocs.ingest.Corpus;
import org.askdocs.opensearch.OpenSearchConfig;
import org.askdocs.opensearch.OpenSearchStore;
import org.askdocs.store.EmbeddedStore;
import org.askdocs.store.Store;
import picocli.CommandLine.Option;

/**
 * Where the documents and their index live: the corpus folder, and either the embedded index
 * (a folder) or an OpenSearch cluster. Relative defaults resolve against the askdocs installation
 * (the {@code askdocs.home} system property the launcher sets), so {@code bin/askdocs} works from
 * any folder; each corpus gets its own index folder (or index name), so switching corpora never
 * thrashes one index.
 */
final class CorpusOptions {
  static final String URL_VARIABLE = "ASKDOCS_OPENSEARCH_URL";
  static final String PASSWORD_VARIABLE = "ASKDOCS_OPENSEARCH_PASSWORD";

  enum Backend { embedded, opensearch }

  @Option(names = "--corpus", paramLabel = "DIR", description = "Folder of documents (default: the bundled corpus/).")
  Path corpus;

  @Option(names = "--index", paramLabel = "DIR", description = "Folder for the embedded index (default: index/ beside the bundled corpus, one subfolder per corpus).")
  Path index;

  @Option(names = "--backend", paramLabel = "NAME", description = "Where passages are kept and searched: embedded (a Lucene index in a folder; the default) or opensearch (a cluster, see --opensearch-url).")
  Backend backend;

  @Option(names = "--opensearch-url", paramLabel = "URLS", description = "OpenSearch node(s), comma-separated, like http://localhost:9200 (default: $" + URL_VARIABLE + ").")
  String openSearchUrl;

  @Option(names = "--opensearch-index", paramLabel = "NAME", description = "Index name (an alias) in OpenSearch (default: askdocs-<corpus folder>-<hash>).")
  String openSearchIndex;

  @Option(names = "--opensearch-user", paramLabel = "USER", description = "Basic-auth user; the password comes from $" + PASSWORD_VARIABLE + ".")
  String openSearchUser;

  @Option(names = "--opensearch-ca", paramLabel = "PEM", description = "Trust the certificate authority in this PEM file for https:// nodes (default: the system's authorities).")
  Path openSearchCa;

  @Option(names = "--opensearch-shards", paramLabel = "N", defaultValue = "1", description = "Primary shards of a new OpenSearch index (default: ${DEFAULT-VALUE}).")
  int openSearchShards;

  @Option(names = "--opensearch-replicas", paramLabel = "N", defaultValue = "1", description = "Replicas of each shard (default: ${DEFAULT-VALUE}).")
  int openSearchReplicas;

  @Option(names = "--opensearch-timeout", paramLabel = "SECONDS", defaultValue = "30", description = "Give up on an OpenSearch request after this long (default: ${DEFAULT-VALUE}).")
  int openSearchTimeout;

  @Option(names = "--semantic", paramLabel = "on|off|auto", defaultValue = "auto",
      description = "Rank and answer by meaning as well as words, with the bundled embedding model: on, off, or auto (when the model can start here; the default).")
  AskDocs.Semantic semantic;

  /**
   * The folder relative paths are resolved against: the caller's working folder, which for a
   * question answered by the helper process is the asking command's, not the helper's own.
   */
  Path base;

  private Path absolute(Path p) {
    return (base == null ? p.toAbsolutePath() : base.resolve(p)).normalize();
  }

  Path corpus() {
    return corpus != null ? absolute(corpus) : home().resolve("corpus");
  }

  Path index() {
    if (index != null) {
      return absolute(index);
    }
    return home().resolve("index").resolve(corpusName());
  }

  /** The corpus folder's name and a short hash of its path: one index per corpus. */
  private String corpusName() {
    Path c = corpus();
    String name = c.getFileName() == null ? "corpus" : c.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
    String hash = Corpus.sha256(c.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 8);
    return name + "-" + hash;
  }

  /** Whether the passages live in OpenSearch: asked for, or implied by a URL given on the command line. */
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
      if (openSearchUrl != null || openSearchIndex != null || openSearchUser != null || openSearchCa != null) {
        throw new IllegalArgumentException("--opensearch-* options need --backend opensearch");
      }
      return new EmbeddedStore(index());
    }
    return new OpenSearchStore(openSearchConfig());
  }

  OpenSearchConfig openSearchConfig() {
    String urls = openSearchUrl != null ? openSearchUrl : System.getenv(URL_VARIABLE);
    if (urls == null || urls.isBlank()) {
      throw new IllegalArgumentException("--backend opensearch needs --opensearch-url (or $" + URL_VARIABLE + "), like http://localhost:9200");
    }
    String name = openSearchIndex != null ? openSearchIndex : "askdocs-" + corpusName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
    if (openSearchTimeout < 1) {
      throw new IllegalArgumentException("--opensearch-timeout must be at least 1 second");
    }
    OpenSearchConfig config = OpenSearchConfig.of(urls, name).withLayout(openSearchShards, openSearchReplicas)
        .withTimeout(Duration.ofSeconds(openSearchTimeout));
    if (openSearchUser != null) {
      String password = System.getenv(PASSWORD_VARIABLE);
      if (password == null) {
        throw new IllegalArgumentException("--opensearch-user needs the password in $" + PASSWORD_VARIABLE);
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
    return AskDocs.open(corpus(), config(progress).andThen(c -> c.background(background)));
  }

  /** The options as a library configuration: where the index is, whether meaning joins, where progress goes. */
  java.util.function.Consumer<AskDocs.Config> config(org.askdocs.index.Progress progress) throws IOException {
    Store s = store();
    return c -> c.store(s).semantic(semantic).progress(progress);
  }

  static Path home() {
    String h = System.getProperty("askdocs.home");
    return Path.of(h == null || h.isBlank() ? "." : h).toAbsolutePath().normalize();
  }
}
