package org.askdocs.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.util.VectorUtil;
import org.askdocs.index.Analyzers;
import org.askdocs.index.Fields;
import org.askdocs.index.SentenceVectors;
import org.askdocs.search.Candidate;
import org.askdocs.search.Hit;
import org.askdocs.search.Hits;
import org.askdocs.search.QueryPlan;
import org.askdocs.search.Question;
import org.askdocs.search.QuestionParser;
import org.askdocs.search.Retrieval;
import org.askdocs.search.SearchBackend;
import org.askdocs.search.SearchParams;
import org.askdocs.search.Synonyms;

/**
 * Searches the passages an {@link OpenSearchStore} keeps in a cluster, ranking them the way the
 * embedded backend does: the same {@link QueryPlan} (question words, synonyms, acronyms, spelling
 * corrections) written as OpenSearch queries over the same analysed field with the same BM25
 * parameters, term statistics gathered across shards when there are several ({@code
 * dfs_query_then_fetch}), proximity as a rescorer of the top candidates, then the same {@link
 * Fusion}: priors, meaning (the vectors stored with the candidates, compared here with the
 * question's), ordering and diversification.
 *
 * <p>Meaning reaches only the candidates the words found: the cluster has no vector search (the
 * k-NN plugin is not part of OpenSearch itself), so a passage that shares no word with the question
 * is found by the embedded index and not here.
 *
 * <p>A question usually costs one request: the search itself carries the term statistics and
 * spelling suggestions the plan needs, and only when a word is corrected (or nothing matched) does
 * a second request follow. Thread-safe.
 */
final class OpenSearchBackend implements SearchBackend {
  private static final ObjectMapper JSON = Cluster.json();
  private static final int PAGE = 1000;

  private final OpenSearchStore store;
  private final Cluster cluster;
  private final String index;
  private final SearchParams params;
  private final QuestionParser words = new QuestionParser(Analyzers.english());
  private volatile Synonyms synonyms;
  private volatile int passages;
  private volatile int vocabulary;
  private volatile String vectors = "";

  /** Term statistics are gathered across shards first only when there are several. */
  private volatile String searchType = "query_then_fetch";

  OpenSearchBackend(OpenSearchStore store, SearchParams params) throws IOException {
    this.store = store;
    this.cluster = store.cluster();
    this.index = store.config().index();
    this.params = params;
    refresh();
  }

  /** Reads what the index says about itself again: after an update, new acronyms and counts. */
  @Override
  public void refresh() throws IOException {
    OpenSearchStore.State state = store.state();
    if (state == null) {
      throw new IOException(
          "there is no index "
              + index
              + " at "
              + store.config().describeUrls()
              + "; build it with askdocs index");
    }
    synonyms = Synonyms.load(state.acronyms());
    int shards = 0;
    for (JsonNode i :
        cluster.read(
            "read the settings of " + index,
            "GET",
            "/" + index + "/_settings/index.number_of_shards",
            null)) {
      shards = Math.max(shards, i.path("settings").path("index").path("number_of_shards").asInt(1));
    }
    // One shard has exact statistics already; several need them gathered first so that scores
    // do not depend on which shard a passage landed in.
    searchType = shards > 1 ? "dfs_query_then_fetch" : "query_then_fetch";
    passages = state.passages();
    vocabulary = state.vocabulary();
    // Meaning joins the ranking only once every passage has a vector, as in the embedded index.
    vectors =
        !state.model().isEmpty() && store.countWithoutVectors(state.model()) == 0
            ? state.model()
            : "";
  }

  @Override
  public int passages() {
    return passages;
  }

  /**
   * Statistics from a response: document frequencies from its filter aggregations, suggestions from
   * its suggesters.
   */
  private static final class Stats implements QueryPlan.Stats {
    final Map<String, Integer> docFreq = new HashMap<>();
    final Map<String, String> suggestions = new HashMap<>();
    int passages;

    void read(JsonNode response, List<String> terms, List<String> words) {
      JsonNode agg = response.path("aggregations").path("stats");
      if (agg.has("doc_count")) {
        passages = agg.path("doc_count").asInt();
      }
      JsonNode buckets = agg.path("df").path("buckets");
      for (int i = 0; i < terms.size(); i++) {
        docFreq.put(terms.get(i), buckets.path("t" + i).path("doc_count").asInt());
      }
      for (int i = 0; i < words.size(); i++) {
        JsonNode options = response.path("suggest").path("w" + i).path(0).path("options");
        if (options.size() > 0) {
          suggestions.put(words.get(i), options.path(0).path("text").asText());
        }
      }
    }

    @Override
    public int docFreq(String term) {
      Integer n = docFreq.get(term);
      if (n == null) {
        throw new IllegalStateException("no statistics were fetched for '" + term + "'");
      }
      return n;
    }

    @Override
    public String suggest(String word) {
      return suggestions.get(word);
    }

    @Override
    public int passages() {
      return passages;
    }
  }

  @Override
  public String vectors() {
    return vectors;
  }

  @Override
  public Hits search(Question question, float[] vector, int k, Retrieval mode) throws IOException {
    float[] meaning =
        vector != null && mode != Retrieval.LEXICAL && !vectors.isEmpty() ? vector : null;
    int depth =
        meaning != null
            ? Math.max(QueryPlan.candidates(k), QueryPlan.FUSED_CANDIDATES)
            : QueryPlan.candidates(k);
    List<Synonyms.Alternative> alternatives = QueryPlan.alternatives(question, synonyms);
    List<String> terms = List.copyOf(QueryPlan.termsToLookUp(question, alternatives));
    List<String> correctable =
        question.meaningful().stream()
            .map(t -> t.word().toLowerCase(Locale.ROOT))
            .filter(QueryPlan::correctable)
            .distinct()
            .toList();
    // Planned as if every word were known: right unless a word gets corrected, checked below.
    QueryPlan hopeful = QueryPlan.of(question, alternatives, ALL_KNOWN, words);
    ObjectNode request =
        hopeful.groups().isEmpty() ? countOnly() : searchRequest(hopeful, depth, meaning != null);
    addStats(request, terms, correctable);
    JsonNode response = search(request);
    Stats stats = new Stats();
    stats.read(response, terms, correctable);
    QueryPlan plan = QueryPlan.of(question, alternatives, stats, words);
    List<String> fixTerms = new ArrayList<>(plan.conceptTerms());
    fixTerms.removeAll(stats.docFreq.keySet());
    if (!plan.equals(hopeful) || !fixTerms.isEmpty()) {
      ObjectNode again =
          plan.groups().isEmpty() ? countOnly() : searchRequest(plan, depth, meaning != null);
      addStats(again, fixTerms, List.of());
      response = search(again);
      stats.read(response, fixTerms, List.of());
    }
    List<Found> found = plan.groups().isEmpty() ? List.of() : found(response, meaning);
    if (found.isEmpty()) {
      QueryPlan.Loose loose = plan.loose(question, stats);
      if (loose.isEmpty()) {
        return new Hits(List.of(), List.of(), null, vocabulary);
      }
      found =
          found(
              search(looseRequest(loose, QueryPlan.allTerms(question), depth, meaning != null)),
              meaning);
    }
    Map<String, Hit> byId = new HashMap<>();
    found.forEach(f -> byId.put(f.candidate().id(), f.hit()));
    List<Candidate> candidates = found.stream().map(Found::candidate).toList();
    List<Hit> hits =
        params.fusion().rank(candidates, mode, k, params.maxPerDocument()).stream()
            .map(
                s -> {
                  Hit h = byId.get(s.candidate().id());
                  return new Hit(
                      h.id(),
                      s.score(),
                      h.source(),
                      h.title(),
                      h.heading(),
                      h.headingPath(),
                      h.anchor(),
                      h.part(),
                      h.parts(),
                      h.text(),
                      h.snippet(),
                      s.candidate().sentences());
                })
            .toList();
    return new Hits(hits, plan.concepts(stats), plan.didYouMean(), vocabulary, candidates);
  }

  /**
   * Statistics standing in for the index's while planning the first request: every word known, none
   * corrected.
   */
  private static final QueryPlan.Stats ALL_KNOWN =
      new QueryPlan.Stats() {
        @Override
        public int docFreq(String term) {
          return 1;
        }

        @Override
        public String suggest(String word) {
          return null;
        }

        @Override
        public int passages() {
          return 1;
        }
      };

  private static ObjectNode countOnly() {
    ObjectNode r = JSON.createObjectNode();
    r.put("size", 0);
    return r;
  }

  /**
   * Adds what planning needs to a request: document frequencies of the terms over every passage (a
   * global aggregation, whatever the query matched) and spelling suggestions for the words.
   */
  private static void addStats(ObjectNode request, List<String> terms, List<String> words) {
    ObjectNode stats = request.putObject("aggregations").putObject("stats");
    stats.putObject("global");
    if (!terms.isEmpty()) {
      ObjectNode filters =
          stats.putObject("aggregations").putObject("df").putObject("filters").putObject("filters");
      for (int i = 0; i < terms.size(); i++) {
        filters.putObject("t" + i).putObject("term").put(Fields.ALL, terms.get(i));
      }
    }
    if (!words.isEmpty()) {
      ObjectNode suggest = request.putObject("suggest");
      for (int i = 0; i < words.size(); i++) {
        ObjectNode s = suggest.putObject("w" + i);
        s.put("text", words.get(i));
        s.putObject("term")
            .put("field", Fields.WORDS)
            .put("suggest_mode", "missing")
            .put("size", 1)
            .put("prefix_length", 0)
            .put("min_word_length", QueryPlan.MIN_CORRECTED_LENGTH)
            .put("accuracy", QueryPlan.SPELLING_ACCURACY)
            .put("sort", "score")
            .put("string_distance", "internal")
            .put("max_edits", 2);
      }
    }
  }

  /**
   * The main search: the plan's groups, the top candidates rescored for proximity, highlighted;
   * their vectors come along when meaning is to be weighed.
   */
  private ObjectNode searchRequest(QueryPlan plan, int candidates, boolean withVectors) {
    ObjectNode r = JSON.createObjectNode();
    r.put("size", candidates);
    r.put("track_total_hits", false);
    sourceFields(r, withVectors);
    ArrayNode should = r.putObject("query").putObject("bool").putArray("should");
    for (QueryPlan.Group g : plan.groups()) {
      List<ObjectNode> wordings = new ArrayList<>();
      if (g.fix() != null) {
        g.fixTerms().forEach(t -> wordings.add(term(t, params.correctedBoost())));
      } else if (g.own().size() == 1) {
        Question.QTerm t = g.own().getFirst();
        wordings.add(term(t.term(), QueryPlan.named(t.word()) ? params.namedBoost() : 1f));
      } else {
        ObjectNode own = JSON.createObjectNode();
        ArrayNode ownShould = own.putObject("bool").putArray("should");
        g.own()
            .forEach(
                t ->
                    ownShould.add(
                        term(t.term(), QueryPlan.named(t.word()) ? params.namedBoost() : 1f)));
        wordings.add(own);
      }
      for (List<String> alt : g.alternatives()) {
        wordings.add(
            alt.size() == 1
                ? term(alt.getFirst(), params.synonymBoost())
                : phrase(Fields.ALL, alt, 1, params.synonymBoost()));
      }
      if (wordings.size() == 1) {
        should.add(wordings.getFirst());
      } else if (!wordings.isEmpty()) {
        ObjectNode dis = should.addObject().putObject("dis_max");
        dis.put("tie_breaker", 0.1);
        wordings.forEach(dis.withArray("queries")::add);
      }
    }
    ArrayNode rescore = r.putArray("rescore");
    List<Map.Entry<Integer, String>> positioned = plan.positioned();
    if (positioned.size() >= 2 && params.pairBoost() > 0) {
      ObjectNode q = rescore.addObject().put("window_size", candidates).putObject("query");
      q.put("query_weight", 1.0).put("rescore_query_weight", 1.0).put("score_mode", "total");
      ArrayNode pairs = q.putObject("rescore_query").putObject("bool").putArray("should");
      for (int i = 0; i + 1 < positioned.size(); i++) {
        pairs.add(
            phrase(
                Fields.ALL,
                List.of(positioned.get(i).getValue(), positioned.get(i + 1).getValue()),
                3,
                params.pairBoost()));
      }
    }
    if (rescore.isEmpty()) {
      r.remove("rescore");
    }
    highlight(r, plan.highlightTerms(), plan.highlightPhrases());
    return r;
  }

  /**
   * The source fields a search returns: the vectors only when meaning is weighed (they are most of
   * a passage's bytes).
   */
  private static void sourceFields(ObjectNode request, boolean withVectors) {
    if (!withVectors) {
      request.putObject("_source").putArray("excludes").add("vector").add("sentenceVectors");
    }
  }

  private ObjectNode looseRequest(
      QueryPlan.Loose loose, Set<String> highlightTerms, int candidates, boolean withVectors) {
    ObjectNode r = JSON.createObjectNode();
    r.put("size", candidates);
    r.put("track_total_hits", false);
    sourceFields(r, withVectors);
    ArrayNode should = r.putObject("query").putObject("bool").putArray("should");
    loose
        .terms()
        .forEach((t, filler) -> should.add(term(t, filler ? QueryPlan.FILLER_FALLBACK_BOOST : 1f)));
    loose
        .fuzzy()
        .forEach(
            (t, edits) ->
                should
                    .addObject()
                    .putObject("fuzzy")
                    .putObject(Fields.ALL)
                    .put("value", t)
                    .put("fuzziness", edits)
                    .put("prefix_length", 0)
                    .put("transpositions", true)
                    .put("boost", QueryPlan.FUZZY_BOOST));
    highlight(r, highlightTerms, List.of());
    return r;
  }

  /**
   * Snippets as the embedded backend makes them: HTML-escaped, matches in {@code <mark>}, up to two
   * sentences.
   */
  private static void highlight(ObjectNode request, Set<String> terms, List<List<String>> phrases) {
    ObjectNode h = request.putObject("highlight");
    h.putArray("pre_tags").add("<mark>");
    h.putArray("post_tags").add("</mark>");
    h.put("encoder", "html");
    ObjectNode body = h.putObject("fields").putObject(Fields.BODY);
    body.put("type", "unified")
        .put("number_of_fragments", 2)
        .put("fragment_size", QueryPlan.SNIPPET_CHARS)
        .put("no_match_size", QueryPlan.SNIPPET_CHARS)
        .put("boundary_scanner", "sentence");
    ArrayNode should = body.putObject("highlight_query").putObject("bool").putArray("should");
    terms.forEach(t -> should.addObject().putObject("term").put(Fields.BODY, t));
    phrases.forEach(p -> should.add(phrase(Fields.BODY, p, 1, 1f)));
  }

  /** One analysed term of the searched field (not analysed again). */
  private static ObjectNode term(String term, float boost) {
    ObjectNode q = JSON.createObjectNode();
    ObjectNode t = q.putObject("term").putObject(Fields.ALL);
    t.put("value", term);
    if (boost != 1f) {
      t.put("boost", boost);
    }
    return q;
  }

  /** A phrase of analysed terms: split on spaces only, so the terms are searched as they are. */
  private static ObjectNode phrase(String field, List<String> terms, int slop, float boost) {
    ObjectNode q = JSON.createObjectNode();
    ObjectNode p = q.putObject("match_phrase").putObject(field);
    p.put("query", String.join(" ", terms)).put("analyzer", "whitespace").put("slop", slop);
    if (boost != 1f) {
      p.put("boost", boost);
    }
    return q;
  }

  private JsonNode search(ObjectNode request) throws IOException {
    JsonNode r =
        cluster.read(
            "search " + index,
            "POST",
            "/" + index + "/_search?allow_partial_search_results=false&search_type=" + searchType,
            request);
    int failed = r.path("_shards").path("failed").asInt();
    if (failed > 0 && r.path("hits").path("hits").isEmpty()) {
      JsonNode reason = r.path("_shards").path("failures").path(0).path("reason");
      throw new IOException(
          "OpenSearch could not search "
              + index
              + ": "
              + reason.path("type").asText()
              + ": "
              + reason.path("reason").asText());
    }
    return r;
  }

  /** A passage of the response: as shown, and the evidence for it. */
  private record Found(Hit hit, Candidate candidate) {}

  /**
   * The response's passages; with a question vector, compared in meaning with their stored vectors.
   */
  private static List<Found> found(JsonNode response, float[] vector) {
    List<Found> out = new ArrayList<>();
    for (JsonNode h : response.path("hits").path("hits")) {
      JsonNode fragments = h.path("highlight").path(Fields.BODY);
      List<String> parts = new ArrayList<>();
      fragments.forEach(f -> parts.add(f.asText()));
      JsonNode s = h.path("_source");
      Hit hit = hit(s, (float) h.path("_score").asDouble(), String.join(" … ", parts));
      float dense = Float.NaN;
      float[] sentences = null;
      if (vector != null && s.hasNonNull("vector")) {
        dense = VectorUtil.dotProduct(vector, floats(base64(s.path("vector"))));
        sentences = SentenceVectors.dots(vector, base64(s.path("sentenceVectors")));
      }
      out.add(
          new Found(
              hit,
              new Candidate(
                  hit.id(),
                  hit.source(),
                  hit.score(),
                  dense,
                  sentences,
                  (float) s.path(Fields.PRIOR).asDouble(1))));
    }
    return out;
  }

  private static byte[] base64(JsonNode field) {
    return java.util.Base64.getDecoder().decode(field.asText());
  }

  private static float[] floats(byte[] bytes) {
    java.nio.FloatBuffer b =
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }

  private static Hit hit(JsonNode s, float score, String snippet) {
    List<String> path = new ArrayList<>();
    s.path("path").forEach(p -> path.add(p.asText()));
    return new Hit(
        s.path("id").asText(),
        score,
        s.path("source").asText(),
        s.path("title").asText(),
        s.path("heading").asText(),
        path,
        s.path("anchor").asText(),
        s.path("part").asInt(1),
        s.path("parts").asInt(1),
        s.path("body").asText(),
        snippet,
        null);
  }

  @Override
  public List<Hit> section(String id) throws IOException {
    return inOrder(termQuery(Fields.SECTION, QueryPlan.sectionKey(id))).stream()
        .map(s -> hit(s, 0f, ""))
        .toList();
  }

  @Override
  public Around around(String id) throws IOException {
    List<JsonNode> own = inOrder(termQuery(Fields.SECTION, QueryPlan.sectionKey(id)));
    if (own.isEmpty()) {
      return new Around(null, null);
    }
    int before = own.getFirst().path(Fields.ORDINAL).asInt() - 1;
    int after = own.getLast().path(Fields.ORDINAL).asInt() + 1;
    ObjectNode q = JSON.createObjectNode();
    q.putObject("bool")
        .putArray("filter")
        .add(termQuery(Fields.SOURCE, own.getFirst().path(Fields.SOURCE).asText()))
        .addObject()
        .putObject("terms")
        .putArray(Fields.ORDINAL)
        .add(before)
        .add(after);
    Hit b = null;
    Hit a = null;
    for (JsonNode h : page(q, null, 2).path("hits").path("hits")) {
      JsonNode s = h.path("_source");
      int ordinal = s.path(Fields.ORDINAL).asInt();
      if (ordinal == before) {
        b = hit(s, 0f, "");
      } else if (ordinal == after) {
        a = hit(s, 0f, "");
      }
    }
    return new Around(b, a);
  }

  @Override
  public List<Hit> document(String source) throws IOException {
    return inOrder(termQuery(Fields.SOURCE, source)).stream().map(s -> hit(s, 0f, "")).toList();
  }

  /** The stored passages matching a filter, in document order, page by page. */
  private List<JsonNode> inOrder(ObjectNode filter) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    JsonNode after = null;
    while (true) {
      JsonNode hits = page(filter, after, PAGE).path("hits").path("hits");
      hits.forEach(h -> out.add(h.path("_source")));
      if (hits.size() < PAGE) {
        return out;
      }
      after = hits.get(hits.size() - 1).path("sort");
    }
  }

  private JsonNode page(ObjectNode filter, JsonNode after, int size) throws IOException {
    ObjectNode r = JSON.createObjectNode();
    r.put("size", size);
    r.putObject("query").putObject("constant_score").set("filter", filter);
    ArrayNode sort = r.putArray("sort");
    sort.addObject().put(Fields.SOURCE, "asc");
    sort.addObject().put(Fields.ORDINAL, "asc");
    if (after != null) {
      r.set("search_after", after);
    }
    return cluster.read("read passages of " + index, "POST", "/" + index + "/_search", r);
  }

  private static ObjectNode termQuery(String field, String value) {
    ObjectNode q = JSON.createObjectNode();
    q.putObject("term").put(field, value);
    return q;
  }

  @Override
  public List<DocumentInfo> documents() throws IOException {
    Map<String, DocumentInfo> out = new java.util.TreeMap<>();
    store
        .manifest()
        .forEach(
            (source, m) -> {
              if (m.state().passages() > 0) {
                out.put(source, new DocumentInfo(source, m.title(), m.state().passages()));
              }
            });
    return List.copyOf(out.values());
  }

  @Override
  public void close() {
    // The store owns the connection.
  }
}
