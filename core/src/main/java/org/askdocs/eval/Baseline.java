package org.askdocs.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.QueryBuilder;
import org.askdocs.index.Sentences;
import org.askdocs.ingest.Corpus;
import org.askdocs.ingest.Section;

/**
 * The yardstick: what a competent developer builds in a day. One Lucene document per section,
 * {@link EnglishAnalyzer}, the question's words ORed over heading (boost 2) and body, BM25
 * defaults. It never declines; its answer is its first passage's first sentence. Built in memory
 * from the same sections as the engine. Thread-safe once built.
 */
public final class Baseline implements Evaluation.System, AutoCloseable {
  private final EnglishAnalyzer analyzer = new EnglishAnalyzer();
  private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
  private final DirectoryReader reader;
  private final IndexSearcher searcher;

  public Baseline(Path corpus) throws IOException {
    try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(analyzer))) {
      for (Corpus.FileEntry f : org.askdocs.ingest.Sources.list(corpus)) {
        if (Corpus.read(f) instanceof Corpus.Read r) {
          for (Section s : r.doc().sections()) {
            Document d = new Document();
            d.add(new StoredField("source", r.source()));
            d.add(new TextField("heading", s.heading(), Field.Store.YES));
            d.add(new TextField("body", s.text(), Field.Store.YES));
            w.addDocument(d);
          }
        }
      }
    }
    reader = DirectoryReader.open(dir);
    searcher = new IndexSearcher(reader);
  }

  @Override
  public Evaluation.Reply ask(String question, int k) {
    QueryBuilder qb = new QueryBuilder(analyzer);
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    Query heading = qb.createBooleanQuery("heading", question, Occur.SHOULD);
    Query body = qb.createBooleanQuery("body", question, Occur.SHOULD);
    if (heading != null) {
      b.add(new BoostQuery(heading, 2f), Occur.SHOULD);
    }
    if (body != null) {
      b.add(body, Occur.SHOULD);
    }
    List<Evaluation.Ranked> out = new ArrayList<>();
    try {
      var stored = searcher.storedFields();
      for (ScoreDoc sd : searcher.search(b.build(), k).scoreDocs) {
        Document d = stored.document(sd.doc);
        out.add(new Evaluation.Ranked(d.get("source"), d.get("heading"), d.get("body")));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // It never declines, and its answer is the first sentence of its first passage.
    Evaluation.Ranked answer =
        out.isEmpty()
            ? null
            : new Evaluation.Ranked(
                out.getFirst().source(),
                out.getFirst().heading(),
                Sentences.of(out.getFirst().text()).stream().findFirst().orElse(""));
    return new Evaluation.Reply(out, answer);
  }

  @Override
  public void close() throws IOException {
    reader.close();
    dir.close();
  }
}
