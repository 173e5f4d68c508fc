package org.askdocs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.lucene.store.AlreadyClosedException;
import org.askdocs.answer.AnswerFinder;
import org.askdocs.embed.Embedder;
import org.askdocs.embed.EmbedderProvider;
import org.askdocs.embed.Embedders;
import org.askdocs.index.IndexReport;
import org.askdocs.index.PassageReader;
import org.askdocs.index.Progress;
import org.askdocs.search.Hit;
import org.askdocs.search.Hits;
import org.askdocs.search.QuestionParser;
import org.askdocs.search.Retrieval;
import org.askdocs.search.SearchBackend;
import org.askdocs.search.SearchParams;
import org.askdocs.store.EmbeddedStore;
import org.askdocs.store.Store;
import org.jspecify.annotations.Nullable;

/**
 * askdocs as a library: open a corpus folder (its index is built or refreshed on the way), then ask
 * questions.
 *
 * <pre>{@code
 * try (AskDocs docs = AskDocs.open(Path.of("corpus"), Path.of("index"))) {
 *   AskResult r = docs.ask("who handles patching");
 *   if (r.answered()) System.out.println(r.answer().text());
 * }
 * }</pre>
 *
 * <p>Words and meaning: with an embedding model on the class path (the {@code askdocs-semantic}
 * module), passages get vectors and questions are ranked and answered by meaning as well as words.
 * Embedding is the slow part of a first build (tens of passages a second); {@link
 * Config#background} lets questions be answered by words meanwhile. {@link #status()} says which
 * answers now.
 *
 * <p>Thread-safe: one instance serves any number of threads; share it. {@link #refresh()}
 * re-indexes a changed corpus and switches to the new index atomically while questions keep being
 * answered. Opening reads the corpus to check the index is current (sizes and times, hashing only
 * files that changed) and builds it when not; asking takes a few milliseconds (plus the model's few
 * for the question's vector), more on corpora of hundreds of thousands of passages (see
 * docs/benchmarks.md for measured figures). Close it to release the index files and the model.
 */
public final class AskDocs implements AutoCloseable {
  /**
   * Longest question accepted, in characters; only its first {@value QuestionParser#MAX_TERMS}
   * terms are searched.
   */
  public static final int MAX_QUESTION_CHARS = 20_000;

  private static final System.Logger LOG = System.getLogger(AskDocs.class.getName());

  /** Whether meaning joins words. */
  public enum Semantic {
    /** When a model is on the class path and starts; words alone otherwise. */
    AUTO,
    /** Always: a model that is missing or cannot start is an error. */
    ON,
    /** Never: words alone, no model loaded. */
    OFF
  }

  /**
   * How to open a corpus, set in {@link #open(Path, Consumer)}. Defaults that work: meaning when a
   * model is on the class path, embedding before {@code open} returns, the measured ranking.
   */
  public static final class Config {
    private @Nullable Path index;
    private @Nullable Store store;
    private Progress progress = Progress.NONE;
    private SearchParams ranking = SearchParams.DEFAULTS;
    private Semantic semantic = Semantic.AUTO;
    private @Nullable Embedder embedder;
    private @Nullable EmbedderProvider model;
    private boolean background;

    private Config() {}

    /** Keep the index in this folder (created when missing). */
    public Config index(Path dir) {
      this.index = Objects.requireNonNull(dir, "index");
      return this;
    }

    /** Keep the passages in this store (an OpenSearch cluster, say) instead of an index folder. */
    public Config store(Store store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Report build and embedding progress here. */
    public Config progress(Progress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /** Rank with these parameters: for measuring them against an evaluation set. */
    public Config ranking(SearchParams ranking) {
      this.ranking = Objects.requireNonNull(ranking, "ranking");
      return this;
    }

    /** Whether meaning joins words (default {@link Semantic#AUTO}). */
    public Config semantic(Semantic semantic) {
      this.semantic = Objects.requireNonNull(semantic, "semantic");
      return this;
    }

    /** Use this model rather than the one on the class path; the caller keeps it and closes it. */
    public Config embedder(Embedder embedder) {
      this.embedder = Objects.requireNonNull(embedder, "embedder");
      return this;
    }

    /**
     * Load this model (when first needed) rather than the one on the class path; closed with the
     * {@code AskDocs}.
     */
    public Config model(EmbedderProvider model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * For servers: check the whole index's checksums at open, load the model and embed in the
     * background, answering by words meanwhile, rather than before {@code open} returns (the
     * default, for one-shot use, which checks the index only when a read fails).
     */
    public Config background(boolean background) {
      this.background = background;
      return this;
    }

    private Store resolveStore() {
      if (index != null && store != null) {
        throw new IllegalArgumentException("give an index folder or a store, not both");
      }
      if (index == null && store == null) {
        throw new IllegalArgumentException("say where the index goes: an index folder or a store");
      }
      return store != null ? store : new EmbeddedStore(index);
    }
  }

  private final Path corpus;
  private final Store store;
  private final Config config;
  private final QuestionParser parser = QuestionParser.english();
  private final AnswerFinder answers = new AnswerFinder(parser);
  private final AtomicReference<Engine> engine = new AtomicReference<>();
  private final Meaning meaning;
  private volatile boolean closed;

  /** What is wrong with the index now (see {@link Status#problem}), or null. */
  private volatile @Nullable String problem;

  /**
   * The engine last found sound after a failed read, and when: a failing query does not re-check it
   * at once.
   */
  private volatile @Nullable Engine checked;

  private volatile long checkedAt;

  private record Engine(SearchBackend backend, String version, IndexReport report) {}

  private AskDocs(Path corpus, Store store, Config config) {
    this.corpus = corpus.toAbsolutePath().normalize();
    this.store = store;
    this.config = config;
    this.meaning =
        new Meaning(
            config,
            store,
            () -> {
              Engine e = engine.get();
              return closed || e == null ? null : e.backend();
            });
  }

  /**
   * Opens the index of a corpus in a folder, building it first when it is missing or older than the
   * corpus, with the default settings.
   *
   * @param corpus a folder of documents (Markdown, plain text, HTML, PDF, Word .docx), or the
   *     mirror of a website made by {@link org.askdocs.ingest.Website#crawl}
   * @param index the folder that holds the index; created when missing
   * @throws IOException when the corpus cannot be read or the index cannot be written
   */
  public static AskDocs open(Path corpus, Path index) throws IOException {
    Objects.requireNonNull(index, "index");
    return open(corpus, c -> c.index(index));
  }

  /**
   * Opens a corpus as configured, bringing its index up to date first:
   *
   * <pre>{@code
   * AskDocs.open(corpus, c -> c.index(dir).semantic(AskDocs.Semantic.OFF).progress(p))
   * }</pre>
   *
   * @throws IOException when the corpus cannot be read, the index cannot be written, or meaning is
   *     {@linkplain Semantic#ON on} and the model cannot start
   * @throws IllegalArgumentException when the configuration contradicts itself
   */
  public static AskDocs open(Path corpus, Consumer<Config> configure) throws IOException {
    Objects.requireNonNull(corpus, "corpus");
    Config config = new Config();
    configure.accept(config);
    AskDocs docs = new AskDocs(corpus, config.resolveStore(), config);
    try {
      IndexReport report;
      try {
        // A server checks every byte once at start (tens of milliseconds for thousands of
        // passages); a one-shot question does not, and checks only when a read fails (see
        // withBackend).
        report =
            update(
                docs.store,
                docs.corpus,
                docs.meaning.modelId(),
                config.progress,
                false,
                config.background);
      } catch (java.nio.file.FileSystemException e) {
        // An index folder that cannot be written (read-only, full): the index it holds still
        // answers. A corpus that cannot be read is no such case: it is an error.
        Optional<IndexReport> as =
            e instanceof java.nio.file.NoSuchFileException || aboutCorpus(e, docs.corpus)
                ? Optional.empty()
                : docs.store.inUse();
        if (as.isEmpty()) {
          throw e;
        }
        report = as.get();
        docs.problem =
            "the index cannot be updated ("
                + reason(e)
                + "); answering from the index built at "
                + report.builtAt()
                + ", which may miss recent changes to the corpus";
        config.progress.note(docs.problem);
      }
      docs.engine.set(docs.load(report, config.progress));
      docs.meaning.start();
      return docs;
    } catch (IOException | RuntimeException e) {
      docs.close();
      throw e;
    }
  }

  /**
   * Builds the index of a corpus without opening it for questions: the words, then (with a model)
   * the vectors, reporting both to the configured progress.
   *
   * @param force rebuild even when the index is current
   */
  public static IndexReport index(Path corpus, Consumer<Config> configure, boolean force)
      throws IOException {
    Objects.requireNonNull(corpus, "corpus");
    Config config = new Config();
    configure.accept(config);
    Store store = config.resolveStore();
    Meaning meaning = new Meaning(config, store, () -> null);
    try {
      // Building is the moment to look at every byte: a damaged index is rebuilt, not reported
      // current.
      IndexReport report =
          update(
              store,
              corpus.toAbsolutePath().normalize(),
              meaning.modelId(),
              config.progress,
              force,
              true);
      Embedder embedder = meaning.load();
      if (embedder == null) {
        return report;
      }
      long start = System.nanoTime();
      int embedded = store.embed(embedder, config.progress);
      return report.withEmbedding(embedded, Duration.ofNanos(System.nanoTime() - start));
    } finally {
      meaning.close();
    }
  }

  /**
   * Brings the index up to date; with {@code check}, first checks its checksums and rebuilds a
   * damaged one from the corpus (said to {@code progress}, and in the report) rather than calling
   * it current.
   */
  private static IndexReport update(
      Store store,
      Path corpus,
      @Nullable String model,
      Progress progress,
      boolean full,
      boolean check)
      throws IOException {
    Optional<String> damage = check && !full ? store.damage() : Optional.empty();
    damage.ifPresent(
        d -> progress.note("the index is damaged (" + d + "); rebuilding it from the corpus"));
    IndexReport report = store.update(corpus, model, progress, full || damage.isPresent());
    return damage.map(report::withRepair).orElse(report);
  }

  private static boolean aboutCorpus(java.nio.file.FileSystemException e, Path corpus) {
    try {
      return e.getFile() != null
          && Path.of(e.getFile()).toAbsolutePath().normalize().startsWith(corpus);
    } catch (java.nio.file.InvalidPathException ex) {
      return false;
    }
  }

  private static String reason(java.nio.file.FileSystemException e) {
    String what =
        e instanceof java.nio.file.AccessDeniedException
            ? "permission denied"
            : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    return what + (e.getFile() != null ? ": " + e.getFile() : "");
  }

  private Engine load(IndexReport report, Progress progress) throws IOException {
    return new Engine(store.open(corpus, config.ranking, progress), store.version(), report);
  }

  /**
   * Checks a question before any work: not null and at most {@link #MAX_QUESTION_CHARS} characters.
   *
   * @throws IllegalArgumentException saying the length and the limit
   */
  public static void checkQuestion(String question) {
    Objects.requireNonNull(question, "question");
    if (question.length() > MAX_QUESTION_CHARS) {
      throw new IllegalArgumentException(
          "the question is "
              + question.length()
              + " characters long; the limit is "
              + MAX_QUESTION_CHARS);
    }
  }

  /** Answers a question with the default options. */
  public AskResult ask(String question) {
    return ask(question, AskOptions.DEFAULTS);
  }

  /**
   * Answers a question: the ranked passages, and the answer sentence unless the corpus holds no
   * good answer. Any text is a valid question (quotes, operators and symbols are just characters);
   * an empty question gets an empty result.
   *
   * @throws IllegalArgumentException when the question is longer than {@link #MAX_QUESTION_CHARS}
   */
  public AskResult ask(String question, AskOptions options) {
    return ask(question, options, false).result();
  }

  /**
   * Answers a question as a search page shows it: the result, the question as searched (its
   * unfinished last word completed, when {@link AskOptions#prefixLast}), and how many passages the
   * question's words match in each document of the whole corpus, for a document filter.
   *
   * @throws IllegalArgumentException when the question is too long, or the backend cannot count per
   *     document
   */
  public Browse browse(String question, AskOptions options) {
    return ask(question, options, true);
  }

  /**
   * A result as a search page shows it.
   *
   * @param result the answer and ranked passages; its query is the question as typed
   * @param searched the question as searched: as typed, or with its unfinished last word completed
   * @param perSource how many passages the question's words match in each document, whatever the
   *     scope
   */
  public record Browse(
      AskResult result, String searched, java.util.Map<String, Integer> perSource) {
    public Browse {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(searched, "searched");
      perSource = java.util.Map.copyOf(perSource);
    }
  }

  /** Longest unfinished word completed, and the fewest letters worth completing. */
  private static final java.util.regex.Pattern LAST_WORD =
      java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}])[\\p{L}\\p{N}]{1,40}$");

  /**
   * The question with its unfinished last word read as the start of a word of the corpus: the word
   * itself when the corpus uses it, else the corpus's most used word starting with it; a single
   * letter, or a start no word has, is dropped while other words remain.
   */
  private String complete(String question) {
    java.util.regex.Matcher m = LAST_WORD.matcher(question);
    if (!m.find()) {
      return question;
    }
    String head = question.substring(0, m.start());
    String prefix = m.group().toLowerCase(java.util.Locale.ROOT);
    List<String> words = prefix.length() < 2 ? List.of() : withBackend(b -> b.complete(prefix, 8));
    if (words.contains(prefix)) {
      return question;
    }
    if (words.isEmpty()) {
      return head.isBlank() ? question : head.stripTrailing();
    }
    return head + words.getFirst();
  }

  private Browse ask(String question, AskOptions options, boolean countSources) {
    checkQuestion(question);
    Objects.requireNonNull(options, "options");
    long start = System.nanoTime();
    String searched = options.prefixLast() ? complete(question) : question;
    var parsed = parser.parse(searched);
    Hits hits =
        withBackend(
            b ->
                b.search(
                    parsed,
                    options.retrieval() == Retrieval.LEXICAL ? null : meaning.vector(b, searched),
                    options.top(),
                    options.retrieval(),
                    options.scope(),
                    countSources));
    List<Passage> passages = new ArrayList<>(hits.hits().size());
    for (int i = 0; i < hits.hits().size(); i++) {
      Hit h = hits.hits().get(i);
      passages.add(
          new Passage(
              i + 1,
              h.score(),
              h.id(),
              h.source(),
              h.title(),
              h.heading(),
              h.headingPath(),
              h.anchor(),
              h.text(),
              h.snippet()));
    }
    Answer answer =
        answers
            .find(hits, searched)
            .map(
                f ->
                    new Answer(f.sentence(), f.hit().source(), f.hit().heading(), f.hit().anchor()))
            .orElse(null);
    long took = (System.nanoTime() - start) / 1_000_000;
    return new Browse(
        new AskResult(question, answer != null, answer, passages, hits.didYouMean(), took),
        searched,
        hits.perSource() == null ? java.util.Map.of() : hits.perSource());
  }

  /** The whole section a passage id (or section id) points into, or empty when there is none. */
  public Optional<SectionView> section(String id) {
    Objects.requireNonNull(id, "id");
    return withBackend(
        b -> {
          List<Hit> parts = b.section(id);
          if (parts.isEmpty()) {
            return Optional.empty();
          }
          Hit first = parts.getFirst();
          StringBuilder text = new StringBuilder();
          for (Hit p : parts) {
            if (!text.isEmpty()) {
              text.append("\n\n");
            }
            text.append(p.text());
          }
          SearchBackend.Around around = b.around(id);
          return Optional.of(
              new SectionView(
                  PassageReader.sectionId(first.source(), first.anchor()),
                  first.source(),
                  first.title(),
                  first.heading(),
                  first.headingPath(),
                  first.anchor(),
                  text.toString(),
                  parts.stream().map(Hit::id).toList(),
                  neighbour(around.before()),
                  neighbour(around.after())));
        });
  }

  private static SectionView.Neighbour neighbour(Hit h) {
    return h == null
        ? null
        : new SectionView.Neighbour(PassageReader.sectionId(h.source(), h.anchor()), h.heading());
  }

  /**
   * Headings that say where a section sits rather than what it is about: no example is made of
   * them.
   */
  private static final java.util.Set<String> GENERIC_HEADINGS =
      java.util.Set.of(
          "overview",
          "introduction",
          "summary",
          "next steps",
          "see also",
          "references",
          "related content",
          "related links",
          "prerequisites",
          "conclusion",
          "contents",
          "table of contents",
          "feedback",
          "resources",
          "additional resources",
          "more information",
          "faq");

  /**
   * Up to {@code n} example questions drawn from the corpus itself: headings of sections (two to
   * six words, not generic ones like "Overview") that the engine answers when asked, taken from the
   * documents with the most passages first, one per document before a second. Deterministic for an
   * index. Costs a few questions' time (tens of milliseconds): callers cache it per index.
   */
  public List<String> examples(int n) {
    if (n < 1 || n > 20) {
      throw new IllegalArgumentException("ask for 1 to 20 examples, got " + n);
    }
    List<DocumentInfo> docs = new ArrayList<>(documents());
    docs.sort(
        java.util.Comparator.comparingInt(DocumentInfo::passages)
            .reversed()
            .thenComparing(DocumentInfo::source));
    List<java.util.Deque<String>> perDoc = new ArrayList<>();
    for (DocumentInfo d : docs.subList(0, Math.min(docs.size(), 4 * n))) {
      java.util.Deque<String> headings = new java.util.ArrayDeque<>();
      for (Hit h : withBackend(b -> b.document(d.source()))) {
        String heading = h.heading() == null ? "" : h.heading().strip();
        int words = heading.isEmpty() ? 0 : heading.split("\\s+").length;
        if (h.part() == 1
            && h.headingPath().size() > 1
            && words >= 2
            && words <= 6
            && heading.length() <= 60
            && !GENERIC_HEADINGS.contains(heading.toLowerCase(java.util.Locale.ROOT))
            && heading
                .chars()
                .allMatch(c -> Character.isLetterOrDigit(c) || " -'(),".indexOf(c) >= 0)
            && !headings.contains(heading)) {
          headings.add(heading);
        }
      }
      perDoc.add(headings);
    }
    List<String> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    int tried = 0;
    for (boolean more = true; more && out.size() < n && tried < 10 * n; ) {
      more = false;
      for (java.util.Deque<String> headings : perDoc) {
        if (out.size() >= n || tried >= 10 * n) {
          break;
        }
        String heading = headings.poll();
        if (heading == null) {
          continue;
        }
        more = true;
        tried++;
        if (seen.add(heading.toLowerCase(java.util.Locale.ROOT))
            && ask(heading, AskOptions.DEFAULTS).answered()) {
          out.add(heading);
        }
      }
    }
    return List.copyOf(out);
  }

  /** The documents of the corpus that were indexed, sorted by source. */
  public List<DocumentInfo> documents() {
    return withBackend(
        b ->
            b.documents().stream()
                .map(d -> new DocumentInfo(d.source(), d.title(), d.passages()))
                .toList());
  }

  /**
   * A document of the corpus, sorted by source: its path relative to the corpus, title and passage
   * count.
   */
  public record DocumentInfo(String source, String title, int passages) {}

  /**
   * A whole document as Markdown rebuilt from its sections (headings at their depth, then text), or
   * empty when the corpus has no such document.
   */
  public Optional<String> documentMarkdown(String source) {
    Objects.requireNonNull(source, "source");
    return withBackend(
        b -> {
          List<Hit> parts = b.document(source);
          if (parts.isEmpty()) {
            return Optional.empty();
          }
          StringBuilder md = new StringBuilder("# ").append(parts.getFirst().title()).append("\n");
          List<String> open = List.of(parts.getFirst().title());
          for (Hit h : parts) {
            if (h.part() == 1) {
              List<String> path = h.headingPath();
              int same = 0;
              while (same < Math.min(open.size(), path.size())
                  && open.get(same).equals(path.get(same))) {
                same++;
              }
              for (int level = Math.max(1, same); level < path.size(); level++) {
                md.append("\n")
                    .append("#".repeat(Math.min(6, level + 1)))
                    .append(' ')
                    .append(path.get(level))
                    .append("\n");
              }
              open = path;
            }
            md.append("\n").append(h.text()).append("\n");
          }
          return Optional.of(md.toString());
        });
  }

  /**
   * What the last build or freshness check of the index in use did: at {@code open}, or at the last
   * {@link #refresh} that changed it (the files indexed and skipped, with reasons).
   */
  public IndexReport report() {
    return current().report();
  }

  /** The index in use, and whether meaning joins words in ranking now. */
  public Status status() {
    Engine e = current();
    IndexReport r = e.report();
    return new Status(
        corpus, r.documents(), r.passages(), r.builtAt(), meaning.status(e.backend()), problem);
  }

  /**
   * Re-indexes when the corpus changed since the index in use was built, then switches to the new
   * index; questions asked meanwhile are answered from the old one. New passages then get their
   * vectors (in the background when so configured), ranked by words until they all have them.
   */
  public IndexReport refresh() throws IOException {
    IndexReport report = store.update(corpus, meaning.modelId(), Progress.NONE, false);
    problem = null;
    Engine old = current();
    if (!report.rebuilt() && report.builtAt().equals(old.report().builtAt())) {
      return report;
    }
    if (store.version().equals(old.version())) {
      old.backend().refresh(); // updated in place: the backend in use sees the change
      engine.compareAndSet(old, new Engine(old.backend(), old.version(), report));
    } else {
      Engine fresh = load(report, Progress.NONE);
      if (engine.compareAndSet(old, fresh)) {
        old.backend().close();
      } else {
        fresh.backend().close();
      }
    }
    meaning.catchUp();
    return report;
  }

  private Engine current() {
    Engine e = engine.get();
    if (closed || e == null) {
      throw new IllegalStateException("this AskDocs is closed");
    }
    return e;
  }

  @FunctionalInterface
  private interface BackendCall<T> {
    T apply(SearchBackend b) throws IOException;
  }

  private <T> T withBackend(BackendCall<T> call) {
    boolean repaired = false;
    while (true) {
      Engine e = current();
      try {
        return call.apply(e.backend());
      } catch (AlreadyClosedException ex) {
        if (engine.get() == e) {
          throw new IllegalStateException("this AskDocs is closed", ex);
        }
        // A refresh switched indexes under us: ask the new one.
      } catch (IllegalArgumentException ex) {
        throw ex; // a bad question or id, not a bad index
      } catch (IOException | RuntimeException ex) {
        // A read that fails may be a damaged index: check it, rebuild it if so, and ask again once.
        if (repaired || !repair(e)) {
          throw new java.io.UncheckedIOException(
              "reading the index failed: " + ex.getMessage(),
              ex instanceof IOException io ? io : new IOException(ex));
        }
        repaired = true;
      }
    }
  }

  /**
   * After a failed read: checks the index's checksums and, when it is damaged, rebuilds it from the
   * corpus and switches to the new one. One caller repairs; the others wait and then ask the new
   * index. Returns whether asking again can succeed.
   */
  private synchronized boolean repair(Engine failed) {
    if (engine.get() != failed) {
      return true; // repaired (or refreshed) meanwhile
    }
    if (failed == checked && System.nanoTime() - checkedAt < 60_000_000_000L) {
      return false; // found sound a moment ago: the failure is not the index's
    }
    Optional<String> damage = store.damage();
    if (damage.isEmpty()) {
      checked = failed;
      checkedAt = System.nanoTime();
      return false;
    }
    problem = "the index is damaged (" + damage.get() + "); rebuilding it from the corpus";
    LOG.log(System.Logger.Level.WARNING, problem);
    try {
      IndexReport report =
          store.update(corpus, meaning.modelId(), Progress.NONE, true).withRepair(damage.get());
      Engine fresh = load(report, Progress.NONE);
      engine.set(fresh);
      failed.backend().close();
      problem = null;
      meaning.catchUp();
      return true;
    } catch (IOException | RuntimeException ex) {
      problem =
          "the index is damaged ("
              + damage.get()
              + ") and could not be rebuilt: "
              + ex.getMessage();
      LOG.log(System.Logger.Level.WARNING, problem);
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    meaning.close();
    Engine e = engine.getAndSet(null);
    if (e != null) {
      e.backend().close();
    }
  }

  /**
   * The embedding model and the work of giving passages vectors: the model is loaded once, on first
   * need; embedding runs on the caller's thread, or on one background thread when configured so.
   */
  private static final class Meaning implements AutoCloseable {
    private final Config config;
    private final Store store;
    private final Supplier<@Nullable SearchBackend> inUse;
    private final @Nullable EmbedderProvider provider;
    private final @Nullable String missing;
    private volatile @Nullable Embedder embedder;
    private volatile boolean owned;
    private volatile Status.Semantic state;
    private @Nullable ExecutorService worker;

    /**
     * @param inUse the backend answering now, to refresh once vectors are written; null when none
     */
    Meaning(Config config, Store store, Supplier<@Nullable SearchBackend> inUse) {
      this.config = config;
      this.store = store;
      this.inUse = inUse;
      if (config.semantic == Semantic.OFF) {
        provider = null;
        missing = null;
        state = Status.Semantic.OFF;
      } else if (config.embedder != null) {
        provider = null;
        missing = null;
        state = new Status.Semantic(Status.State.LOADING, config.embedder.id(), 0, 0, null);
      } else {
        provider = config.model != null ? config.model : Embedders.find().orElse(null);
        missing =
            provider == null
                ? "no embedding model on the class path (the askdocs-semantic module)"
                : null;
        state =
            provider == null
                ? new Status.Semantic(Status.State.UNAVAILABLE, null, 0, 0, missing)
                : new Status.Semantic(Status.State.LOADING, provider.id(), 0, 0, null);
      }
    }

    /**
     * The id of the model passages should have vectors of, known without loading it; null without
     * one.
     */
    @Nullable String modelId() throws IOException {
      if (missing != null && config.semantic == Semantic.ON) {
        throw new IOException("meaning is on but there is " + missing);
      }
      return config.embedder != null
          ? config.embedder.id()
          : provider != null ? provider.id() : null;
    }

    /** After opening: load the model and embed what needs it, now or in the background. */
    void start() throws IOException {
      if (modelId() == null) {
        return;
      }
      if (config.background) {
        submit(
            () -> {
              if (load() != null) {
                embedMissing(Progress.NONE);
              }
            });
      } else if (load() != null) {
        embedMissing(config.progress);
      }
    }

    /** After a refresh: embed the passages it brought. */
    void catchUp() throws IOException {
      if (embedder == null) {
        return;
      }
      if (config.background) {
        submit(() -> embedMissing(Progress.NONE));
      } else {
        embedMissing(Progress.NONE);
      }
    }

    @FunctionalInterface
    private interface Task {
      void run() throws IOException;
    }

    private synchronized void submit(Task task) {
      if (worker == null) {
        worker =
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "askdocs-meaning");
                  t.setDaemon(true);
                  return t;
                });
      }
      worker.submit(
          () -> {
            try {
              task.run();
            } catch (IOException | RuntimeException e) {
              // Words keep answering; the next refresh tries again.
              LOG.log(System.Logger.Level.WARNING, "embedding passages failed: " + e.getMessage());
            }
          });
    }

    /**
     * The model, loaded on first call; null when meaning is off or the model cannot start (then the
     * state says why).
     *
     * @throws IOException when meaning is {@linkplain Semantic#ON on} and the model cannot start
     */
    @Nullable Embedder load() throws IOException {
      if (embedder != null || modelId() == null) {
        return embedder;
      }
      try {
        embedder = config.embedder != null ? config.embedder : provider.load();
        owned = config.embedder == null;
        state = new Status.Semantic(Status.State.EMBEDDING, embedder.id(), 0, 0, null);
        return embedder;
      } catch (IOException | RuntimeException | LinkageError e) {
        String reason = "the embedding model could not start: " + e.getMessage();
        state = new Status.Semantic(Status.State.UNAVAILABLE, modelId(), 0, 0, reason);
        if (config.semantic == Semantic.ON) {
          throw new IOException(reason, e);
        }
        LOG.log(System.Logger.Level.WARNING, reason + "; answering by words alone");
        return null;
      }
    }

    /** Gives vectors to the passages without, then lets the backend in use see them. */
    private void embedMissing(Progress progress) throws IOException {
      Embedder model = embedder;
      int toEmbed = store.unembedded(model.id());
      if (toEmbed > 0) {
        state = new Status.Semantic(Status.State.EMBEDDING, model.id(), 0, toEmbed, null);
        store.embed(
            model,
            new Progress() {
              @Override
              public void indexed(int files, int totalFiles, long bytes, long totalBytes) {
                progress.indexed(files, totalFiles, bytes, totalBytes);
              }

              @Override
              public void embedded(int done, int total) {
                state =
                    new Status.Semantic(
                        Status.State.EMBEDDING, model.id(), done, Math.max(toEmbed, total), null);
                progress.embedded(done, total);
              }
            });
      }
      SearchBackend backend = inUse.get();
      if (backend != null) {
        backend.refresh();
      }
      state = new Status.Semantic(Status.State.EMBEDDING, model.id(), 0, 0, null);
    }

    /**
     * The question's vector when the backend can rank by meaning now; null otherwise (words alone).
     */
    float @Nullable [] vector(SearchBackend backend, String question) {
      Embedder model = embedder;
      if (model == null || question.isBlank() || !backend.vectors().equals(model.id())) {
        return null;
      }
      return model.embedQuestion(question);
    }

    Status.Semantic status(SearchBackend backend) {
      Embedder model = embedder;
      if (model != null && backend.vectors().equals(model.id())) {
        return new Status.Semantic(Status.State.READY, model.id(), 0, 0, null);
      }
      return state;
    }

    @Override
    public void close() {
      ExecutorService w;
      synchronized (this) {
        w = worker;
      }
      if (w != null) {
        w.shutdownNow();
        try {
          // A batch being embedded runs in native code: let it finish before freeing the model.
          if (!w.awaitTermination(30, TimeUnit.SECONDS)) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (owned && embedder != null) {
        embedder.close();
      }
    }
  }
}
