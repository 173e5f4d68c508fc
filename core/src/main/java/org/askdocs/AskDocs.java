package org.askdocs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.store.AlreadyClosedException;
import org.askdocs.answer.AnswerFinder;
import org.askdocs.index.IndexReport;
import org.askdocs.index.EmbeddedStore;
import org.askdocs.index.IndexStore;
import org.askdocs.index.Store;
import org.askdocs.search.Hit;
import org.askdocs.search.Hits;
import org.askdocs.search.QuestionParser;
import org.askdocs.search.SearchBackend;
import org.askdocs.search.SearchParams;

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
 * <p>Thread-safe: one instance serves any number of threads; share it. {@link #refresh()} re-indexes
 * a changed corpus and switches to the new index atomically while questions keep being answered.
 * Opening reads the corpus to check the index is current (sizes and times, hashing only files that
 * changed) and builds it when not; asking takes a few milliseconds, more on corpora of hundreds of
 * thousands of passages (see the README for measured figures).
 * Close it to release the index files.
 */
public final class AskDocs implements AutoCloseable {
  /** Longest question accepted, in characters; only its first {@value QuestionParser#MAX_TERMS} terms are searched. */
  public static final int MAX_QUESTION_CHARS = 20_000;

  private final Path corpus;
  private final SearchParams params;
  private final Store store;
  private final QuestionParser parser = QuestionParser.english();
  private final AnswerFinder answers = new AnswerFinder(parser);
  private final AtomicReference<Engine> engine = new AtomicReference<>();
  private volatile boolean closed;

  private record Engine(SearchBackend backend, String version, Status status) {}

  private AskDocs(Path corpus, Store store, SearchParams params) {
    this.params = params;
    this.corpus = corpus.toAbsolutePath().normalize();
    this.store = store;
  }

  /**
   * Opens the index of a corpus, building it first when it is missing or older than the corpus.
   *
   * @param corpus a folder of documents (Markdown, plain text, HTML)
   * @param index the folder that holds the index; created when missing
   * @throws IOException when the corpus cannot be read or the index cannot be written
   */
  public static AskDocs open(Path corpus, Path index) throws IOException {
    return open(corpus, index, IndexStore.Progress.NONE);
  }

  /** As {@link #open(Path, Path)}, reporting build progress when a build is needed. */
  public static AskDocs open(Path corpus, Path index, IndexStore.Progress progress) throws IOException {
    return open(corpus, index, progress, SearchParams.DEFAULTS);
  }

  /**
   * As {@link #open(Path, Path, IndexStore.Progress)}, with other ranking parameters: for measuring
   * them against an evaluation set; the defaults are the measured best.
   */
  public static AskDocs open(Path corpus, Path index, IndexStore.Progress progress, SearchParams params) throws IOException {
    Objects.requireNonNull(index, "index");
    return open(corpus, new EmbeddedStore(index), progress, params);
  }

  /**
   * Opens a corpus whose passages another store holds (an OpenSearch cluster, say), bringing it up
   * to date with the corpus first.
   *
   * @throws IOException when the corpus cannot be read or the store cannot be reached or written
   */
  public static AskDocs open(Path corpus, Store store, IndexStore.Progress progress, SearchParams params) throws IOException {
    Objects.requireNonNull(corpus, "corpus");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(params, "params");
    AskDocs docs = new AskDocs(corpus, store, params);
    IndexReport report = store.update(docs.corpus, progress, false);
    docs.engine.set(docs.load(report, progress));
    return docs;
  }

  /**
   * Builds the index of a corpus without opening it for questions.
   *
   * @param force rebuild even when the index is current
   */
  public static IndexReport index(Path corpus, Path index, boolean force, IndexStore.Progress progress) throws IOException {
    return index(corpus, new EmbeddedStore(index), force, progress);
  }

  /** As {@link #index(Path, Path, boolean, IndexStore.Progress)}, into any store. */
  public static IndexReport index(Path corpus, Store store, boolean force, IndexStore.Progress progress) throws IOException {
    return store.update(corpus.toAbsolutePath().normalize(), progress, force);
  }

  private Engine load(IndexReport report, IndexStore.Progress progress) throws IOException {
    SearchBackend backend = store.open(corpus, params, progress);
    return new Engine(backend, store.version(), new Status(corpus, report.documents(), report.passages(), report.builtAt()));
  }

  /**
   * Checks a question before any work: not null and at most {@link #MAX_QUESTION_CHARS} characters.
   *
   * @throws IllegalArgumentException saying the length and the limit
   */
  public static void checkQuestion(String question) {
    Objects.requireNonNull(question, "question");
    if (question.length() > MAX_QUESTION_CHARS) {
      throw new IllegalArgumentException("the question is " + question.length() + " characters long; the limit is " + MAX_QUESTION_CHARS);
    }
  }

  /** Answers a question with the default options. */
  public AskResult ask(String question) {
    return ask(question, AskOptions.DEFAULTS);
  }

  /**
   * Answers a question: the ranked passages, and the answer sentence unless the corpus holds no good
   * answer. Any text is a valid question (quotes, operators and symbols are just characters); an empty
   * question gets an empty result.
   *
   * @throws IllegalArgumentException when the question is longer than {@link #MAX_QUESTION_CHARS}
   */
  public AskResult ask(String question, AskOptions options) {
    checkQuestion(question);
    Objects.requireNonNull(options, "options");
    long start = System.nanoTime();
    Hits hits = withBackend(b -> b.search(parser.parse(question), options.top()));
    List<Passage> passages = new ArrayList<>(hits.hits().size());
    for (int i = 0; i < hits.hits().size(); i++) {
      Hit h = hits.hits().get(i);
      passages.add(new Passage(i + 1, h.score(), h.id(), h.source(), h.title(), h.heading(), h.headingPath(),
          h.anchor(), h.text(), h.snippet()));
    }
    Answer answer = answers.find(hits)
        .map(f -> new Answer(f.sentence(), f.hit().source(), f.hit().heading(), f.hit().anchor()))
        .orElse(null);
    long took = (System.nanoTime() - start) / 1_000_000;
    return new AskResult(question, answer != null, answer, passages, hits.didYouMean(), took);
  }

  /** The whole section a passage id (or section id) points into, or empty when there is none. */
  public Optional<SectionView> section(String id) {
    Objects.requireNonNull(id, "id");
    return withBackend(b -> {
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
      return Optional.of(new SectionView(IndexStore.sectionId(first.source(), first.anchor()), first.source(), first.title(),
          first.heading(), first.headingPath(), first.anchor(), text.toString(), parts.stream().map(Hit::id).toList(),
          neighbour(around.before()), neighbour(around.after())));
    });
  }

  private static SectionView.Neighbour neighbour(Hit h) {
    return h == null ? null : new SectionView.Neighbour(IndexStore.sectionId(h.source(), h.anchor()), h.heading());
  }

  /** The documents of the corpus that were indexed, sorted by source. */
  public List<DocumentInfo> documents() {
    return withBackend(b -> b.documents().stream().map(d -> new DocumentInfo(d.source(), d.title(), d.passages())).toList());
  }

  /** A document of the corpus, sorted by source: its path relative to the corpus, title and passage count. */
  public record DocumentInfo(String source, String title, int passages) {}

  /**
   * A whole document as Markdown rebuilt from its sections (headings at their depth, then text), or
   * empty when the corpus has no such document.
   */
  public Optional<String> documentMarkdown(String source) {
    Objects.requireNonNull(source, "source");
    return withBackend(b -> {
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
          while (same < Math.min(open.size(), path.size()) && open.get(same).equals(path.get(same))) {
            same++;
          }
          for (int level = Math.max(1, same); level < path.size(); level++) {
            md.append("\n").append("#".repeat(Math.min(6, level + 1))).append(' ').append(path.get(level)).append("\n");
          }
          open = path;
        }
        md.append("\n").append(h.text()).append("\n");
      }
      return Optional.of(md.toString());
    });
  }

  /** The index in use. */
  public Status status() {
    return current().status();
  }

  /**
   * Re-indexes when the corpus changed since the index in use was built, then switches to the new
   * index; questions asked meanwhile are answered from the old one.
   */
  public IndexReport refresh() throws IOException {
    IndexReport report = store.update(corpus, IndexStore.Progress.NONE, false);
    Engine old = current();
    if (!report.rebuilt() && report.builtAt().equals(old.status().builtAt())) {
      return report;
    }
    Status status = new Status(corpus, report.documents(), report.passages(), report.builtAt());
    if (store.version().equals(old.version())) {
      old.backend().refresh(); // updated in place: the backend in use sees the change
      engine.compareAndSet(old, new Engine(old.backend(), old.version(), status));
    } else {
      Engine fresh = load(report, IndexStore.Progress.NONE);
      if (engine.compareAndSet(old, fresh)) {
        old.backend().close();
      } else {
        fresh.backend().close();
      }
    }
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
    while (true) {
      Engine e = current();
      try {
        return call.apply(e.backend());
      } catch (AlreadyClosedException ex) {
        if (engine.get() == e) {
          throw new IllegalStateException("this AskDocs is closed", ex);
        }
        // A refresh switched indexes under us: ask the new one.
      } catch (IOException ex) {
        throw new java.io.UncheckedIOException("reading the index failed: " + ex.getMessage(), ex);
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    Engine e = engine.getAndSet(null);
    if (e != null) {
      e.backend().close();
    }
  }
}
