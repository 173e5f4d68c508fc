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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.FloatDocValuesField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.askdocs.ingest.Acronyms;
import org.askdocs.ingest.Corpus;

/**
 * The on-disk index: a folder holding one complete Lucene index per generation and a {@code CURRENT}
 * file naming the generation in use. A build writes a new generation beside the old one and switches
 * {@code CURRENT} with an atomic rename only once the new one is committed, so a crash mid-build
 * leaves the last good index answering. Each generation's commit records the corpus it was built
 * from (every file's size, modification time and SHA-256), which is how a command knows whether the
 * corpus changed since. Builds take a file lock, so two processes never build into one folder at once
 * (the second waits, then finds the index current). All methods are thread-safe.
 */
public final class IndexStore {
  /** Bumped whenever documents are indexed differently, so that older indexes get rebuilt. */
  static final String SCHEMA = "8";
  private static final String CURRENT = "CURRENT";
  private static final String LOCK = "build.lock";
  private static final String GEN_PREFIX = "gen-";
  private static final String BUILDING_PREFIX = "building-";
  private static final String KEY_SCHEMA = "schema";
  private static final String KEY_CORPUS = "corpus";
  private static final String KEY_BUILT = "builtAt";
  private static final String KEY_DOCS = "documents";
  private static final String KEY_PASSAGES = "passages";
  private static final String FILE_PREFIX = "file:";
  private static final String ACRONYM_PREFIX = "acronym:";
  private static final ReentrantLock IN_PROCESS = new ReentrantLock();

  private static final FieldType WORDS_TYPE = new FieldType(TextField.TYPE_NOT_STORED);

  static {
    WORDS_TYPE.setIndexOptions(IndexOptions.DOCS);
    WORDS_TYPE.setOmitNorms(true);
    WORDS_TYPE.freeze();
  }

  private IndexStore() {}

  /** What a generation's commit says about itself. */
  public record Manifest(Path corpus, Instant builtAt, int documents, int passages, Map<String, FileState> files) {
    public Manifest {
      files = Map.copyOf(files);
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
      return new FileState(Long.parseLong(p[0]), Long.parseLong(p[1]), p.length > 3 ? p[3] : "", Integer.parseInt(p[2]));
    }
  }

  /** The generation folder in use, if a complete index exists. */
  public static Optional<Path> current(Path indexDir) {
    Path pointer = indexDir.resolve(CURRENT);
    try {
      String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
      if (!name.startsWith(GEN_PREFIX) || name.contains("/") || name.contains("\\") || name.contains("..")) {
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

  /** The manifest of a generation's latest commit, or empty when it is not a readable index of this schema. */
  public static Optional<Manifest> manifest(Path generation) {
    try (Directory dir = FSDirectory.open(generation)) {
      Map<String, String> data = SegmentInfos.readLatestCommit(dir).getUserData();
      if (!SCHEMA.equals(data.get(KEY_SCHEMA))) {
        return Optional.empty();
      }
      Map<String, FileState> files = new HashMap<>();
      data.forEach((k, v) -> {
        if (k.startsWith(FILE_PREFIX)) {
          files.put(k.substring(FILE_PREFIX.length()), FileState.decode(v));
        }
      });
      return Optional.of(new Manifest(Path.of(data.get(KEY_CORPUS)), Instant.parse(data.get(KEY_BUILT)),
          Integer.parseInt(data.get(KEY_DOCS)), Integer.parseInt(data.get(KEY_PASSAGES)), files));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The acronyms the corpus defines (abbreviation → long form), as recorded by the build. */
  public static Map<String, String> acronyms(Directory generation) throws IOException {
    Map<String, String> out = new HashMap<>();
    SegmentInfos.readLatestCommit(generation).getUserData().forEach((k, v) -> {
      if (k.startsWith(ACRONYM_PREFIX)) {
        out.put(k.substring(ACRONYM_PREFIX.length()), v);
      }
    });
    return out;
  }

  /**
   * Whether the index in {@code indexDir} was built from the corpus as it is now. Looks at sizes and
   * modification times first and hashes only files whose size or time changed.
   */
  public static boolean isCurrent(Path corpus, Path indexDir) throws IOException {
    Optional<Path> gen = current(indexDir);
    if (gen.isEmpty()) {
      return false;
    }
    Optional<Manifest> m = manifest(gen.get());
    return m.isPresent() && matches(m.get(), corpus);
  }

  /** Whether the corpus still has exactly the content the manifest records (a touched file with the same content counts as current). */
  private static boolean matches(Manifest m, Path corpus) throws IOException {
    if (!m.corpus().equals(corpus.toAbsolutePath().normalize())) {
      return false;
    }
    Diff d = diff(m, Corpus.list(corpus));
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
   * changed and removed files when few changed, a fresh generation when it is missing, of an older
   * schema, built from another folder, or when most of the corpus changed.
   */
  public static IndexReport ensureCurrent(Path corpus, Path indexDir, Progress progress) throws IOException {
    long start = System.nanoTime();
    Optional<Manifest> m = current(indexDir).flatMap(IndexStore::manifest);
    if (m.isPresent() && matches(m.get(), corpus)) {
      return unchanged(m.get(), start);
    }
    return update(corpus, indexDir, progress, false);
  }

  private static IndexReport unchanged(Manifest m, long start) {
    return new IndexReport(false, false, m.builtAt(), m.documents(), m.passages(), List.of(), List.of(), List.of(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Rebuilds the whole index into a new generation when {@code force}; otherwise as
   * {@link #ensureCurrent}, but under the lock (so a build another process just finished counts).
   */
  public static IndexReport build(Path corpus, Path indexDir, Progress progress, boolean force) throws IOException {
    return update(corpus, indexDir, progress, force);
  }

  private static IndexReport update(Path corpus, Path indexDir, Progress progress, boolean full) throws IOException {
    long start = System.nanoTime();
    Path root = corpus.toAbsolutePath().normalize();
    List<Corpus.FileEntry> files = Corpus.list(root);
    Files.createDirectories(indexDir);
    IN_PROCESS.lock();
    try (FileChannel ch = FileChannel.open(indexDir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock ignored = ch.lock()) {
      Optional<Path> gen = current(indexDir);
      Optional<Manifest> m = gen.flatMap(IndexStore::manifest);
      if (!full && m.isPresent() && m.get().corpus().equals(root)) {
        Diff diff = diff(m.get(), files);
        if (diff.isEmpty()) {
          return unchanged(m.get(), start);
        }
        if (!diff.mostOf(files.size())) {
          return incremental(gen.get(), m.get(), diff, progress, start);
        }
      }
      removeLeftovers(indexDir);
      Path building = Files.createTempDirectory(indexDir, BUILDING_PREFIX);
      Map<String, String> data = new HashMap<>();
      data.put(KEY_CORPUS, root.toString());
      Written w = write(building, IndexWriterConfig.OpenMode.CREATE, data, files, List.of(), List.of(), progress);
      Path next = indexDir.resolve(GEN_PREFIX + w.builtAt().toEpochMilli() + "-" + building.getFileName().toString().substring(BUILDING_PREFIX.length()));
      Files.move(building, next, StandardCopyOption.ATOMIC_MOVE);
      switchTo(indexDir, next);
      return new IndexReport(true, false, w.builtAt(), w.documents(), w.passages(), w.indexed(), w.skipped(), List.of(),
          Duration.ofNanos(System.nanoTime() - start));
    } finally {
      IN_PROCESS.unlock();
    }
  }

  /**
   * How the corpus differs from a manifest.
   *
   * @param toIndex files added or whose content changed
   * @param touched files whose time changed but not their content
   * @param removed sources no longer in the corpus
   */
  public record Diff(List<Corpus.FileEntry> toIndex, List<Corpus.FileEntry> touched, List<String> removed) {
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

  private static Diff diff(Manifest m, List<Corpus.FileEntry> files) {
    return diff(m.files(), files);
  }

  /** How the corpus files differ from what was indexed; hashes only files whose time changed but not their size. */
  public static Diff diff(Map<String, FileState> indexed, List<Corpus.FileEntry> files) {
    List<Corpus.FileEntry> toIndex = new ArrayList<>();
    List<Corpus.FileEntry> touched = new ArrayList<>();
    java.util.Set<String> present = new java.util.HashSet<>();
    for (Corpus.FileEntry f : files) {
      present.add(f.source());
      FileState was = indexed.get(f.source());
      if (was == null || was.size() != f.size()) {
        toIndex.add(f);
      } else if (was.modified() != f.modified()) {
        (was.sha256().equals(hash(f.path())) ? touched : toIndex).add(f);
      }
    }
    List<String> removed = indexed.keySet().stream().filter(s -> !present.contains(s)).sorted().toList();
    return new Diff(toIndex, touched, removed);
  }

  /** Re-indexes only what changed, in place: Lucene's commit is atomic, so readers see all of it or none. */
  private static IndexReport incremental(Path gen, Manifest m, Diff diff, Progress progress, long start) throws IOException {
    Map<String, String> data;
    try (Directory dir = FSDirectory.open(gen)) {
      data = new HashMap<>(SegmentInfos.readLatestCommit(dir).getUserData());
    }
    for (Corpus.FileEntry f : diff.touched()) {
      FileState was = m.files().get(f.source());
      data.put(FILE_PREFIX + f.source(), new FileState(f.size(), f.modified(), was.sha256(), was.passages()).encode());
    }
    Written w = write(gen, IndexWriterConfig.OpenMode.APPEND, data, diff.toIndex(), diff.toIndex().stream().map(Corpus.FileEntry::source).toList(),
        diff.removed(), progress);
    return new IndexReport(true, true, w.builtAt(), w.documents(), w.passages(), w.indexed(), w.skipped(), diff.removed(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private record Written(Instant builtAt, int documents, int passages, List<IndexReport.Indexed> indexed, List<IndexReport.Skipped> skipped) {}

  /**
   * Deletes the passages of {@code replace} and {@code remove}, adds those of {@code files}, and
   * commits with the manifest in {@code data} brought up to date.
   */
  private static Written write(Path target, IndexWriterConfig.OpenMode mode, Map<String, String> data, List<Corpus.FileEntry> files,
      List<String> replace, List<String> remove, Progress progress) throws IOException {
    IndexWriterConfig cfg = new IndexWriterConfig(Analyzers.forIndex())
        .setOpenMode(mode)
        .setRAMBufferSizeMB(64);
    try (Directory dir = FSDirectory.open(target); IndexWriter writer = new IndexWriter(dir, cfg)) {
      for (String source : remove) {
        writer.deleteDocuments(new Term(Fields.SOURCE, source));
        data.remove(FILE_PREFIX + source);
      }
      for (String source : replace) {
        writer.deleteDocuments(new Term(Fields.SOURCE, source));
      }
      PassageReader.Read read = PassageReader.read(files, progress, p -> writer.addDocument(document(p)));
      read.files().forEach((source, state) -> data.put(FILE_PREFIX + source, state.encode()));
      Acronyms acronyms = read.acronyms();
      List<IndexReport.Indexed> indexed = read.indexed();
      List<IndexReport.Skipped> skipped = read.skipped();
      // Acronyms found before stay; new ones join (a full rebuild recounts them all).
      acronyms.found().forEach((abbr, longForm) -> data.putIfAbsent(ACRONYM_PREFIX + abbr, longForm));
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
      writer.setLiveCommitData(data.entrySet());
      writer.commit();
      return new Written(builtAt, documents, passages, indexed, skipped);
    }
  }

  /** The id of a passage: {@code source#anchor}, with {@code ~N} for the N-th part of a long section. */
  public static String passageId(String source, String anchor, int part) {
    return sectionId(source, anchor) + (part > 1 ? "~" + part : "");
  }

  /** The id of a section, and the citation of its passages: {@code source#anchor}. */
  public static String sectionId(String source, String anchor) {
    return source + "#" + anchor;
  }

  private static Document document(PassageReader.PassageDoc p) {
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
    d.add(new FloatDocValuesField(Fields.PRIOR, p.prior()));
    return d;
  }

  private static void switchTo(Path indexDir, Path gen) throws IOException {
    Path tmp = indexDir.resolve(CURRENT + ".tmp");
    Files.writeString(tmp, gen.getFileName().toString() + "\n", StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try {
      Files.move(tmp, indexDir.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the index folder " + indexDir + " does not support atomic renames; put it on a local file system", e);
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

  private static void removeLeftovers(Path indexDir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(indexDir, BUILDING_PREFIX + "*")) {
      for (Path p : ds) {
        deleteTree(p);
      }
    }
  }

  private static void deleteTree(Path root) {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // A generation that cannot be removed now is removed by the next build; it is never read.
    }
  }

  /** Receives build progress; called on the building thread after each file. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (files, totalFiles, bytes, totalBytes) -> { };

    void update(int files, int totalFiles, long bytes, long totalBytes);
  }
}
