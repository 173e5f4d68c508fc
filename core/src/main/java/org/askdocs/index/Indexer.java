package org.askdocs.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.FloatDocValuesField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.askdocs.embed.Embedder;
import org.askdocs.ingest.Acronyms;
import org.askdocs.ingest.Corpus;
import org.jspecify.annotations.Nullable;

/**
 * Writes and keeps current the on-disk index of one corpus: a folder holding one complete Lucene
 * index per generation and a {@code CURRENT} file naming the generation in use. A build writes a
 * new generation beside the old one and switches {@code CURRENT} with an atomic rename only once
 * the new one is committed, so a crash mid-build leaves the last good index answering. Each
 * generation's commit records the corpus it was built from (every file's size, modification time
 * and SHA-256) and the model its vectors come from, which is how a command knows whether the index
 * is current.
 *
 * <p>Words first, meaning after: {@link #update} makes every passage searchable by its words at
 * once, giving it vectors only where the previous index already had them for the same text and
 * model; {@link #embed} then computes the missing vectors with an embedder, in batches committed
 * one by one, so an interrupted run keeps what it embedded. Builds and batches take a file lock, so
 * two processes never write one folder at once. Thread-safe and cheap to create.
 */
public final class Indexer {
  /** Bumped whenever documents are indexed differently, so that older indexes get rebuilt. */
  static final String SCHEMA = "9";

  private static final String CURRENT = "CURRENT";
  private static final String LOCK = "build.lock";
  private static final String GEN_PREFIX = "gen-";
  private static final String BUILDING_PREFIX = "building-";
  private static final String KEY_SCHEMA = "schema";
  private static final String KEY_CORPUS = "corpus";
  private static final String KEY_BUILT = "builtAt";
  private static final String KEY_DOCS = "documents";
  private static final String KEY_PASSAGES = "passages";
  private static final String KEY_MODEL = "model";
  private static final String KEY_DIMENSIONS = "dimensions";
  private static final String FILE_PREFIX = "file:";
  private static final String ACRONYM_PREFIX = "acronym:";

  /**
   * Passages embedded per committed batch: progress survives an interruption, and updates can
   * interleave.
   */
  static final int EMBED_BATCH = 64;

  private static final ReentrantLock IN_PROCESS = new ReentrantLock();
  private static final Sort BY_ID = new Sort(new SortField(Fields.ID, SortField.Type.STRING));

  private static final FieldType WORDS_TYPE = new FieldType(TextField.TYPE_NOT_STORED);

  static {
    WORDS_TYPE.setIndexOptions(IndexOptions.DOCS);
    WORDS_TYPE.setOmitNorms(true);
    WORDS_TYPE.freeze();
  }

  private final Path dir;

  /**
   * @param dir the index folder; created when first built
   */
  public Indexer(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /**
   * What a generation's commit says about itself.
   *
   * @param model the id of the model its vectors come from, empty when it has none
   * @param dimensions the length of its passage vectors, 0 when it has none
   */
  public record Manifest(
      Path corpus,
      Instant builtAt,
      int documents,
      int passages,
      Map<String, FileState> files,
      String model,
      int dimensions) {
    public Manifest {
      files = Map.copyOf(files);
      Objects.requireNonNull(model, "model");
    }
  }

  /**
   * One corpus file as it was when indexed.
   *
   * @param sha256 empty for files that could not be read
   * @param passages how many passages it gave (0 when skipped)
   */
  public record FileState(long size, long modified, String sha256, int passages) {
    public String encode() {
      return size + ":" + modified + ":" + passages + ":" + sha256;
    }

    public static FileState decode(String s) {
      String[] p = s.split(":", 4);
      return new FileState(
          Long.parseLong(p[0]),
          Long.parseLong(p[1]),
          p.length > 3 ? p[3] : "",
          Integer.parseInt(p[2]));
    }
  }

  /** The generation folder in use, if a complete index exists. */
  public Optional<Path> current() {
    return current(dir);
  }

  /** The generation folder in use in an index folder, if a complete index exists. */
  public static Optional<Path> current(Path indexDir) {
    Path pointer = indexDir.resolve(CURRENT);
    try {
      String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
      if (!name.startsWith(GEN_PREFIX)
          || name.contains("/")
          || name.contains("\\")
          || name.contains("..")) {
        return Optional.empty();
      }
      Path gen = indexDir.resolve(name);
      return Files.isDirectory(gen) ? Optional.of(gen) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pointer, e);
    }
  }

  /**
   * What the index in use holds, as a report of a check that changed nothing; empty when there is
   * none.
   */
  public Optional<IndexReport> inUse() {
    return current().flatMap(Indexer::manifest).map(m -> unchanged(m, System.nanoTime()));
  }

  /**
   * Checks every file of the index in use against the checksum Lucene wrote with it (all of its
   * bytes are read once). The damage found, in words, or empty when the index is sound or missing.
   */
  public Optional<String> damage() {
    Optional<Path> gen;
    try {
      gen = current();
    } catch (UncheckedIOException e) {
      return Optional.of(e.getMessage());
    }
    if (gen.isEmpty()) {
      return Optional.empty();
    }
    try (Directory d = FSDirectory.open(gen.get());
        DirectoryReader r = DirectoryReader.open(d)) {
      for (LeafReaderContext leaf : r.leaves()) {
        leaf.reader().checkIntegrity();
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Optional.of(what.length() > 300 ? what.substring(0, 300) + "…" : what);
    }
  }

  /**
   * The manifest of a generation's latest commit, or empty when it is not a readable index of this
   * schema.
   */
  public static Optional<Manifest> manifest(Path generation) {
    try (Directory dir = FSDirectory.open(generation)) {
      return manifest(SegmentInfos.readLatestCommit(dir).getUserData());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Manifest> manifest(Map<String, String> data) {
    if (!SCHEMA.equals(data.get(KEY_SCHEMA))) {
      return Optional.empty();
    }
    Map<String, FileState> files = new HashMap<>();
    data.forEach(
        (k, v) -> {
          if (k.startsWith(FILE_PREFIX)) {
            files.put(k.substring(FILE_PREFIX.length()), FileState.decode(v));
          }
        });
    return Optional.of(
        new Manifest(
            Path.of(data.get(KEY_CORPUS)),
            Instant.parse(data.get(KEY_BUILT)),
            Integer.parseInt(data.get(KEY_DOCS)),
            Integer.parseInt(data.get(KEY_PASSAGES)),
            files,
            data.getOrDefault(KEY_MODEL, ""),
            Integer.parseInt(data.getOrDefault(KEY_DIMENSIONS, "0"))));
  }

  /** The acronyms the corpus defines (abbreviation → long form), as recorded by the build. */
  public static Map<String, String> acronyms(Directory generation) throws IOException {
    Map<String, String> out = new HashMap<>();
    SegmentInfos.readLatestCommit(generation)
        .getUserData()
        .forEach(
            (k, v) -> {
              if (k.startsWith(ACRONYM_PREFIX)) {
                out.put(k.substring(ACRONYM_PREFIX.length()), v);
              }
            });
    return out;
  }

  /** The model a generation's vectors come from, from its latest commit; empty when it has none. */
  public static String model(Directory generation) throws IOException {
    return SegmentInfos.readLatestCommit(generation).getUserData().getOrDefault(KEY_MODEL, "");
  }

  /**
   * Whether the index was built from the corpus as it is now (and holds no vectors of a model other
   * than {@code model}, when given). Looks at sizes and modification times first and hashes only
   * files whose size or time changed.
   */
  public boolean isCurrent(Path corpus, @Nullable String model) throws IOException {
    Optional<Manifest> m = current().flatMap(Indexer::manifest);
    return m.isPresent() && !otherModel(m.get(), model) && matches(m.get(), corpus);
  }

  /**
   * Whether the index holds vectors of a model other than {@code model}: they must all be made
   * again.
   */
  private static boolean otherModel(Manifest m, @Nullable String model) {
    return model != null && !m.model().isEmpty() && !m.model().equals(model);
  }

  /**
   * Whether the corpus still has exactly the content the manifest records (a touched file with the
   * same content counts as current).
   */
  private static boolean matches(Manifest m, Path corpus) throws IOException {
    if (!m.corpus().equals(corpus.toAbsolutePath().normalize())) {
      return false;
    }
    Diff d = diff(m.files(), org.askdocs.ingest.Sources.list(corpus));
    return d.toIndex().isEmpty() && d.removed().isEmpty();
  }

  private static String hash(Path p) {
    try {
      return Corpus.sha256(Files.readAllBytes(p));
    } catch (IOException | OutOfMemoryError e) {
      return "";
    }
  }

  /**
   * Brings the index up to date with the corpus: nothing when it is current, only the added,
   * changed and removed files when few changed, a fresh generation when {@code full}, when it is
   * missing, of an older schema, built from another folder, holds another model's vectors, or when
   * most of the corpus changed. Passages get the vectors the index already had for the same text;
   * the others wait for {@link #embed}.
   *
   * @param model the id of the model whose vectors the passages should have, or null when meaning
   *     is off (vectors already made are kept all the same)
   */
  public IndexReport update(Path corpus, @Nullable String model, Progress progress, boolean full)
      throws IOException {
    long start = System.nanoTime();
    Path root = corpus.toAbsolutePath().normalize();
    Optional<Manifest> before = current().flatMap(Indexer::manifest);
    if (!full
        && before.isPresent()
        && !otherModel(before.get(), model)
        && matches(before.get(), root)) {
      return unchanged(before.get(), start);
    }
    List<Corpus.FileEntry> files = org.askdocs.ingest.Sources.list(root);
    Files.createDirectories(dir);
    return locked(
        () -> {
          // Under the lock again: another process may have just built what this one was about to.
          Optional<Path> gen = current();
          Optional<Manifest> m = gen.flatMap(Indexer::manifest);
          // A forced rebuild may be a repair: vectors are never copied out of a damaged index.
          boolean reusable =
              m.isPresent() && !otherModel(m.get(), model) && (!full || damage().isEmpty());
          String kept = model != null ? model : m.map(Manifest::model).orElse("");
          if (!full && reusable && m.get().corpus().equals(root)) {
            Diff diff = diff(m.get().files(), files);
            if (diff.isEmpty()) {
              return unchanged(m.get(), start);
            }
            if (!diff.mostOf(files.size())) {
              return incremental(gen.get(), m.get(), kept, diff, progress, start);
            }
          }
          removeLeftovers(dir);
          Path building = Files.createTempDirectory(dir, BUILDING_PREFIX);
          Map<String, String> data = new HashMap<>();
          data.put(KEY_CORPUS, root.toString());
          Written w;
          try (VectorSource old =
              reusable ? VectorSource.open(gen.get(), kept) : VectorSource.NONE) {
            w =
                write(
                    building,
                    IndexWriterConfig.OpenMode.CREATE,
                    data,
                    kept,
                    files,
                    List.of(),
                    List.of(),
                    old,
                    progress);
          } catch (IOException | RuntimeException | Error e) {
            // A failed build (a full disk, an interruption) leaves nothing behind; the index in use
            // stays.
            deleteTree(building);
            throw e;
          }
          Path next =
              dir.resolve(
                  GEN_PREFIX
                      + w.builtAt().toEpochMilli()
                      + "-"
                      + building.getFileName().toString().substring(BUILDING_PREFIX.length()));
          Files.move(building, next, StandardCopyOption.ATOMIC_MOVE);
          switchTo(dir, next);
          return new IndexReport(
              true,
              false,
              w.builtAt(),
              w.documents(),
              w.passages(),
              w.indexed(),
              w.skipped(),
              List.of(),
              Duration.ofNanos(System.nanoTime() - start));
        });
  }

  @FunctionalInterface
  private interface Work<T extends @Nullable Object> {
    T run() throws IOException;
  }

  /**
   * Runs work that writes the index folder under its build lock: a file lock against other
   * processes, and an in-process lock as well (a JVM cannot take one file lock twice).
   */
  @SuppressWarnings("try") // the lock is held for the block's duration, never referenced
  private <T extends @Nullable Object> T locked(Work<T> work) throws IOException {
    IN_PROCESS.lock();
    try (FileChannel ch =
            FileChannel.open(
                dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      return work.run();
    } finally {
      IN_PROCESS.unlock();
    }
  }

  private static IndexWriter appendingWriter(Directory d) throws IOException {
    return new IndexWriter(
        d,
        new IndexWriterConfig(Analyzers.forIndex()).setOpenMode(IndexWriterConfig.OpenMode.APPEND));
  }

  private static IndexReport unchanged(Manifest m, long start) {
    return new IndexReport(
        false,
        false,
        m.builtAt(),
        m.documents(),
        m.passages(),
        List.of(),
        List.of(),
        List.of(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * How the corpus differs from a manifest.
   *
   * @param toIndex files added or whose content changed
   * @param touched files whose time changed but not their content
   * @param removed sources no longer in the corpus
   */
  public record Diff(
      List<Corpus.FileEntry> toIndex, List<Corpus.FileEntry> touched, List<String> removed) {
    public boolean isEmpty() {
      return toIndex.isEmpty() && touched.isEmpty() && removed.isEmpty();
    }

    /** Whether so much changed that a fresh build is cheaper than an update in place. */
    public boolean mostOf(int files) {
      return changes() > Math.max(1, files / 2);
    }

    public int changes() {
      return toIndex.size() + removed.size();
    }
  }

  /**
   * How the corpus files differ from what was indexed; hashes only files whose time changed but not
   * their size.
   */
  public static Diff diff(Map<String, FileState> indexed, List<Corpus.FileEntry> files) {
    List<Corpus.FileEntry> toIndex = new ArrayList<>();
    List<Corpus.FileEntry> touched = new ArrayList<>();
    Set<String> present = new HashSet<>();
    for (Corpus.FileEntry f : files) {
      present.add(f.source());
      FileState was = indexed.get(f.source());
      if (was == null || was.size() != f.size()) {
        toIndex.add(f);
      } else if (was.modified() != f.modified()) {
        (was.sha256().equals(hash(f.path())) ? touched : toIndex).add(f);
      }
    }
    List<String> removed =
        indexed.keySet().stream().filter(s -> !present.contains(s)).sorted().toList();
    return new Diff(toIndex, touched, removed);
  }

  /**
   * Re-indexes only what changed, in place: Lucene's commit is atomic, so readers see all of it or
   * none.
   */
  private static IndexReport incremental(
      Path gen, Manifest m, String model, Diff diff, Progress progress, long start)
      throws IOException {
    Map<String, String> data;
    try (Directory d = FSDirectory.open(gen)) {
      data = new HashMap<>(SegmentInfos.readLatestCommit(d).getUserData());
    }
    for (Corpus.FileEntry f : diff.touched()) {
      FileState was = m.files().get(f.source());
      data.put(
          FILE_PREFIX + f.source(),
          new FileState(f.size(), f.modified(), was.sha256(), was.passages()).encode());
    }
    Written w;
    // The unchanged sections of a changed file keep their vectors: they are read from this
    // generation as committed.
    try (VectorSource same = VectorSource.open(gen, model)) {
      w =
          write(
              gen,
              IndexWriterConfig.OpenMode.APPEND,
              data,
              model,
              diff.toIndex(),
              diff.toIndex().stream().map(Corpus.FileEntry::source).toList(),
              diff.removed(),
              same,
              progress);
    }
    return new IndexReport(
        true,
        true,
        w.builtAt(),
        w.documents(),
        w.passages(),
        w.indexed(),
        w.skipped(),
        diff.removed(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private record Written(
      Instant builtAt,
      int documents,
      int passages,
      List<IndexReport.Indexed> indexed,
      List<IndexReport.Skipped> skipped) {}

  /**
   * Deletes the passages of {@code replace} and {@code remove}, adds those of {@code files} (with
   * the vectors {@code vectors} holds for them), and commits with the manifest in {@code data}
   * brought up to date.
   */
  private static Written write(
      Path target,
      IndexWriterConfig.OpenMode mode,
      Map<String, String> data,
      String model,
      List<Corpus.FileEntry> files,
      List<String> replace,
      List<String> remove,
      VectorSource vectors,
      Progress progress)
      throws IOException {
    IndexWriterConfig cfg =
        new IndexWriterConfig(Analyzers.forIndex()).setOpenMode(mode).setRAMBufferSizeMB(64);
    try (Directory d = FSDirectory.open(target);
        IndexWriter writer = new IndexWriter(d, cfg)) {
      for (String source : remove) {
        writer.deleteDocuments(new Term(Fields.SOURCE, source));
        data.remove(FILE_PREFIX + source);
      }
      for (String source : replace) {
        writer.deleteDocuments(new Term(Fields.SOURCE, source));
      }
      int[] dimensions = {0};
      PassageReader.Read read =
          PassageReader.read(
              files,
              progress,
              p -> {
                String key = p.vectorKey();
                PassageVectors v = vectors.find(key);
                if (v != null) {
                  dimensions[0] = v.passage().length;
                }
                writer.addDocument(document(p, key, v));
              });
      if (dimensions[0] > 0) {
        data.put(KEY_DIMENSIONS, Integer.toString(dimensions[0]));
      }
      read.files().forEach((source, state) -> data.put(FILE_PREFIX + source, state.encode()));
      Acronyms acronyms = read.acronyms();
      // Acronyms found before stay; new ones join (a full rebuild recounts them all).
      acronyms
          .found()
          .forEach((abbr, longForm) -> data.putIfAbsent(ACRONYM_PREFIX + abbr, longForm));
      int documents = 0;
      int passages = 0;
      for (var e : data.entrySet()) {
        if (e.getKey().startsWith(FILE_PREFIX)) {
          int n = FileState.decode(e.getValue()).passages();
          passages += n;
          documents += n > 0 ? 1 : 0;
        }
      }
      Instant builtAt = Instant.now();
      data.put(KEY_SCHEMA, SCHEMA);
      data.put(KEY_BUILT, builtAt.toString());
      data.put(KEY_DOCS, Integer.toString(documents));
      data.put(KEY_PASSAGES, Integer.toString(passages));
      data.put(KEY_MODEL, model);
      writer.setLiveCommitData(data.entrySet());
      writer.commit();
      return new Written(builtAt, documents, passages, read.indexed(), read.skipped());
    }
  }

  /** The vectors of an earlier commit, by {@link Fields#VECTOR_KEY}. */
  private static final class VectorSource implements AutoCloseable {
    static final VectorSource NONE = new VectorSource(null, null);
    private final @Nullable Directory directory;
    private final @Nullable DirectoryReader reader;
    private final @Nullable IndexSearcher searcher;

    private VectorSource(@Nullable Directory directory, @Nullable DirectoryReader reader) {
      this.directory = directory;
      this.reader = reader;
      this.searcher = reader == null ? null : new IndexSearcher(reader);
    }

    /**
     * The vectors of a generation whose model is {@code model}; none for a generation without
     * vectors.
     */
    static VectorSource open(Path generation, String model) throws IOException {
      Directory d = FSDirectory.open(generation);
      try {
        if (model.isEmpty() || !model.equals(model(d))) {
          d.close();
          return NONE;
        }
        return new VectorSource(d, DirectoryReader.open(d));
      } catch (IOException | RuntimeException e) {
        d.close();
        return NONE; // an unreadable old index has nothing to give; its passages get embedded again
      }
    }

    @Nullable PassageVectors find(String key) throws IOException {
      if (reader == null) {
        return null;
      }
      TopDocs top = searcher.search(new TermQuery(new Term(Fields.VECTOR_KEY, key)), 1);
      return top.scoreDocs.length == 0 ? null : embedded(reader, top.scoreDocs[0].doc);
    }

    @Override
    public void close() throws IOException {
      if (reader != null) {
        reader.close();
        directory.close();
      }
    }
  }

  /** The vectors a document holds, or null when it has none. */
  private static @Nullable PassageVectors embedded(DirectoryReader reader, int doc)
      throws IOException {
    List<LeafReaderContext> leaves = reader.leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    FloatVectorValues values = leaf.reader().getFloatVectorValues(Fields.VECTOR);
    if (values == null) {
      return null;
    }
    KnnVectorValues.DocIndexIterator it = values.iterator();
    if (it.advance(doc - leaf.docBase) != doc - leaf.docBase) {
      return null;
    }
    float[] passage = values.vectorValue(it.index()).clone();
    BytesRef sentences =
        leaf.reader()
            .storedFields()
            .document(doc - leaf.docBase, Set.of(Fields.SENTENCE_VECTORS))
            .getBinaryValue(Fields.SENTENCE_VECTORS);
    return new PassageVectors(
        passage, sentences == null ? new byte[0] : BytesRef.deepCopyOf(sentences).bytes);
  }

  /**
   * Passages of the index in use that have no vectors of {@code model} yet (all of them when it
   * holds another model's).
   */
  public int unembedded(String model) throws IOException {
    Optional<Path> gen = current();
    if (gen.isEmpty()) {
      return 0;
    }
    try (Directory d = FSDirectory.open(gen.get());
        DirectoryReader reader = DirectoryReader.open(d)) {
      if (!model(d).isEmpty() && !model(d).equals(model)) {
        return reader.numDocs();
      }
      return new IndexSearcher(reader).count(withoutVectors());
    }
  }

  private static Query withoutVectors() {
    return new BooleanQuery.Builder()
        .add(MatchAllDocsQuery.INSTANCE, Occur.FILTER)
        .add(new FieldExistsQuery(Fields.VECTOR), Occur.MUST_NOT)
        .build();
  }

  /**
   * Gives vectors to the passages of the index in use that have none: each batch is read under the
   * lock, embedded without it (so builds and updates go on meanwhile), and written back in place by
   * one commit. Passages that changed meanwhile are left for the next call.
   *
   * <p>Stops early, keeping what it wrote, when the thread is interrupted.
   *
   * @return how many passages got vectors
   */
  public int embed(Embedder embedder, Progress progress) throws IOException {
    int done = 0;
    int total = -1;
    Set<String> failed = new HashSet<>();
    while (!Thread.currentThread().isInterrupted()) {
      Batch batch = nextBatch(embedder.id(), failed);
      if (batch == null || batch.passages().isEmpty()) {
        if (total >= 0) {
          progress.embedded(done, done);
        }
        if (done > 0) {
          expungeDeletes();
        }
        return done;
      }
      if (total < 0) {
        total = batch.remaining();
      }
      List<PassageVectors> vectors = PassageVectors.of(embedder, batch.passages());
      int written = writeBack(embedder.id(), batch, vectors);
      if (written == 0) {
        // The index moved on under us (rebuilt, or these passages changed): look again.
        batch.passages().forEach(p -> failed.add(p.id()));
      }
      done += written;
      progress.embedded(done, Math.max(total, done));
    }
    return done;
  }

  private record Batch(Path generation, List<PassageReader.PassageDoc> passages, int remaining) {}

  private @Nullable Batch nextBatch(String model, Set<String> skip) throws IOException {
    IN_PROCESS.lock();
    try {
      Optional<Path> gen = current();
      if (gen.isEmpty()) {
        return null;
      }
      try (Directory d = FSDirectory.open(gen.get());
          DirectoryReader reader = DirectoryReader.open(d)) {
        if (!model(d).isEmpty() && !model(d).equals(model)) {
          return null; // another model's vectors: only a rebuild (update) replaces them all at once
        }
        IndexSearcher searcher = new IndexSearcher(reader);
        Query missing = withoutVectors();
        int remaining = searcher.count(missing);
        TopDocs top = searcher.search(missing, EMBED_BATCH + skip.size(), BY_ID);
        List<PassageReader.PassageDoc> passages = new ArrayList<>();
        var stored = searcher.storedFields();
        for (ScoreDoc sd : top.scoreDocs) {
          PassageReader.PassageDoc p = passage(stored.document(sd.doc));
          if (!skip.contains(p.id()) && passages.size() < EMBED_BATCH) {
            passages.add(p);
          }
        }
        return new Batch(gen.get(), passages, remaining - skip.size());
      }
    } finally {
      IN_PROCESS.unlock();
    }
  }

  /**
   * Drops the replaced documents that writing vectors in place left behind: until merged away they
   * still count in the word statistics (BM25), so scores would differ from those of a fresh build.
   */
  private void expungeDeletes() throws IOException {
    locked(
        () -> {
          Optional<Path> gen = current();
          if (gen.isPresent()) {
            try (Directory d = FSDirectory.open(gen.get());
                IndexWriter writer = appendingWriter(d)) {
              writer.setLiveCommitData(SegmentInfos.readLatestCommit(d).getUserData().entrySet());
              writer.forceMergeDeletes();
              writer.commit();
            }
          }
          return null;
        });
  }

  /**
   * Writes a batch's vectors into the generation it was read from, if still in use and the passages
   * unchanged.
   */
  private int writeBack(String model, Batch batch, List<PassageVectors> vectors)
      throws IOException {
    return locked(
        () -> {
          if (!current().equals(Optional.of(batch.generation()))) {
            return 0;
          }
          try (Directory d = FSDirectory.open(batch.generation());
              DirectoryReader reader = DirectoryReader.open(d);
              IndexWriter writer = appendingWriter(d)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            int written = 0;
            for (int i = 0; i < batch.passages().size(); i++) {
              PassageReader.PassageDoc p = batch.passages().get(i);
              String key = p.vectorKey();
              // Only a passage that is still there with the same text: an update may have replaced
              // it.
              Query same =
                  new BooleanQuery.Builder()
                      .add(new TermQuery(new Term(Fields.ID, p.id())), Occur.FILTER)
                      .add(new TermQuery(new Term(Fields.VECTOR_KEY, key)), Occur.FILTER)
                      .build();
              if (searcher.count(same) > 0) {
                writer.updateDocument(
                    new Term(Fields.ID, p.id()), document(p, key, vectors.get(i)));
                written++;
              }
            }
            Map<String, String> data =
                new HashMap<>(SegmentInfos.readLatestCommit(d).getUserData());
            data.put(KEY_MODEL, model);
            if (!vectors.isEmpty()) {
              data.put(KEY_DIMENSIONS, Integer.toString(vectors.getFirst().passage().length));
            }
            writer.setLiveCommitData(data.entrySet());
            writer.commit();
            return written;
          }
        });
  }

  /** A passage as indexed, rebuilt from its stored fields. */
  static PassageReader.PassageDoc passage(Document d) {
    return new PassageReader.PassageDoc(
        d.get(Fields.ID),
        d.get(Fields.SOURCE),
        PassageReader.sectionId(d.get(Fields.SOURCE), d.get(Fields.ANCHOR)),
        d.get(Fields.TITLE),
        d.get(Fields.HEADING),
        List.of(d.getValues(Fields.PATH_STORED)),
        d.get(Fields.ANCHOR),
        d.get(Fields.BODY),
        d.getField(Fields.PART).numericValue().intValue(),
        d.getField(Fields.PARTS).numericValue().intValue(),
        d.getField(Fields.ORDINAL).numericValue().intValue(),
        d.getField(Fields.PRIOR).numericValue().floatValue());
  }

  /**
   * A passage's document; {@code vectorKey} is its {@link PassageReader.PassageDoc#vectorKey()},
   * hashed once by the caller.
   */
  private static Document document(
      PassageReader.PassageDoc p, String vectorKey, @Nullable PassageVectors vectors) {
    Document d = new Document();
    d.add(new StringField(Fields.ID, p.id(), Field.Store.YES));
    d.add(new SortedDocValuesField(Fields.ID, new BytesRef(p.id())));
    d.add(new StringField(Fields.SOURCE, p.source(), Field.Store.YES));
    d.add(new StringField(Fields.SECTION, p.section(), Field.Store.NO));
    d.add(new StoredField(Fields.TITLE, p.title()));
    d.add(new StoredField(Fields.HEADING, p.heading()));
    for (String h : p.headingPath()) {
      d.add(new StoredField(Fields.PATH_STORED, h));
    }
    d.add(new StoredField(Fields.ANCHOR, p.anchor()));
    d.add(new StoredField(Fields.BODY, p.text()));
    for (String part : p.searched()) {
      d.add(new TextField(Fields.ALL, part, Field.Store.NO));
    }
    d.add(new Field(Fields.WORDS, p.words(), WORDS_TYPE));
    d.add(new StoredField(Fields.PART, p.part()));
    d.add(new StoredField(Fields.PARTS, p.parts()));
    d.add(new StoredField(Fields.ORDINAL, p.ordinal()));
    d.add(new NumericDocValuesField(Fields.ORDINAL, p.ordinal()));
    d.add(new StoredField(Fields.PRIOR, p.prior()));
    d.add(new FloatDocValuesField(Fields.PRIOR, p.prior()));
    d.add(new StringField(Fields.VECTOR_KEY, vectorKey, Field.Store.YES));
    if (vectors != null) {
      d.add(
          new KnnFloatVectorField(
              Fields.VECTOR, vectors.passage(), VectorSimilarityFunction.DOT_PRODUCT));
      d.add(new StoredField(Fields.SENTENCE_VECTORS, vectors.sentences()));
    }
    return d;
  }

  private static void switchTo(Path indexDir, Path gen) throws IOException {
    Path tmp = indexDir.resolve(CURRENT + ".tmp");
    Files.writeString(tmp, gen.getFileName().toString() + "\n", StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try {
      Files.move(
          tmp,
          indexDir.resolve(CURRENT),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "the index folder "
              + indexDir
              + " does not support atomic renames; put it on a local file system",
          e);
    }
    // Older generations are no longer named by CURRENT. Readers that still hold one keep working:
    // open files stay readable after deletion on the systems askdocs runs on.
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(indexDir, GEN_PREFIX + "*")) {
      for (Path old : ds) {
        if (!old.equals(gen)) {
          deleteTree(old);
        }
      }
    }
  }

  /**
   * Removes what a killed build left in the index folder (a half-written generation, an old one no
   * longer in use), unless another process is building right now. Cheap when there is nothing to
   * remove.
   *
   * @return how many folders were removed
   */
  public int removeLeftovers() throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    Optional<Path> inUse = current();
    List<Path> stale = new ArrayList<>();
    try (DirectoryStream<Path> ds =
        Files.newDirectoryStream(
            dir,
            p -> {
              String name = p.getFileName().toString();
              return name.startsWith(BUILDING_PREFIX)
                  || (name.startsWith(GEN_PREFIX) && inUse.isPresent() && !p.equals(inUse.get()));
            })) {
      ds.forEach(stale::add);
    }
    if (stale.isEmpty() || !Files.isWritable(dir)) {
      return 0;
    }
    if (!IN_PROCESS.tryLock()) {
      return 0;
    }
    try (FileChannel ch =
            FileChannel.open(
                dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock()) {
      if (lock == null || !current().equals(inUse)) {
        return 0; // another process is building: its folders are not leftovers
      }
      stale.forEach(Indexer::deleteTree);
      return stale.size();
    } finally {
      IN_PROCESS.unlock();
    }
  }

  private static void removeLeftovers(Path indexDir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(indexDir, BUILDING_PREFIX + "*")) {
      for (Path p : ds) {
        deleteTree(p);
      }
    }
  }

  private static void deleteTree(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // A generation that cannot be removed now is removed by the next build; it is never read.
    }
  }
}
