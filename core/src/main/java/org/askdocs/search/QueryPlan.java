package org.askdocs.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.askdocs.index.Analyzers;

/**
 * What to search for, decided the same way whatever stores the passages: each thing the question
 * asks about becomes a group of wordings (its own words, synonyms and acronym expansions, or a
 * spelling correction of a word the corpus lacks). Backends turn a plan into their own queries
 * (Lucene queries, OpenSearch query JSON), so both rank by one method. Immutable.
 *
 * @param groups what the question asks about, in question order
 * @param didYouMean the question with misspelled words corrected, or null when nothing was
 *     corrected
 */
public record QueryPlan(List<Group> groups, String didYouMean) {
  /** Shorter words are too easily "corrected" into other real words ("cost" into "host"). */
  public static final int MIN_CORRECTED_LENGTH = 5;

  /** Several parts of one section, or many passages of one document, crowd out other answers. */
  static final int CANDIDATES_PER_RESULT = 4;

  /** How close a spelling suggestion must be (the spell checker's accuracy, 0 to 1). */
  public static final float SPELLING_ACCURACY = 0.7f;

  /** Filler words count this much when nothing else matched. */
  public static final float FILLER_FALLBACK_BOOST = 0.3f;

  /** Approximate matches of unknown words count this much when nothing else matched. */
  public static final float FUZZY_BOOST = 0.5f;

  /** Candidates taken from each list, words and meaning, when both are fused. */
  public static final int FUSED_CANDIDATES = 50;

  /** Snippets aim at this many characters. */
  public static final int SNIPPET_CHARS = 220;

  public QueryPlan {
    groups = List.copyOf(groups);
  }

  /** What a backend knows about the words of its corpus. */
  public interface Stats {
    /** Passages holding the index term in the searched field. */
    int docFreq(String term);

    /** The corpus's own closest word to a misspelled one, or null. */
    String suggest(String word);

    /** Passages searched. */
    int passages();
  }

  /**
   * One thing the question asks about.
   *
   * @param own the question's own terms for this stretch
   * @param alternatives other wordings (each a list of index terms)
   * @param fix the word the spelling correction put in, or null
   * @param fixTerms the index terms of {@code fix}
   */
  public record Group(
      List<Question.QTerm> own,
      List<List<String>> alternatives,
      String fix,
      List<String> fixTerms) {
    public Group {
      own = List.copyOf(own);
      alternatives = alternatives.stream().map(List::copyOf).toList();
      fixTerms = List.copyOf(fixTerms);
    }

    /**
     * The terms a passage is searched for in this group: the correction's when there is one, else
     * the question's own.
     */
    public List<String> searchedTerms() {
      return fix != null ? fixTerms : own.stream().map(Question.QTerm::term).toList();
    }
  }

  /**
   * The stretches of the question's analysed part that have other wordings: what {@link #of}
   * groups.
   */
  public static List<Synonyms.Alternative> alternatives(Question question, Synonyms synonyms) {
    return synonyms.expand(analysedPart(question));
  }

  /** Plans the search of a question, given its {@linkplain #alternatives alternatives}. */
  public static QueryPlan of(
      Question question,
      List<Synonyms.Alternative> alternatives,
      Stats stats,
      QuestionParser words) {
    List<Question.QTerm> meaningful = question.meaningful();
    String didYouMean = question.text();
    boolean corrected = false;
    // Unknown words are corrected from the end of the question, so earlier offsets stay valid.
    List<Group> reversed = new ArrayList<>();
    for (int i = meaningful.size() - 1; i >= 0; i--) {
      Question.QTerm t = meaningful.get(i);
      if (stats.docFreq(t.term()) > 0) {
        reversed.add(new Group(List.of(t), List.of(), null, List.of()));
        continue;
      }
      String fix = correctable(t.word()) ? stats.suggest(t.word().toLowerCase(Locale.ROOT)) : null;
      if (fix != null) {
        didYouMean = didYouMean.substring(0, t.start()) + fix + didYouMean.substring(t.end());
        corrected = true;
      }
      reversed.add(
          new Group(List.of(t), List.of(), fix, fix == null ? List.of() : words.analyze(fix)));
    }
    List<Group> groups = new ArrayList<>(reversed.reversed());
    return new QueryPlan(withSynonyms(groups, alternatives), corrected ? didYouMean : null);
  }

  /**
   * Whether a word may be spelling-corrected: long enough, letters only, and not a common English
   * word the corpus merely lacks.
   */
  public static boolean correctable(String word) {
    return word.length() >= MIN_CORRECTED_LENGTH
        && word.chars().allMatch(Character::isLetter)
        && !EnglishWords.contains(word.toLowerCase(Locale.ROOT));
  }

  /**
   * Every term {@link #of} may ask {@link Stats#docFreq} about, except the terms of corrections:
   * for backends that fetch statistics in one request before planning.
   */
  public static Set<String> termsToLookUp(
      Question question, List<Synonyms.Alternative> alternatives) {
    Set<String> out = new LinkedHashSet<>();
    question.terms().forEach(t -> out.add(t.term()));
    for (Synonyms.Alternative alt : alternatives) {
      for (List<String> wording : alt.alternatives()) {
        out.addAll(Analyzers.withoutStopWords(wording));
      }
    }
    return out;
  }

  /** Only the part of the question that was analysed (its first terms) is expanded. */
  private static String analysedPart(Question question) {
    int end = question.terms().isEmpty() ? 0 : question.terms().getLast().end();
    return question.text().substring(0, end);
  }

  /** Folds the question's stretches that have other wordings into one group each. */
  private static List<Group> withSynonyms(
      List<Group> groups, List<Synonyms.Alternative> stretches) {
    List<Group> out = new ArrayList<>(groups);
    for (Synonyms.Alternative alt : stretches) {
      List<Group> inside =
          out.stream()
              .filter(
                  g ->
                      g.fix() == null
                          && g.own().stream()
                              .allMatch(t -> t.start() >= alt.start() && t.end() <= alt.end()))
              .toList();
      if (inside.isEmpty()) {
        continue;
      }
      List<Question.QTerm> own = new ArrayList<>();
      inside.forEach(g -> own.addAll(g.own()));
      List<List<String>> alternatives = new ArrayList<>();
      for (List<String> wording : alt.alternatives()) {
        List<String> terms = Analyzers.withoutStopWords(wording);
        if (!terms.isEmpty() && !terms.equals(own.stream().map(Question.QTerm::term).toList())) {
          alternatives.add(terms);
        }
      }
      int at = out.indexOf(inside.getFirst());
      out.removeAll(inside);
      out.add(at, new Group(own, alternatives, null, List.of()));
    }
    return out;
  }

  /**
   * Named things (AVS, vCenter, AV64, TLS) are written with capitals or digits past the first
   * letter.
   */
  public static boolean named(String word) {
    return word.length() >= 2
        && word.substring(1)
            .chars()
            .anyMatch(c -> Character.isUpperCase(c) || Character.isDigit(c));
  }

  /**
   * The question's words in position order (corrections in place of misspellings), for the
   * proximity rescoring of pairs of neighbours; fewer than two means no proximity.
   */
  public List<Map.Entry<Integer, String>> positioned() {
    Map<Integer, String> positions = new TreeMap<>();
    for (Group g : groups) {
      if (g.fix() == null) {
        g.own().forEach(t -> positions.putIfAbsent(t.position(), t.term()));
      } else if (g.fixTerms().size() == 1) {
        positions.putIfAbsent(g.own().getFirst().position(), g.fixTerms().getFirst());
      }
    }
    return List.copyOf(positions.entrySet());
  }

  /** Every term {@link #concepts} asks {@link Stats#docFreq} about. */
  public Set<String> conceptTerms() {
    Set<String> out = new LinkedHashSet<>();
    for (Group g : groups) {
      out.addAll(g.searchedTerms());
      g.own().forEach(t -> out.add(t.term()));
      g.alternatives().forEach(out::addAll);
    }
    return out;
  }

  /** Weight and wordings of each thing the question asks about, for the answer stage. */
  public List<Hits.Concept> concepts(Stats stats) {
    int n = Math.max(1, stats.passages());
    float unknownWeight = (float) Math.log(1 + (n + 0.5) / 0.5);
    List<Hits.Concept> out = new ArrayList<>();
    for (Group g : groups) {
      String label = String.join(" ", g.own().stream().map(Question.QTerm::word).toList());
      if (g.fix() != null) {
        out.add(
            new Hits.Concept(
                g.fix(), idf(stats, g.fixTerms(), n), List.of(Set.copyOf(g.fixTerms()))));
        continue;
      }
      List<Set<String>> forms = new ArrayList<>();
      forms.add(Set.copyOf(g.own().stream().map(Question.QTerm::term).toList()));
      g.alternatives().forEach(a -> forms.add(Set.copyOf(a)));
      // Only wordings the corpus could contain count; a concept with none is unknown to the corpus.
      forms.removeIf(f -> !f.stream().allMatch(t -> stats.docFreq(t) > 0));
      // A concept tells as much as its most common wording: "handle" is rare, but its "manage" is
      // not.
      float weight = unknownWeight;
      for (Set<String> f : forms) {
        weight = Math.min(weight, idf(stats, List.copyOf(f), n));
      }
      out.add(new Hits.Concept(label, weight, forms));
    }
    return out;
  }

  private static float idf(Stats stats, List<String> terms, int n) {
    float sum = 0;
    for (String t : terms) {
      int df = stats.docFreq(t);
      sum += (float) Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }
    return sum;
  }

  /**
   * The terms to mark in snippets: the words searched and one-word alternatives; longer
   * alternatives are marked as phrases ({@link #highlightPhrases}).
   */
  public Set<String> highlightTerms() {
    Set<String> out = new LinkedHashSet<>();
    for (Group g : groups) {
      out.addAll(g.searchedTerms());
      g.alternatives().stream().filter(a -> a.size() == 1).forEach(a -> out.add(a.getFirst()));
    }
    return out;
  }

  /** Alternatives of several words, marked in snippets where they stand together. */
  public List<List<String>> highlightPhrases() {
    return groups.stream()
        .flatMap(g -> g.alternatives().stream())
        .filter(a -> a.size() > 1)
        .toList();
  }

  /** Candidates to fetch for {@code k} results, so that diversifying still fills them. */
  public static int candidates(int k) {
    return Math.max(20, k * CANDIDATES_PER_RESULT);
  }

  /**
   * When nothing matched the content words: every word of the question counts (filler words less),
   * and words the corpus lacks (four letters or more) are matched approximately.
   *
   * @param fuzzy the terms to match approximately, each with its edit distance
   */
  public record Loose(Map<String, Boolean> terms, Map<String, Integer> fuzzy) {
    public boolean isEmpty() {
      return terms.isEmpty() && fuzzy.isEmpty();
    }
  }

  /** The fallback search of {@link Loose}; {@code terms} maps each term to whether it is filler. */
  public Loose loose(Question question, Stats stats) {
    Map<String, Boolean> terms = new java.util.LinkedHashMap<>();
    question.terms().forEach(t -> terms.putIfAbsent(t.term(), t.filler()));
    Map<String, Integer> fuzzy = new java.util.LinkedHashMap<>();
    for (Group g : groups) {
      for (Question.QTerm t : g.own()) {
        if (g.fix() == null && t.term().length() >= 4 && stats.docFreq(t.term()) == 0) {
          fuzzy.putIfAbsent(t.term(), t.term().length() > 6 ? 2 : 1);
        }
      }
    }
    return new Loose(terms, fuzzy);
  }

  /** The terms of the question, for marking snippets of a loose search. */
  public static Set<String> allTerms(Question question) {
    Set<String> out = new LinkedHashSet<>();
    question.terms().forEach(t -> out.add(t.term()));
    return out;
  }

  /**
   * Orders scored candidates by score, ties by id, then diversifies: the best part of each section
   * and at most {@code maxPerDocument} passages per document come first; the passages this holds
   * back follow them in score order, so nothing is lost when many results are asked for.
   */
  public static <T> List<T> rank(
      List<T> candidates,
      int k,
      int maxPerDocument,
      Function<T, Float> score,
      Function<T, String> id,
      Function<T, String> source) {
    List<T> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparing(score).reversed().thenComparing(id));
    List<T> kept = new ArrayList<>();
    List<T> held = new ArrayList<>();
    Set<String> sections = new HashSet<>();
    Map<String, Integer> perDocument = new HashMap<>();
    for (T c : sorted) {
      boolean newSection = sections.add(sectionKey(id.apply(c)));
      if (newSection && perDocument.merge(source.apply(c), 1, Integer::sum) <= maxPerDocument) {
        kept.add(c);
        if (kept.size() == k) {
          break;
        }
      } else {
        held.add(c);
      }
    }
    for (int i = 0; kept.size() < k && i < held.size(); i++) {
      kept.add(held.get(i));
    }
    return kept;
  }

  /** The section key of a passage id: the id without its part suffix. */
  public static String sectionKey(String id) {
    int tilde = id.lastIndexOf('~');
    int hash = id.lastIndexOf('#');
    return tilde > hash && hash >= 0 ? id.substring(0, tilde) : id;
  }
}
