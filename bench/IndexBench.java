// Index build throughput of askdocs next to its floor, in one run: a bare Lucene IndexWriter loop
// that reads and splits the same files into the same passages and adds them with the same analyzer
// (one text field, nothing stored). Then embedding (passages a second, on their own: it is the slow
// part of a first build), and the time to re-index one changed file incrementally, by words and then
// by meaning too.
// Usage: java -cp app/target/askdocs.jar bench/IndexBench.java CORPUS_DIR [ROUNDS] [INDEX_DIR to keep askdocs' index]
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.*;
import java.util.*;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.store.FSDirectory;
import org.askdocs.AskDocs;
import org.askdocs.AskResult;
import org.askdocs.embed.Embedder;
import org.askdocs.embed.Embedders;
import org.askdocs.index.*;
import org.askdocs.ingest.*;

public class IndexBench {
  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]).toAbsolutePath();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    long bytes = Corpus.list(corpus).stream().mapToLong(Corpus.FileEntry::size).sum();
    Path tmp = Files.createTempDirectory("askdocs-bench");
    Path keep = args.length > 2 ? Path.of(args[2]).toAbsolutePath() : tmp.resolve("askdocs");
    double bestFloor = 0, bestAskdocs = 0;
    int passages = 0;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      passages = floor(corpus, tmp.resolve("floor-" + r));
      double floor = bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
      long t1 = System.nanoTime();
      IndexReport report = new Indexer(keep).update(corpus, null, Progress.NONE, true);
      double askdocs = bytes / 1e6 / ((System.nanoTime() - t1) / 1e9);
      System.out.printf(Locale.ROOT, "round %d: floor %.2f MB/s (%d passages), askdocs %.2f MB/s (%d passages)%n", r + 1, floor, passages, askdocs, report.passages());
      bestFloor = Math.max(bestFloor, floor);
      bestAskdocs = Math.max(bestAskdocs, askdocs);
    }
    System.out.printf(Locale.ROOT, "index build: %.1f MB, askdocs %.2f MB/s, floor %.2f MB/s, ratio %.2f (goal >= 0.5)%n",
        bytes / 1e6, bestAskdocs, bestFloor, bestAskdocs / bestFloor);
    System.out.printf(Locale.ROOT, "peak heap: %.0f MB (max %.0f MB)%n", peakHeap() / 1e6, Runtime.getRuntime().maxMemory() / 1e6);

    // Embedding: every passage of the kept index that has no vector yet (all of them after a rebuild
    // without a model, unless an earlier build left vectors for the same texts).
    try (Embedder model = Embedders.find().orElseThrow(() -> new IllegalStateException("no embedding model on the class path")).load()) {
      Indexer indexer = new Indexer(keep);
      int toEmbed = indexer.unembedded(model.id());
      long t = System.nanoTime();
      int embedded = indexer.embed(model, Progress.NONE);
      double seconds = (System.nanoTime() - t) / 1e9;
      System.out.printf(Locale.ROOT, "embedding: %d passages (of %d without vectors) in %.1f s, %.1f passages/s (%s)%n",
          embedded, toEmbed, seconds, embedded / Math.max(seconds, 1e-9), model.id());
    }

    // One changed file, re-indexed in place: searchable by words at once, by meaning once embedded.
    Path changed = Corpus.list(corpus).get(Corpus.list(corpus).size() / 2).path();
    String original = Files.readString(changed);
    try (AskDocs docs = AskDocs.open(corpus, c -> c.index(keep).background(true))) {
      while (!docs.status().semantic().ready()) {
        Thread.sleep(50);
      }
      Files.writeString(changed, original + "\n\n## Benchmark marker\n\nZymurgical quokkas validate incremental indexing.\n");
      long t = System.nanoTime();
      IndexReport r = docs.refresh();
      AskResult a = docs.ask("zymurgical quokkas");
      double searchable = (System.nanoTime() - t) / 1e9;
      while (!docs.status().semantic().ready()) {
        Thread.sleep(20);
      }
      double meaning = (System.nanoTime() - t) / 1e9;
      System.out.printf(Locale.ROOT, "one changed file: re-indexed %s and searchable by words in %.2f s, by meaning in %.2f s (incremental: %s, first result: %s)%n",
          corpus.relativize(changed), searchable, meaning, r.incremental(), a.results().isEmpty() ? "none" : a.results().getFirst().id());
    } finally {
      Files.writeString(changed, original);
    }
    try (AskDocs docs = AskDocs.open(corpus, keep)) {
      // leave the kept index matching the corpus, vectors included
    }
  }

  static int floor(Path corpus, Path target) throws Exception {
    int n = 0;
    try (IndexWriter w = new IndexWriter(FSDirectory.open(target), new IndexWriterConfig(Analyzers.english()).setRAMBufferSizeMB(64))) {
      for (Corpus.FileEntry f : Corpus.list(corpus)) {
        if (Corpus.read(f) instanceof Corpus.Read r) {
          for (Section s : r.doc().sections()) {
            for (Chunk c : Chunker.chunks(s)) {
              Document d = new Document();
              d.add(new TextField("body", c.text(), Field.Store.NO));
              w.addDocument(d);
              n++;
            }
          }
        }
      }
      w.commit();
    }
    return n;
  }

  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
