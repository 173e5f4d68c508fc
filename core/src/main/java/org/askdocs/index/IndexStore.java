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
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.askdocs.ingest.Acronyms;
import org.askdocs.ingest.Chunk;
import org.askdocs.ingest.Chunker;
import org.askdocs.ingest.Corpus;
import org.askdocs.ingest.Section;

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
  static final String SCHEMA = "4";
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
  private static final FieldType BODY_TYPE = new FieldType(TextField.TYPE_STORED);

  private static final FieldType WORDS_TYPE = new FieldType(TextField.TYPE_NOT_STORED);

  static {
    WORDS_TYPE.setIndexOptions(IndexOptions.DOCS);
    WORDS_TYPE.setOmitNorms(true);
    WORDS_TYPE.freeze();
    // Offsets in the postings let the highlighter skip re-analysing passages at query time.
    BODY_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    BODY_TYPE.freeze();
  }

  private IndexStore() {}

  /** What a generation's commit says about itself. */
  public record Manifest(Path corpus, Instant builtAt, int documents, int passages, Map<String, FileState> files) {
    public Manifest {
      files = Map.copyOf(files);
    }
  }

  /** One corpus file as it was when indexed; sha256 is empty for files that could not be read. */
  public record FileState(long size, long modified, String sha256) {
    String encode() {
      return size + ":" + modified + ":" + sha256;
    }

    static FileState decode(String s) {
      String[] p = s.split(":", 3);
      return new FileState(Long.parseLong(p[0]), Long.parseLong(p[1]), p.length > 2 ? p[2] : "");
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

  private static boolean matches(Manifest m, Path corpus) throws IOException {
    if (!m.corpus().equals(corpus.toAbsolutePath().normalize())) {
      return false;
    }
    List<Corpus.FileEntry> files = Corpus.list(corpus);
    if (files.size() != m.files().size()) {
      return false;
    }
    for (Corpus.FileEntry f : files) {
      FileState was = m.files().get(f.source());
      if (was == null) {
        return false;
      }
      if (was.size() != f.size() || was.modified() != f.modified()) {
        if (was.size() != f.size() || !was.sha256().equals(hash(f.path()))) {
          return false;
        }
      }
    }
    return true;
  }

  private static String hash(Path p) {
    try {
      return Corpus.sha256(Files.readAllBytes(p));
    } catch (IOException | OutOfMemoryError e) {
      return "";
    }
  }

  /**
   * Builds the index when it is missing, of an older schema, or older than the corpus; otherwise
   * leaves it alone.
   */
  public static IndexReport ensureCurrent(Path corpus, Path indexDir, Progress progress) throws IOException {
    long start = System.nanoTime();
    Optional<Path> gen = current(indexDir);
    Optional<Manifest> m = gen.flatMap(IndexStore::manifest);
    if (m.isPresent() && matches(m.get(), corpus)) {
      return unchanged(m.get(), start);
    }
    return build(corpus, indexDir, progress, false);
  }

  private static IndexReport unchanged(Manifest m, long start) {
    return new IndexReport(false, m.builtAt(), m.documents(), m.passages(), List.of(), List.of(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Rebuilds the index from the corpus; with {@code force} false, skips the work when another build just made it current. */
  public static IndexReport build(Path corpus, Path indexDir, Progress progress, boolean force) throws IOException {
    long start = System.nanoTime();
    List<Corpus.FileEntry> files = Corpus.list(corpus);
    Files.createDirectories(indexDir);
    IN_PROCESS.lock();
    try (FileChannel ch = FileChannel.open(indexDir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock ignored = ch.lock()) {
      if (!force) {
        Optional<Manifest> m = current(indexDir).flatMap(IndexStore::manifest);
        if (m.isPresent() && matches(m.get(), corpus)) {
          return unchanged(m.get(), start);
        }
      }
      removeLeftovers(indexDir);
      Path building = Files.createTempDirectory(indexDir, BUILDING_PREFIX);
      BuildResult result = write(corpus, files, building, progress);
      Path gen = indexDir.resolve(GEN_PREFIX + result.builtAt().toEpochMilli() + "-" + building.getFileName().toString().substring(BUILDING_PREFIX.length()));
      Files.move(building, gen, StandardCopyOption.ATOMIC_MOVE);
      switchTo(indexDir, gen);
      return new IndexReport(true, result.builtAt(), result.indexed().size(), result.passages(),
          result.indexed(), result.skipped(), Duration.ofNanos(System.nanoTime() - start));
    } finally {
      IN_PROCESS.unlock();
    }
  }

  private record BuildResult(Instant builtAt, int passages, List<IndexReport.Indexed> indexed, List<IndexReport.Skipped> skipped) {}

  private static BuildResult write(Path corpus, List<Corpus.FileEntry> files, Path target, Progress progress) throws IOException {
    IndexWriterConfig cfg = new IndexWriterConfig(Analyzers.forIndex())
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
        .setRAMBufferSizeMB(64);
    List<IndexReport.Indexed> indexed = new ArrayList<>();
    List<IndexReport.Skipped> skipped = new ArrayList<>();
    Map<String, String> data = new HashMap<>();
    int passages = 0;
    Acronyms acronyms = new Acronyms();
    long totalBytes = files.stream().mapToLong(f -> Math.max(0, f.size())).sum();
    long doneBytes = 0;
    try (Directory dir = FSDirectory.open(target); IndexWriter writer = new IndexWriter(dir, cfg)) {
      for (int i = 0; i < files.size(); i++) {
        Corpus.FileEntry f = files.get(i);
        Corpus.Outcome outcome = Corpus.read(f);
        String sha = "";
        switch (outcome) {
          case Corpus.Read r -> {
            sha = r.sha256();
            int ordinal = 0;
            for (Section s : r.doc().sections()) {
              acronyms.scan(s.text());
              for (Chunk c : Chunker.chunks(s)) {
                writer.addDocument(document(r.source(), r.doc().title(), c, ordinal++));
              }
            }
            passages += ordinal;
            indexed.add(new IndexReport.Indexed(r.source(), r.doc().sections().size(), ordinal, r.note()));
          }
          case Corpus.Skipped s -> skipped.add(new IndexReport.Skipped(s.source(), s.reason()));
        }
        data.put(FILE_PREFIX + f.source(), new FileState(f.size(), f.modified(), sha).encode());
        doneBytes += Math.max(0, f.size());
        progress.update(i + 1, files.size(), doneBytes, totalBytes);
      }
      Instant builtAt = Instant.now();
      acronyms.found().forEach((abbr, longForm) -> data.put(ACRONYM_PREFIX + abbr, longForm));
      data.put(KEY_SCHEMA, SCHEMA);
      data.put(KEY_CORPUS, corpus.toAbsolutePath().normalize().toString());
      data.put(KEY_BUILT, builtAt.toString());
      data.put(KEY_DOCS, Integer.toString(indexed.size()));
      data.put(KEY_PASSAGES, Integer.toString(passages));
      writer.setLiveCommitData(data.entrySet());
      writer.commit();
      return new BuildResult(builtAt, passages, indexed, skipped);
    }
  }

  /** The id of a passage: {@code source#anchor}, with {@code ~N} for the N-th part of a long section. */
  public static String passageId(String source, String anchor, int part) {
    return source + "#" + anchor + (part > 1 ? "~" + part : "");
  }

  private static Document document(String source, String title, Chunk c, int ordinal) {
    Section s = c.section();
    String id = passageId(source, s.anchor(), c.part());
    Document d = new Document();
    d.add(new StringField(Fields.ID, id, Field.Store.YES));
    d.add(new SortedDocValuesField(Fields.ID, new BytesRef(id)));
    d.add(new StringField(Fields.SOURCE, source, Field.Store.YES));
    d.add(new StringField(Fields.SECTION, source + "#" + s.anchor(), Field.Store.NO));
    d.add(new TextField(Fields.TITLE, title, Field.Store.YES));
    d.add(new TextField(Fields.HEADING, s.heading(), Field.Store.YES));
    // The title is searched in its own field; the path holds the headings between title and section.
    d.add(new TextField(Fields.PATH, String.join(" \n ", s.headingPath().subList(1, s.headingPath().size())), Field.Store.NO));
    for (String h : s.headingPath()) {
      d.add(new StoredField(Fields.PATH_STORED, h));
    }
    d.add(new StoredField(Fields.ANCHOR, s.anchor()));
    d.add(new Field(Fields.BODY, c.text(), BODY_TYPE));
    d.add(new Field(Fields.WORDS, s.heading() + "\n" + c.text(), WORDS_TYPE));
    d.add(new StoredField(Fields.PART, c.part()));
    d.add(new StoredField(Fields.PARTS, c.parts()));
    d.add(new StoredField(Fields.ORDINAL, ordinal));
    d.add(new NumericDocValuesField(Fields.ORDINAL, ordinal));
    d.add(new FloatDocValuesField(Fields.PRIOR, prior(s)));
    return d;
  }

  /**
   * Navigation sections ("Next steps", "Related links", "See also") list other pages by title: they
   * mention many topics and answer none, so they count for less.
   */
  static float prior(Section s) {
    return NAVIGATION.contains(s.heading().strip().toLowerCase(java.util.Locale.ROOT)) ? NAVIGATION_PRIOR : 1f;
  }

  static final float NAVIGATION_PRIOR = 0.5f;
  private static final java.util.Set<String> NAVIGATION = java.util.Set.of("next steps", "next step", "related content",
      "related links", "related link", "see also", "more information", "additional resources", "learn more",
      "related resources", "community links", "related guidance", "related articles", "references", "further reading");

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
