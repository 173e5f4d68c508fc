// The OpenSearch backend next to the embedded one, same corpus, same questions, same run: a full
// index build of each (words; vectors are the same model's work for both), then query latency (one
// at a time, interleaved) and throughput (THREADS threads for SECONDS each), words alone.
// Usage: java -cp app/target/askdocs.jar bench/ClusterBench.java CORPUS OPENSEARCH_URLS [THREADS SECONDS [SHARDS]]
// bench/cluster.sh starts a local 3-node cluster and runs this on the bundled evaluation corpora.
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import org.askdocs.AskDocs;
import org.askdocs.AskOptions;
import org.askdocs.index.IndexReport;
import org.askdocs.index.Progress;
import org.askdocs.opensearch.OpenSearchConfig;
import org.askdocs.opensearch.OpenSearchStore;
import org.askdocs.store.EmbeddedStore;
import org.askdocs.store.Store;

public class ClusterBench {
  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]).toAbsolutePath().normalize();
    String urls = args[1];
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int shards = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    Path indexDir = Files.createTempDirectory("askdocs-bench-");
    long bytes;
    try (var walk = Files.walk(corpus)) {
      bytes = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    List<String> questions = Files.readAllLines(Path.of("bench", "questions.txt")).stream().filter(l -> !l.isBlank()).toList();
    Store embedded = new EmbeddedStore(indexDir);
    try (OpenSearchStore cluster = new OpenSearchStore(OpenSearchConfig.of(urls, "askdocs-bench").withLayout(shards, 1))) {
      System.out.printf("corpus %s: %.1f MB; cluster %s (%d shards, 1 replica)%n", corpus, bytes / 1e6, urls, shards);
      // Builds alternate, one warm-up each, then the median of three.
      List<Double> e = new ArrayList<>();
      List<Double> o = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        double te = build(embedded, corpus);
        double to = build(cluster, corpus);
        if (round > 0) {
          e.add(te);
          o.add(to);
        }
      }
      Collections.sort(e);
      Collections.sort(o);
      double me = e.get(1);
      double mo = o.get(1);
      System.out.printf("index build (median of 3): embedded %.2f s (%.2f MB/s), opensearch %.2f s (%.2f MB/s); ratio %.2f%n",
          me, bytes / 1e6 / me, mo, bytes / 1e6 / mo, mo / me);
      try (AskDocs a = AskDocs.open(corpus, c -> c.store(embedded).semantic(AskDocs.Semantic.OFF));
           AskDocs b = AskDocs.open(corpus, c -> c.store(cluster).semantic(AskDocs.Semantic.OFF))) {
        AskOptions top5 = new AskOptions(5);
        for (int warm = 0; warm < 3; warm++) {
          for (String q : questions) {
            a.ask(q, top5);
            b.ask(q, top5);
          }
        }
        List<Long> la = new ArrayList<>();
        List<Long> lb = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
          for (String q : questions) {
            long t0 = System.nanoTime();
            a.ask(q, top5);
            long t1 = System.nanoTime();
            b.ask(q, top5);
            long t2 = System.nanoTime();
            la.add(t1 - t0);
            lb.add(t2 - t1);
          }
        }
        System.out.printf("latency p50/p99: embedded %.1f/%.1f ms, opensearch %.1f/%.1f ms; p50 ratio %.1f%n",
            pct(la, 50), pct(la, 99), pct(lb, 50), pct(lb, 99), pct(lb, 50) / pct(la, 50));
        double ta = throughput(a, questions, threads, seconds);
        double tb = throughput(b, questions, threads, seconds);
        System.out.printf("throughput at %d threads: embedded %.0f q/s, opensearch %.0f q/s; ratio %.2f%n", threads, ta, tb, tb / ta);
      }
      cluster.drop();
    } finally {
      try (var walk = Files.walk(indexDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static double build(Store store, Path corpus) throws Exception {
    long t0 = System.nanoTime();
    IndexReport r = store.update(corpus, null, Progress.NONE, true);
    if (r.passages() == 0) {
      throw new IllegalStateException("nothing indexed");
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  static double throughput(AskDocs docs, List<String> questions, int threads, int seconds) throws Exception {
    AtomicLong done = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int offset = t;
      pool.submit(() -> {
        for (int i = offset; !stop.get(); i++) {
          docs.ask(questions.get(i % questions.size()), new AskOptions(5));
          done.incrementAndGet();
        }
        return null;
      });
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    pool.shutdown();
    pool.awaitTermination(60, TimeUnit.SECONDS);
    return done.get() / (double) seconds;
  }

  static double pct(List<Long> xs, int p) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)) / 1e6;
  }
}
