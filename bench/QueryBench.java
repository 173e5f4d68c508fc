// Query latency and throughput of askdocs in process, next to a bare BM25 disjunction of the same
// question's terms on the same index, measured side by side (interleaved) in one run.
// Usage: java -cp app/target/askdocs.jar bench/QueryBench.java CORPUS_DIR INDEX_DIR [THREADS SECONDS]
//   with THREADS and SECONDS: also the in-process throughput of ask at that concurrency.
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
import org.askdocs.index.IndexStore;

public class QueryBench {
  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]);
    Path index = Path.of(args[1]);
    List<String> questions = questions();
    try (AskDocs docs = AskDocs.open(corpus, index);
         DirectoryReader reader = DirectoryReader.open(FSDirectory.open(IndexStore.current(index.toAbsolutePath()).orElseThrow()))) {
      IndexSearcher bare = new IndexSearcher(reader);
      QueryBuilder qb = new QueryBuilder(new EnglishAnalyzer());
      AskOptions top5 = new AskOptions(5);
      for (int warm = 0; warm < 3; warm++) {
        for (String q : questions) {
          docs.ask(q, top5);
          bareSearch(bare, qb, q);
        }
      }
      List<Long> ask = new ArrayList<>();
      List<Long> floor = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        for (String q : questions) {
          long t0 = System.nanoTime();
          docs.ask(q, top5);
          long t1 = System.nanoTime();
          bareSearch(bare, qb, q);
          long t2 = System.nanoTime();
          ask.add(t1 - t0);
          floor.add(t2 - t1);
        }
      }
      System.out.printf(Locale.ROOT, "query latency over %d questions x 5 (%d passages): ask p50 %.2f ms p99 %.2f ms; bare BM25 p50 %.2f ms p99 %.2f ms; ratio p50 %.2f p99 %.2f (goal <= 2)%n",
          questions.size(), docs.status().passages(), ms(ask, 50), ms(ask, 99), ms(floor, 50), ms(floor, 99), ms(ask, 50) / ms(floor, 50), ms(ask, 99) / ms(floor, 99));
      if (args.length > 3) {
        int threads = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
          int offset = t;
          pool.submit(() -> {
            for (int i = offset; !stop.get(); i++) {
              docs.ask(questions.get(i % questions.size()), top5);
              done.incrementAndGet();
            }
          });
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT, "in-process throughput at %d concurrent askers: %.0f asks/s%n", threads, done.get() / (double) seconds);
      }
    }
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
