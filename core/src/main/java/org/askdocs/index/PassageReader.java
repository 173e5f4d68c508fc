package org.askdocs.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.askdocs.ingest.Acronyms;
import org.askdocs.ingest.Chunk;
import org.askdocs.ingest.Chunker;
import org.askdocs.ingest.Corpus;
import org.askdocs.ingest.Section;

/**
 * Turns corpus files into the passages every backend indexes, with the same ids, weights and priors
 * whichever stores them: each file is read (or skipped with a reason), split into sections, cut
 * into passages and handed on one at a time, so memory does not grow with the corpus.
 */
public final class PassageReader {
  /**
   * Field weights of the searched field, as repetitions (measured on the tuning part of the
   * evaluation sets): the heading counts four times, each step of the heading path below the title
   * (the heading included) three times, the title and the text once.
   */
  static final int HEADING_WEIGHT = 4;

  static final int PATH_WEIGHT = 3;
  static final int TITLE_WEIGHT = 1;
  static final float NAVIGATION_PRIOR = 0.5f;
  private static final Set<String> NAVIGATION =
      Set.of(
          "next steps",
          "next step",
          "related content",
          "related links",
          "related link",
          "see also",
          "more information",
          "additional resources",
          "learn more",
          "related resources",
          "community links",
          "related guidance",
          "related articles",
          "references",
          "further reading");

  private PassageReader() {}

  /**
   * One passage as indexed.
   *
   * @param section {@code source#anchor}, shared by every passage of a section
   * @param ordinal the passage's position within its document
   * @param prior how much the passage is worth as an answer on its own, as a score multiplier
   */
  public record PassageDoc(
      String id,
      String source,
      String section,
      String title,
      String heading,
      List<String> headingPath,
      String anchor,
      String text,
      int part,
      int parts,
      int ordinal,
      float prior) {
    /**
     * The values of the searched field: the title once, each step of the heading path below the
     * title three times, the heading four times and the text, so that plain BM25 over one field
     * scores like BM25F over separate ones.
     */
    public List<String> searched() {
      List<String> out = new ArrayList<>();
      repeat(out, title, TITLE_WEIGHT);
      for (String step : headingPath.subList(Math.min(1, headingPath.size()), headingPath.size())) {
        repeat(out, step, PATH_WEIGHT);
      }
      repeat(out, heading, HEADING_WEIGHT);
      out.add(text);
      return out;
    }

    /** What the passage's vector is made from: the heading path, then the text. */
    public String embeddedText() {
      return String.join(" › ", headingPath) + "\n" + text;
    }

    /**
     * The {@linkplain #embeddedText() embedded text}, hashed: passages with the same key get the
     * same vectors from one model, so a rebuild takes them from the index it replaces instead of
     * embedding again.
     */
    public String vectorKey() {
      return Corpus.sha256(embeddedText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The words spelling suggestions come from: heading and text. */
    public String words() {
      return heading + "\n" + text;
    }

    private static void repeat(List<String> out, String text, int times) {
      for (int i = 0; i < times; i++) {
        out.add(text);
      }
    }
  }

  /** Receives passages in corpus order. */
  @FunctionalInterface
  public interface Sink {
    void accept(PassageDoc passage) throws IOException;
  }

  /**
   * What reading the files gave.
   *
   * @param files every file's state as read, by source (including skipped ones, with 0 passages)
   */
  public record Read(
      Map<String, Indexer.FileState> files,
      List<IndexReport.Indexed> indexed,
      List<IndexReport.Skipped> skipped,
      Acronyms acronyms) {}

  /**
   * Reads the files in order, handing each passage to the sink and reporting progress after each
   * file.
   */
  public static Read read(List<Corpus.FileEntry> files, Progress progress, Sink sink)
      throws IOException {
    Map<String, Indexer.FileState> states = new LinkedHashMap<>();
    List<IndexReport.Indexed> indexed = new ArrayList<>();
    List<IndexReport.Skipped> skipped = new ArrayList<>();
    Acronyms acronyms = new Acronyms();
    long totalBytes = files.stream().mapToLong(f -> Math.max(0, f.size())).sum();
    long doneBytes = 0;
    for (int i = 0; i < files.size(); i++) {
      Corpus.FileEntry f = files.get(i);
      String sha = "";
      int passages = 0;
      switch (Corpus.read(f)) {
        case Corpus.Read r -> {
          sha = r.sha256();
          for (Section s : r.doc().sections()) {
            acronyms.scan(s.text());
            for (Chunk c : Chunker.chunks(s)) {
              sink.accept(passage(r.source(), r.doc().title(), c, passages++));
            }
          }
          indexed.add(
              new IndexReport.Indexed(r.source(), r.doc().sections().size(), passages, r.note()));
        }
        case Corpus.Skipped s -> skipped.add(new IndexReport.Skipped(s.source(), s.reason()));
      }
      states.put(f.source(), new Indexer.FileState(f.size(), f.modified(), sha, passages));
      doneBytes += Math.max(0, f.size());
      progress.indexed(i + 1, files.size(), doneBytes, totalBytes);
    }
    return new Read(states, indexed, skipped, acronyms);
  }

  private static PassageDoc passage(String source, String title, Chunk c, int ordinal) {
    Section s = c.section();
    return new PassageDoc(
        passageId(source, s.anchor(), c.part()),
        source,
        sectionId(source, s.anchor()),
        title,
        s.heading(),
        s.headingPath(),
        s.anchor(),
        c.text(),
        c.part(),
        c.parts(),
        ordinal,
        prior(s));
  }

  /**
   * The id of a passage: {@code source#anchor}, with {@code ~N} for the N-th part of a long
   * section.
   */
  public static String passageId(String source, String anchor, int part) {
    return sectionId(source, anchor) + (part > 1 ? "~" + part : "");
  }

  /** The id of a section, and the citation of its passages: {@code source#anchor}. */
  public static String sectionId(String source, String anchor) {
    return source + "#" + anchor;
  }

  /**
   * Navigation sections ("Next steps", "Related links", "See also") and what is listed under them
   * name other pages: they mention many topics and answer none, so they count for less.
   */
  static float prior(Section s) {
    List<String> path = s.headingPath();
    for (String heading : path.subList(Math.min(1, path.size() - 1), path.size())) {
      if (NAVIGATION.contains(heading.strip().toLowerCase(Locale.ROOT))) {
        return NAVIGATION_PRIOR; // the section is navigation, or a link listed under it
      }
    }
    return 1f;
  }
}
