// Query latency and throughput of askdocs in process, next to a bare BM25 disjunction of the same
// question's terms on the same index and to the model's own time to embed the question, measured side
// by side (interleaved) in one run: ask by words alone, ask by words and meaning, embedding alone.
// Usage: java -cp app/target/askdocs.jar bench/QueryBench.java CORPUS_DIR INDEX_DIR [THREADS SECONDS]
//   with THREADS and SECONDS: instead, the in-process throughput of ask at that concurrency (bench/http.sh).
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.*;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;
import org.askdocs.AskDocs;
import org.askdocs.AskOptions;
import org.askdocs.embed.Embedder;
import org.askdocs.embed.Embedders;
import org.askdocs.index.Indexer;
import org.askdocs.search.Retrieval;

public class QueryBench {
  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]);
    Path index = Path.of(args[1]);
    List<String> questions = questions();
    try (AskDocs docs = AskDocs.open(corpus, index);
         Embedder model = Embedders.find().orElseThrow(() -> new IllegalStateException("no embedding model on the class path")).load();
         DirectoryReader reader = DirectoryReader.open(FSDirectory.open(Indexer.current(index.toAbsolutePath()).orElseThrow()))) {
      if (!docs.status().semantic().ready()) {
        throw new IllegalStateException("meaning is not ready: " + docs.status().semantic());
      }
      if (args.length > 3) {
        throughput(docs, questions, new AskOptions(5), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        return;
      }
      IndexSearcher bare = new IndexSearcher(reader);
      QueryBuilder qb = new QueryBuilder(new EnglishAnalyzer());
      AskOptions fused = new AskOptions(5);
      AskOptions words = new AskOptions(5, Retrieval.LEXICAL);
      for (int warm = 0; warm < 3; warm++) {
        for (String q : questions) {
          docs.ask(q, fused);
          docs.ask(q, words);
          model.embedQuestion(q);
          bareSearch(bare, qb, q);
        }
      }
      // Wall time, and the asking thread's CPU time: on a shared machine the first includes waiting for a
      // core, the second only the work (both are printed; the CPU ratios are the steadier ones).
      java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
      List<Long> ask = new ArrayList<>(), lexical = new ArrayList<>(), embed = new ArrayList<>(), floor = new ArrayList<>();
      List<Long> askCpu = new ArrayList<>(), lexicalCpu = new ArrayList<>(), embedCpu = new ArrayList<>(), floorCpu = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        for (String q : questions) {
          long c0 = cpu.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          docs.ask(q, fused);
          long t1 = System.nanoTime();
          long c1 = cpu.getCurrentThreadCpuTime();
          docs.ask(q, words);
          long t2 = System.nanoTime();
          long c2 = cpu.getCurrentThreadCpuTime();
          model.embedQuestion(q);
          long t3 = System.nanoTime();
          long c3 = cpu.getCurrentThreadCpuTime();
          bareSearch(bare, qb, q);
          long t4 = System.nanoTime();
          long c4 = cpu.getCurrentThreadCpuTime();
          ask.add(t1 - t0);
          lexical.add(t2 - t1);
          embed.add(t3 - t2);
          floor.add(t4 - t3);
          askCpu.add(c1 - c0);
          lexicalCpu.add(c2 - c1);
          embedCpu.add(c3 - c2);
          floorCpu.add(c4 - c3);
        }
      }
      System.out.printf(Locale.ROOT, "%d questions x 5 (%d passages)%n", questions.size(), docs.status().passages());
      report("wall", ask, lexical, embed, floor);
      report("cpu", askCpu, lexicalCpu, embedCpu, floorCpu);
    }
  }

  static void report(String clock, List<Long> ask, List<Long> lexical, List<Long> embed, List<Long> floor) {
    System.out.printf(Locale.ROOT, "%s, p50 / p99 ms: words and meaning %.2f / %.2f; words alone %.2f / %.2f; embedding the question alone %.2f / %.2f; bare BM25 %.2f / %.2f%n",
        clock, ms(ask, 50), ms(ask, 99), ms(lexical, 50), ms(lexical, 99), ms(embed, 50), ms(embed, 99), ms(floor, 50), ms(floor, 99));
    System.out.printf(Locale.ROOT, "%s ratios, p50 / p99: words alone / bare BM25 %.2f / %.2f (goal <= 3); "
            + "(words and meaning - embedding) / words alone %.2f / %.2f (goal <= 3)%n",
        clock, ms(lexical, 50) / ms(floor, 50), ms(lexical, 99) / ms(floor, 99),
        (ms(ask, 50) - ms(embed, 50)) / ms(lexical, 50), (ms(ask, 99) - ms(embed, 99)) / ms(lexical, 99));
  }

  /** Questions answered per second by {@code threads} askers in this process (what bench/http.sh compares HTTP with). */
  static void throughput(AskDocs docs, List<String> questions, AskOptions fused, int threads, int seconds) throws Exception {
    for (int warm = 0; warm < 3; warm++) {
      for (String q : questions) {
        docs.ask(q, fused); // warm-up, as the server gets before it is measured
      }
    }
    AtomicLong done = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int offset = t;
      pool.submit(() -> {
        for (int i = offset; !stop.get(); i++) {
          docs.ask(questions.get(i % questions.size()), fused);
          done.incrementAndGet();
        }
      });
    }
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long done0 = done.get();
    Thread.sleep(seconds * 1000L);
    long asks = done.get() - done0;
    double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
    stop.set(true);
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    System.out.printf(Locale.ROOT, "in-process throughput at %d concurrent askers: %.1f asks per CPU second; %.0f asks/s%n",
        threads, asks / cpuSeconds, asks / (double) seconds);
  }

  static void bareSearch(IndexSearcher s, QueryBuilder qb, String q) throws Exception {
    Query query = qb.createBooleanQuery(org.askdocs.index.Fields.ALL, q, BooleanClause.Occur.SHOULD);
    if (query != null) {
      s.search(query, 5);
    }
  }

  static double ms(List<Long> nanos, int percentile) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)) / 1e6;
  }

  /** Every question of the evaluation sets. */
  static List<String> questions() throws Exception {
    List<String> out = new ArrayList<>();
    var om = new com.fasterxml.jackson.databind.ObjectMapper();
    for (String set : List.of("seeds", "avs", "well-architected")) {
      for (String line : Files.readAllLines(Path.of("eval", set + ".jsonl"))) {
        out.add(om.readTree(line).get("question").asText());
      }
    }
    return out;
  }
}
