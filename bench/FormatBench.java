// Build cost of each document format, in one run: the same runbook (core/src/test/resources/formats/
// runbook.html, 8 sections) as Markdown, HTML, Word .docx, PowerPoint .pptx (a slide per heading)
// and the PDF Chromium printed from it, each
// copied into a corpus of N files; for each format, reading and splitting every file (MB of files a
// second, documents a second) and a full index build by words, and the first file's time in a fresh
// JVM (loading the format's parser). Ratios are documents a second against Markdown, in the same run.
// Usage: java -cp app/target/askdocs.jar bench/FormatBench.java [FILES=300] [ROUNDS=3]
import java.io.ByteArrayOutputStream;
import java.nio.file.*;
import java.util.*;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.askdocs.index.*;
import org.askdocs.ingest.*;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

public class FormatBench {
  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path fixtures = Path.of("core/src/test/resources/formats");
    String html = Files.readString(fixtures.resolve("runbook.html"));
    Map<String, byte[]> docs = new LinkedHashMap<>();
    docs.put("md", markdown(html).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    docs.put("html", html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    docs.put("docx", docx(html));
    docs.put("pptx", pptx(html));
    docs.put("pdf", Files.readAllBytes(fixtures.resolve("runbook.pdf")));
    Path tmp = Files.createTempDirectory("askdocs-formatbench");
    // First file of each format: the parser's classes load and warm up here.
    for (var e : docs.entrySet()) {
      Path one = tmp.resolve("first-" + e.getKey()).resolve("runbook." + e.getKey());
      Files.createDirectories(one.getParent());
      Files.write(one, e.getValue());
      Corpus.FileEntry entry = Corpus.list(one.getParent()).getFirst();
      long t = System.nanoTime();
      Corpus.Outcome o = Corpus.read(entry);
      System.out.printf(Locale.ROOT, "%-5s first file: %6.1f ms (%s, %d sections)%n", e.getKey(), (System.nanoTime() - t) / 1e6,
          o instanceof Corpus.Read r ? "read" : o.toString(), o instanceof Corpus.Read r ? r.doc().sections().size() : 0);
    }
    double mdRead = 0, mdBuild = 0;
    System.out.printf("%-5s %8s %10s %12s %11s %13s %8s %9s%n", "fmt", "KB/file", "read MB/s", "read docs/s", "build MB/s", "build docs/s", "read/md", "build/md");
    for (var e : docs.entrySet()) {
      Path corpus = tmp.resolve(e.getKey());
      Files.createDirectories(corpus);
      for (int i = 0; i < files; i++) {
        Files.write(corpus.resolve(String.format("runbook-%04d.%s", i, e.getKey())), e.getValue());
      }
      List<Corpus.FileEntry> list = Corpus.list(corpus);
      long bytes = (long) e.getValue().length * files;
      double bestRead = 0, bestBuild = 0;
      for (int r = 0; r < rounds; r++) {
        long t = System.nanoTime();
        for (Corpus.FileEntry f : list) {
          if (!(Corpus.read(f) instanceof Corpus.Read)) {
            throw new IllegalStateException("not read: " + f.source());
          }
        }
        bestRead = Math.max(bestRead, bytes / 1e6 / ((System.nanoTime() - t) / 1e9));
        long t2 = System.nanoTime();
        new Indexer(tmp.resolve("index-" + e.getKey() + "-" + r)).update(corpus, null, Progress.NONE, true);
        bestBuild = Math.max(bestBuild, bytes / 1e6 / ((System.nanoTime() - t2) / 1e9));
      }
      if (e.getKey().equals("md")) {
        mdRead = bestRead;
        mdBuild = bestBuild;
      }
      double docsPerSecond = bestRead * 1e6 / e.getValue().length;
      // Ratios per document: each format holds the same text.
      System.out.printf(Locale.ROOT, "%-5s %8.1f %10.2f %12.0f %11.2f %13.0f %8.3f %9.3f%n", e.getKey(), e.getValue().length / 1024.0, bestRead,
          docsPerSecond, bestBuild, bestBuild * 1e6 / e.getValue().length, docsPerSecond / mdDocs(mdRead, docs), (bestBuild * 1e6 / e.getValue().length) / mdDocs(mdBuild, docs));
    }
  }

  private static double mdDocs(double mdMegabytesPerSecond, Map<String, byte[]> docs) {
    return mdMegabytesPerSecond * 1e6 / docs.get("md").length;
  }

  /** The runbook's headings and paragraphs as Markdown. */
  static String markdown(String html) {
    StringBuilder md = new StringBuilder();
    for (Element e : Jsoup.parse(html).body().select("h1, h2, h3, p")) {
      md.append(e.tagName().startsWith("h") ? "#".repeat(e.tagName().charAt(1) - '0') + " " : "").append(e.text()).append("\n\n");
    }
    return md.toString();
  }

  /** The runbook as a deck: a slide per heading, its paragraphs in the body. */
  static byte[] pptx(String html) throws Exception {
    try (var deck = new org.apache.poi.xslf.usermodel.XMLSlideShow()) {
      var layout = deck.getSlideMasters().getFirst().getLayout(org.apache.poi.xslf.usermodel.SlideLayout.TITLE_AND_CONTENT);
      org.apache.poi.xslf.usermodel.XSLFTextShape body = null;
      for (Element e : Jsoup.parse(html).body().select("h1, h2, h3, p")) {
        if (e.tagName().startsWith("h")) {
          var slide = deck.createSlide(layout);
          slide.getPlaceholder(0).setText(e.text());
          body = slide.getPlaceholder(1);
          body.clearText();
        } else if (body != null) {
          body.addNewTextParagraph().addNewTextRun().setText(e.text());
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      deck.write(out);
      return out.toByteArray();
    }
  }

  /** The runbook as a Word file: heading styles and paragraphs. */
  static byte[] docx(String html) throws Exception {
    try (XWPFDocument doc = new XWPFDocument()) {
      for (Element e : Jsoup.parse(html).body().select("h1, h2, h3, p")) {
        var p = doc.createParagraph();
        if (e.tagName().equals("h1")) {
          p.setStyle("Title");
        } else if (e.tagName().startsWith("h")) {
          p.setStyle("Heading" + (e.tagName().charAt(1) - '1'));
        }
        p.createRun().setText(e.text());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.write(out);
      return out.toByteArray();
    }
  }
}
