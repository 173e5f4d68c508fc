package org.askdocs.answer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.askdocs.index.Sentences;
import org.askdocs.search.Hit;
import org.askdocs.search.Hits;
import org.askdocs.search.QueryPlan;
import org.askdocs.search.QuestionParser;

/**
 * Picks the answer sentence from the top passages, or declines when the docs do not answer the
 * question. Thread-safe.
 *
 * <p>The answer: among the sentences of the top {@value #PASSAGES_READ} passages, the one that best
 * states what was asked, by meaning (its vector's cosine with the question's, when the index has
 * vectors), by words (the share of the question's information it covers: the inverse document
 * frequency of its concepts), by the kind of answer the question wants ({@link AnswerKind}: a "who"
 * wants an actor, a "how much does it cost" an amount), by where it stands (higher passages,
 * earlier sentences). Never a heading repeated as text, a list's introduction ("… as follows:") or
 * a fragment of a few words; a sentence that needs the one before it ("This team is…") comes with
 * it.
 *
 * <p>Declining: similarity alone cannot tell, since questions the docs do not answer are on the
 * docs' topics and match them as closely as answerable ones. The docs do not answer when no
 * sentence near the question holds the kind of answer it wants (no amount for "how much", no date
 * for "when"), or when the best passage covers too little of the question's information and does
 * not stand out in meaning either, or when the question turns on a word the corpus never uses (any
 * word, in a corpus rich enough for its silence to mean something; a name, in any corpus).
 */
public final class AnswerFinder {
  /** How many top passages are read for the answer sentence. */
  static final int PASSAGES_READ = 3;

  /** The closest sentences to the question, where the kind of answer it wants must be found. */
  static final int CLOSEST_READ_FOR_KIND = 3;

  /** Words a sentence needs to stand as an answer on its own. */
  static final int MIN_ANSWER_WORDS = 4;

  /** Sentences that lean on the one before them. */
  private static final Pattern DANGLING =
      Pattern.compile(
          "^(?:This|These|That|Those|It|Its|They|Their|Such|Here|There|He|She|Both|Either)\\b");

  private final QuestionParser analyzer;
  private final Weights weights;

  public AnswerFinder(QuestionParser analyzer) {
    this(analyzer, Weights.DEFAULTS);
  }

  public AnswerFinder(QuestionParser analyzer, Weights weights) {
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
    this.weights = Objects.requireNonNull(weights, "weights");
  }

  /**
   * How sentences are scored and when the engine declines. {@link #DEFAULTS} were chosen on the
   * tuning part of the evaluation sets ({@code eval/TuneAnswers.java}); the held-out part confirmed
   * them.
   *
   * @param meaning weight of the sentence's cosine with the question, scaled 0..1 among the
   *     sentences read
   * @param words weight of the share of the question's information the sentence covers
   * @param heading weight of that share in the passage's heading path
   * @param kind weight of holding the kind of answer the question wants
   * @param rank penalty of a passage as far behind the first as the last result is (in proportion
   *     for others)
   * @param position penalty per sentence before it in its passage
   * @param minCoverage the best passage must cover this share of the information of a question that
   *     wants a kind of answer (an amount, a date, an actor)…
   * @param minCoverageOpen …and this share of other questions' (which no kind of answer can vet,
   *     and which people ask in their own words: "how do we stop people from creating huge VMs")…
   * @param minCoverageWithUnknown …and this much when the question uses a word the corpus never
   *     does (trusted for corpora of {@link #RICH_VOCABULARY} terms or more: a small corpus lacks
   *     ordinary words too)
   * @param standOut …unless its best sentence's cosine leads the best sentence of the passages
   *     below by this much (meaning alone stands for words the question puts differently);
   *     negative: never
   * @param kindRequired decline when no sentence near the question holds the kind of answer it
   *     wants
   */
  public record Weights(
      double meaning,
      double words,
      double heading,
      double kind,
      double rank,
      double position,
      double minCoverage,
      double minCoverageOpen,
      double minCoverageWithUnknown,
      double standOut,
      boolean kindRequired) {
    public static final int RICH_VOCABULARY = 2000;
    public static final Weights DEFAULTS =
        new Weights(1.0, 1.0, 0.5, 0.25, 0.3, 0.01, 0.40, 0.20, 0.4, 0.03, true);
  }

  /**
   * The answer sentence and the passage it came from.
   *
   * @param sentence the answer as shown: the sentence, after the one before it when it leans on it
   * @param coverage the share of the question's information the sentence covers
   */
  public record Found(Hit hit, String sentence, double coverage) {}

  /**
   * One sentence that could answer, with what speaks for it.
   *
   * @param heading the share of the question its passage's heading path covers
   */
  private record Option(
      Hit hit,
      int rank,
      int index,
      String text,
      double words,
      double heading,
      double meaning,
      boolean kind) {}

  /** The answer to {@code question} in {@code hits}, or empty when the docs do not answer it. */
  public Optional<Found> find(Hits hits, String question) {
    List<Hits.Concept> concepts = hits.concepts();
    double total = known(concepts);
    if (hits.hits().isEmpty() || concepts.isEmpty()) {
      return Optional.empty();
    }
    AnswerKind kind = AnswerKind.of(question);
    List<Option> options = options(hits, kind, concepts, total);
    // The sentences that could answer, best first by how closely they state what was asked.
    double[] meaning = scaledMeaning(options);
    double[] behind = behind(hits);
    double[] closeness = new double[options.size()];
    List<Integer> order = new ArrayList<>();
    Map<Hit, Set<String>> bareHeadings = new java.util.IdentityHashMap<>();
    for (int i = 0; i < options.size(); i++) {
      Option o = options.get(i);
      closeness[i] =
          weights.meaning() * meaning[i]
              + weights.words() * o.words()
              + weights.heading() * o.heading()
              - weights.rank() * behind[o.rank()]
              - weights.position() * o.index();
      if (standsAlone(o, bareHeadings)
          && (o.words() > 0 || o.meaning() > Float.NEGATIVE_INFINITY)) {
        order.add(i);
      }
    }
    order.sort((a, b) -> Double.compare(closeness[b], closeness[a]));
    if (declines(hits, question, kind, options, order)) {
      return Optional.empty();
    }
    Option best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i : order) {
      double score =
          closeness[i] + (options.get(i).kind() && kind != AnswerKind.OPEN ? weights.kind() : 0);
      if (score > bestScore) {
        bestScore = score;
        best = options.get(i);
      }
    }
    if (best == null) {
      // Nothing in the passages stands as an answer: the top passage's first sentence, as before.
      List<String> first = Sentences.of(hits.hits().getFirst().text());
      return first.isEmpty()
          ? Optional.empty()
          : Optional.of(new Found(hits.hits().getFirst(), first.getFirst(), 0));
    }
    return Optional.of(new Found(best.hit(), withContext(best), best.words()));
  }

  /**
   * Every sentence of the passages read, with its coverage, cosine and whether it holds the kind of
   * answer wanted.
   */
  private List<Option> options(
      Hits hits, AnswerKind kind, List<Hits.Concept> concepts, double total) {
    List<Option> out = new ArrayList<>();
    for (int rank = 0; rank < Math.min(PASSAGES_READ, hits.hits().size()); rank++) {
      Hit h = hits.hits().get(rank);
      double heading =
          coverage(
              terms(String.join(" ", h.headingPath().subList(1, h.headingPath().size()))),
              concepts,
              total);
      List<String> sentences = Sentences.of(h.text());
      float[] cosines =
          h.sentenceScores() != null && h.sentenceScores().length == sentences.size()
              ? h.sentenceScores()
              : null;
      for (int i = 0; i < sentences.size(); i++) {
        String s = sentences.get(i);
        out.add(
            new Option(
                h,
                rank,
                i,
                s,
                coverage(terms(s), concepts, total),
                heading,
                cosines == null ? Float.NEGATIVE_INFINITY : cosines[i],
                kind.foundIn(s)));
      }
    }
    return out;
  }

  /**
   * How far each passage read stands behind the first, by the ranking's own scores scaled between
   * the first (0) and the last result (1): a passage the ranking put far below the first needs a
   * much better sentence to give the answer; one it barely told apart needs little more.
   */
  private static double[] behind(Hits hits) {
    List<Hit> h = hits.hits();
    double top = h.getFirst().score();
    double last = h.getLast().score();
    double[] out = new double[Math.min(PASSAGES_READ, h.size())];
    for (int i = 1; i < out.length; i++) {
      out[i] = top > last ? (top - h.get(i).score()) / (top - last) : 0;
    }
    return out;
  }

  /** Cosines scaled to 0..1 among the sentences read (0 for all without vectors). */
  private static double[] scaledMeaning(List<Option> options) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Option o : options) {
      if (o.meaning() > Float.NEGATIVE_INFINITY) {
        min = Math.min(min, o.meaning());
        max = Math.max(max, o.meaning());
      }
    }
    double[] out = new double[options.size()];
    for (int i = 0; i < out.length; i++) {
      double m = options.get(i).meaning();
      out[i] = m == Float.NEGATIVE_INFINITY || max <= min ? 0 : (m - min) / (max - min);
    }
    return out;
  }

  /**
   * Whether a sentence can be an answer: not a heading repeated, not a list's introduction, not a
   * fragment.
   */
  private static boolean standsAlone(Option o, Map<Hit, Set<String>> bareHeadings) {
    String s = o.text().strip();
    if (s.endsWith(":") || WHITESPACE.split(s).length < MIN_ANSWER_WORDS) {
      return false;
    }
    // Each passage's headings are made bare once, not once per sentence.
    Set<String> headings =
        bareHeadings.computeIfAbsent(
            o.hit(),
            h -> {
              Set<String> out = new HashSet<>();
              h.headingPath().forEach(heading -> out.add(bare(heading)));
              return out;
            });
    return !headings.contains(bare(s));
  }

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private static String bare(String s) {
    return NOT_WORD.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }

  /**
   * The answer as shown: a sentence that leans on the one before it ("This team is…") comes after
   * it.
   */
  private static String withContext(Option o) {
    if (o.index() == 0 || !DANGLING.matcher(o.text()).find()) {
      return o.text();
    }
    List<String> sentences = Sentences.of(o.hit().text());
    return sentences.get(o.index() - 1) + " " + o.text();
  }

  /**
   * Whether the docs hold no answer: when the question wants a kind of answer (an amount, a date,
   * an actor) that none of the sentences closest to it holds; when the best passage covers too
   * little of the information of the question's words the corpus knows and its best sentence does
   * not lead the others in meaning either; or when the question turns on a word the corpus never
   * uses and the passage covers little of it all.
   */
  private boolean declines(
      Hits hits, String question, AnswerKind kind, List<Option> options, List<Integer> closest) {
    if (weights.kindRequired()
        && kind != AnswerKind.OPEN
        && closest.stream().limit(CLOSEST_READ_FOR_KIND).noneMatch(i -> options.get(i).kind())) {
      return true;
    }
    Set<String> top = passageTerms(hits.hits().getFirst());
    double topCoverage = coverage(top, hits.concepts(), known(hits.concepts()));
    boolean semantic = options.stream().anyMatch(o -> o.meaning() > Float.NEGATIVE_INFINITY);
    boolean standsOut =
        semantic && weights.standOut() >= 0 && meaningLead(options) >= weights.standOut();
    double minCoverage =
        kind == AnswerKind.OPEN ? weights.minCoverageOpen() : weights.minCoverage();
    if (topCoverage < minCoverage && !standsOut) {
      return true;
    }
    // A word the corpus never uses: in a rich corpus any word, in any corpus a name (Sentinel,
    // SIEM, ISO),
    // says the question is about something else, unless the passage covers much of it all the same.
    boolean unknown =
        hits.vocabulary() >= Weights.RICH_VOCABULARY
                && hits.concepts().stream().anyMatch(Hits.Concept::unknown)
            || hits.concepts().stream().anyMatch(c -> c.unknown() && names(c.label(), question));
    double all =
        coverage(
            top, hits.concepts(), hits.concepts().stream().mapToDouble(Hits.Concept::weight).sum());
    return unknown && all < weights.minCoverageWithUnknown() && !standsOut;
  }

  /**
   * Whether words of a question name something: an acronym or a product name (two capitals, or
   * digits: SIEM, vSAN, AV36), or a capitalised word that does not open the question (Sentinel).
   */
  private static boolean names(String label, String question) {
    for (String word : label.split("\\s+")) {
      if (QueryPlan.named(word)
          || !word.isEmpty()
              && Character.isUpperCase(word.codePointAt(0))
              && !question.strip().startsWith(word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * How far the top passage's best sentence leads those of the passages below it, in cosine; 0
   * without vectors.
   */
  private static double meaningLead(List<Option> options) {
    double top = Double.NEGATIVE_INFINITY;
    double rest = Double.NEGATIVE_INFINITY;
    for (Option o : options) {
      if (o.rank() == 0) {
        top = Math.max(top, o.meaning());
      } else {
        rest = Math.max(rest, o.meaning());
      }
    }
    return top == Double.NEGATIVE_INFINITY
        ? 0
        : rest == Double.NEGATIVE_INFINITY ? top : top - rest;
  }

  /** The analysed terms of a passage's heading path (the document title included) and text. */
  private Set<String> passageTerms(Hit passage) {
    return terms(String.join(" ", passage.headingPath()) + "\n" + passage.text());
  }

  /**
   * The information of the question's concepts the corpus knows. Words it never uses say the
   * question may be about something else (see the decline rules), but they cannot be covered:
   * counting them here would make every question in a user's own words ("who's on the hook for…")
   * look unanswered.
   */
  private static double known(List<Hits.Concept> concepts) {
    return concepts.stream().filter(c -> !c.unknown()).mapToDouble(Hits.Concept::weight).sum();
  }

  private Set<String> terms(String text) {
    return new HashSet<>(analyzer.analyze(text));
  }

  private static double coverage(Set<String> present, List<Hits.Concept> concepts, double total) {
    if (total <= 0) {
      return 0;
    }
    double sum = 0;
    for (Hits.Concept c : concepts) {
      if (c.coveredBy(present)) {
        sum += c.weight();
      }
    }
    return sum / total;
  }
}
