package org.askdocs.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.askdocs.embed.Embedder;
import org.askdocs.index.Analyzers;
import org.askdocs.index.IndexReport;
import org.askdocs.index.Indexer;
import org.askdocs.index.PassageReader;
import org.askdocs.index.PassageVectors;
import org.askdocs.index.Progress;
import org.askdocs.ingest.Corpus;
import org.askdocs.search.SearchBackend;
import org.askdocs.search.SearchParams;
import org.askdocs.search.Synonyms;
import org.askdocs.store.Store;

/**
 * A corpus's passages in an OpenSearch cluster. What askdocs searches is an alias (the configured
 * index name) pointing at a concrete index ({@code NAME-TIMESTAMP}); a second alias ({@code
 * NAME-files}) points at the index of corpus files as they were indexed (size, time, SHA-256,
 * passages), the manifest that says whether the corpus changed.
 *
 * <p>A full build writes new indexes beside the ones in use and then moves both aliases in one
 * atomic request, so searches see the old passages or the new ones, never a mix; the old indexes
 * are deleted after. A build that would replace the index in use by one with less than half its
 * passages is refused (a corpus folder emptied or unmounted by mistake), unless forced. When few
 * files changed, only their passages are replaced, in place (searches may briefly see part of such
 * an update: OpenSearch has no multi-document transactions).
 */
public final class OpenSearchStore implements Store, AutoCloseable {
  /** Bumped whenever passages are indexed differently, so that older indexes get rebuilt. */
  static final String SCHEMA = "os-2";

  /**
   * Passages embedded per bulk update: progress survives an interruption, and searches go on
   * meanwhile.
   */
  static final int EMBED_BATCH = 64;

  /** Passages whose earlier vectors are looked up in one request while loading. */
  private static final int LOOKUP_BATCH = 200;

  /** A new index with less than this share of the passages of the one in use is not switched to. */
  static final double MIN_KEPT_SHARE = 0.5;

  private static final int BULK_BYTES = 4 << 20;
  private static final int PAGE = 1000;
  private static final ObjectMapper JSON = Cluster.json();

  private final OpenSearchConfig config;
  private final Cluster cluster;

  public OpenSearchStore(OpenSearchConfig config) throws IOException {
    this.config = config;
    this.cluster = new Cluster(config);
  }

  public OpenSearchConfig config() {
    return config;
  }

  Cluster cluster() {
    return cluster;
  }

  String filesAlias() {
    return config.index() + "-files";
  }

  @Override
  public String describe() {
    return "the OpenSearch index " + config.index() + " at " + config.describeUrls();
  }

  @Override
  public String version() {
    return config.index(); // searches go through the alias, which always names the current index
  }

  @Override
  public SearchBackend open(Path corpus, SearchParams params, Progress progress)
      throws IOException {
    return new OpenSearchBackend(this, params);
  }

  @Override
  public int unembedded(String model) throws IOException {
    State state = state();
    if (state == null) {
      return 0;
    }
    if (!state.model().isEmpty() && !state.model().equals(model)) {
      return state.passages();
    }
    return countWithoutVectors(model);
  }

  /**
   * Passages of the index in use without vectors of {@code model}, for callers that know the index
   * holds no other model's.
   */
  int countWithoutVectors(String model) throws IOException {
    return cluster
        .ok(
            "count passages without vectors",
            "POST",
            "/" + config.index() + "/_count",
            withoutVectors(model, Set.of()))
        .path("count")
        .asInt();
  }

  private static ObjectNode withoutVectors(String model, Set<String> skip) {
    ObjectNode q = JSON.createObjectNode();
    ArrayNode not = q.putObject("query").putObject("bool").putArray("must_not");
    not.addObject().putObject("term").put("embedded", model);
    if (!skip.isEmpty()) {
      ArrayNode ids = not.addObject().putObject("ids").putArray("values");
      skip.forEach(ids::add);
    }
    return q;
  }

  /**
   * Gives vectors to the passages that have none, a batch at a time: read, embed, then written
   * again whole (the searched fields are not kept in the source, so a partial update would lose
   * them), on the condition that they did not change meanwhile (an update replacing a file wins;
   * its passages are embedded by the next call). OpenSearch keeps the replaced documents for a
   * while (for its replicas' recovery), and until then they count in the word statistics: BM25
   * scores move a little, as after any in-place update.
   */
  @Override
  public int embed(Embedder embedder, Progress progress) throws IOException {
    State state = state();
    if (state == null || !state.model().isEmpty() && !state.model().equals(embedder.id())) {
      return 0; // nothing to embed, or another model's vectors: only a rebuild replaces them all at
      // once
    }
    if (state.model().isEmpty()) {
      for (String index : pointedAt(config.index())) {
        putMeta(index, state.withModel(embedder.id()));
      }
    }
    int total = countWithoutVectors(embedder.id());
    int done = 0;
    Set<String> skip = new HashSet<>();
    while (!Thread.currentThread().isInterrupted()) {
      ObjectNode q = withoutVectors(embedder.id(), skip);
      q.put("size", EMBED_BATCH).put("seq_no_primary_term", true);
      q.putArray("sort").addObject().put("id", "asc");
      JsonNode hits =
          cluster
              .read("read passages to embed", "POST", "/" + config.index() + "/_search", q)
              .path("hits")
              .path("hits");
      if (hits.isEmpty()) {
        break;
      }
      List<PassageReader.PassageDoc> passages = new ArrayList<>();
      for (JsonNode h : hits) {
        passages.add(passageDoc(h.path("_source")));
      }
      List<PassageVectors> vectors = PassageVectors.of(embedder, passages);
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < passages.size(); i++) {
        JsonNode h = hits.get(i);
        ObjectNode action = JSON.createObjectNode();
        action
            .putObject("index")
            .put("_index", h.path("_index").asText())
            .put("_id", h.path("_id").asText())
            .put("if_seq_no", h.path("_seq_no").asLong())
            .put("if_primary_term", h.path("_primary_term").asLong());
        ObjectNode doc = passage(passages.get(i));
        doc.put("vector", floats(vectors.get(i).passage()))
            .put("sentenceVectors", vectors.get(i).sentences())
            .put("embedded", embedder.id());
        lines
            .append(JSON.writeValueAsString(action))
            .append('\n')
            .append(JSON.writeValueAsString(doc))
            .append('\n');
      }
      Cluster.Reply r = cluster.ndjson("/_bulk?refresh=true", lines.toString());
      if (!r.ok()) {
        throw new IOException(
            "OpenSearch at "
                + config.describeUrls()
                + " refused the vectors of "
                + passages.size()
                + " passages: "
                + r.error());
      }
      int written = 0;
      for (JsonNode item : r.body().path("items")) {
        if (item.path("index").path("error").isMissingNode()) {
          written++;
        } else {
          skip.add(
              item.path("index").path("_id").asText()); // changed meanwhile: left for the next call
        }
      }
      done += written;
      progress.embedded(done, Math.max(total, done));
    }
    return done;
  }

  /** A float vector as its source field: little-endian bytes (Jackson writes them as base64). */
  static byte[] floats(float[] v) {
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(v.length * Float.BYTES)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  /** A passage rebuilt from its source document. */
  static PassageReader.PassageDoc passageDoc(JsonNode s) {
    List<String> path = new ArrayList<>();
    s.path("path").forEach(p -> path.add(p.asText()));
    return new PassageReader.PassageDoc(
        s.path("id").asText(),
        s.path("source").asText(),
        s.path("section").asText(),
        s.path("title").asText(),
        s.path("heading").asText(),
        path,
        s.path("anchor").asText(),
        s.path("body").asText(),
        s.path("part").asInt(1),
        s.path("parts").asInt(1),
        s.path("ordinal").asInt(),
        (float) s.path("prior").asDouble(1));
  }

  /**
   * What the index in use says about itself (its mapping's {@code _meta}), or null when there is
   * none.
   */
  record State(
      String schema,
      String corpus,
      Instant builtAt,
      int documents,
      int passages,
      int vocabulary,
      Map<String, String> acronyms,
      String model) {
    ObjectNode toJson() {
      ObjectNode n = JSON.createObjectNode();
      n.put("schema", schema)
          .put("corpus", corpus)
          .put("builtAt", builtAt.toString())
          .put("documents", documents)
          .put("passages", passages)
          .put("vocabulary", vocabulary)
          .put("model", model);
      ObjectNode a = n.putObject("acronyms");
      acronyms.forEach(a::put);
      return n;
    }

    static State of(JsonNode meta) {
      Map<String, String> acronyms = new HashMap<>();
      meta.path("acronyms")
          .properties()
          .forEach(e -> acronyms.put(e.getKey(), e.getValue().asText()));
      return new State(
          meta.path("schema").asText(""),
          meta.path("corpus").asText(""),
          Instant.parse(meta.path("builtAt").asText(Instant.EPOCH.toString())),
          meta.path("documents").asInt(),
          meta.path("passages").asInt(),
          meta.path("vocabulary").asInt(),
          acronyms,
          meta.path("model").asText(""));
    }

    State withModel(String m) {
      return new State(schema, corpus, builtAt, documents, passages, vocabulary, acronyms, m);
    }
  }

  State state() throws IOException {
    Cluster.Reply r = cluster.call("GET", "/" + config.index() + "/_mapping", null);
    if (r.notFound()) {
      return null;
    }
    if (!r.ok()) {
      throw new IOException(
          "OpenSearch at "
              + config.describeUrls()
              + " could not describe the index "
              + config.index()
              + ": "
              + r.error());
    }
    var indexes = r.body().properties().iterator();
    if (!indexes.hasNext()) {
      return null;
    }
    JsonNode meta = indexes.next().getValue().path("mappings").path("_meta");
    return meta.isMissingNode() ? null : State.of(meta);
  }

  /** The indexes an alias points at (empty when there is no such alias). */
  private List<String> pointedAt(String alias) throws IOException {
    Cluster.Reply r = cluster.call("GET", "/_alias/" + alias, null);
    if (r.notFound()) {
      return List.of();
    }
    if (!r.ok()) {
      throw new IOException(
          "OpenSearch at "
              + config.describeUrls()
              + " could not read the alias "
              + alias
              + ": "
              + r.error());
    }
    List<String> out = new ArrayList<>();
    r.body().fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Override
  public IndexReport update(Path corpus, String model, Progress progress, boolean full)
      throws IOException {
    long start = System.nanoTime();
    Path root = corpus.toAbsolutePath().normalize();
    List<Corpus.FileEntry> files = org.askdocs.ingest.Sources.list(root);
    State state = state();
    // Another model's vectors are all made again: the index is rebuilt without them.
    boolean otherModel =
        model != null && state != null && !state.model().isEmpty() && !state.model().equals(model);
    String kept =
        model != null ? model : state != null && state.schema().equals(SCHEMA) ? state.model() : "";
    // The corpus's content decides, not its path: servers that hold the same documents in different
    // folders share one index without rebuilding it for one another.
    // (Without its files index, an index cannot be compared with the corpus: it is rebuilt.)
    if (!full
        && !otherModel
        && state != null
        && state.schema().equals(SCHEMA)
        && !pointedAt(filesAlias()).isEmpty()) {
      Map<String, Manifested> manifest = manifest();
      Map<String, Indexer.FileState> indexed = new HashMap<>();
      manifest.forEach((k, v) -> indexed.put(k, v.state()));
      Indexer.Diff diff = Indexer.diff(indexed, files);
      if (diff.isEmpty()) {
        return new IndexReport(
            false,
            false,
            state.builtAt(),
            state.documents(),
            state.passages(),
            List.of(),
            List.of(),
            List.of(),
            Duration.ofNanos(System.nanoTime() - start));
      }
      if (!diff.mostOf(files.size())) {
        return incremental(state, manifest, diff, progress, start, kept);
      }
    }
    Vectors earlier =
        otherModel || state == null || !state.schema().equals(SCHEMA) || kept.isEmpty()
            ? Vectors.NONE
            : keys -> vectorsWhere("read earlier vectors", config.index(), "vectorKey", keys, kept);
    return rebuild(root, files, state, progress, full, start, kept, earlier);
  }

  /** Where a build finds the vectors an earlier index had for passages with the same text. */
  @FunctionalInterface
  interface Vectors {
    Vectors NONE = keys -> Map.of();

    /**
     * The stored vector fields (base64, as in the source) of the passages with these {@linkplain
     * PassageReader.PassageDoc#vectorKey keys}.
     */
    Map<String, JsonNode> find(List<String> keys) throws IOException;
  }

  /**
   * The vectors of {@code model} an index holds for the passages whose {@code field} has one of
   * these values (vector keys, or the sources of files), by vector key; looked up a few hundred
   * values and a page of passages at a time.
   */
  private Map<String, JsonNode> vectorsWhere(
      String what, String index, String field, List<String> values, String model)
      throws IOException {
    Map<String, JsonNode> out = new HashMap<>();
    for (int i = 0; i < values.size(); i += LOOKUP_BATCH) {
      ObjectNode filter = JSON.createObjectNode();
      ArrayNode both = filter.putObject("bool").putArray("filter");
      ArrayNode terms = both.addObject().putObject("terms").putArray(field);
      values.subList(i, Math.min(values.size(), i + LOOKUP_BATCH)).forEach(terms::add);
      both.addObject().putObject("term").put("embedded", model);
      JsonNode after = null;
      while (true) {
        ObjectNode q = JSON.createObjectNode();
        q.put("size", PAGE);
        q.putArray("_source").add("vectorKey").add("vector").add("sentenceVectors");
        q.set("query", filter);
        q.putArray("sort").addObject().put("id", "asc");
        if (after != null) {
          q.set("search_after", after);
        }
        JsonNode hits =
            cluster.read(what, "POST", "/" + index + "/_search", q).path("hits").path("hits");
        hits.forEach(
            h -> out.putIfAbsent(h.path("_source").path("vectorKey").asText(), h.path("_source")));
        if (hits.size() < PAGE) {
          break;
        }
        after = hits.get(hits.size() - 1).path("sort");
      }
    }
    return out;
  }

  /** One corpus file as the files index records it. */
  record Manifested(Indexer.FileState state, String title) {}

  /** Every file of the files index, by source. */
  Map<String, Manifested> manifest() throws IOException {
    Map<String, Manifested> out = new LinkedHashMap<>();
    JsonNode after = null;
    while (true) {
      ObjectNode q = JSON.createObjectNode();
      q.put("size", PAGE);
      q.putArray("sort").addObject().put("source", "asc");
      if (after != null) {
        q.set("search_after", after);
      }
      JsonNode hits =
          cluster
              .read("read the files index", "POST", "/" + filesAlias() + "/_search", q)
              .path("hits")
              .path("hits");
      for (JsonNode h : hits) {
        JsonNode s = h.path("_source");
        out.put(
            s.path("source").asText(),
            new Manifested(
                Indexer.FileState.decode(s.path("state").asText()), s.path("title").asText("")));
      }
      if (hits.size() < PAGE) {
        return out;
      }
      after = hits.get(hits.size() - 1).path("sort");
    }
  }

  private IndexReport rebuild(
      Path root,
      List<Corpus.FileEntry> files,
      State old,
      Progress progress,
      boolean forced,
      long start,
      String model,
      Vectors earlier)
      throws IOException {
    String suffix = Long.toString(System.currentTimeMillis());
    String passagesIndex = config.index() + "-" + suffix;
    String filesIndex = filesAlias() + "-" + suffix;
    // Loaded without replicas and without periodic refreshes (each passage is indexed once, in
    // large segments); the replicas are copied from the finished index before it is switched to.
    createIndex(passagesIndex, loading(indexBody("index.json", config.shards())));
    try {
      createIndex(filesIndex, indexBody("files.json", 1));
      Written w = write(passagesIndex, filesIndex, files, progress, model, earlier);
      Map<String, String> acronyms = new HashMap<>(w.read().acronyms().found());
      int documents =
          (int) w.read().files().values().stream().filter(f -> f.passages() > 0).count();
      int passages = w.read().files().values().stream().mapToInt(Indexer.FileState::passages).sum();
      int kept = count(passagesIndex);
      if (kept != passages) {
        throw new IOException(
            "OpenSearch holds "
                + kept
                + " of the "
                + passages
                + " passages sent to "
                + passagesIndex);
      }
      if (old != null && !forced && passages < old.passages() * MIN_KEPT_SHARE) {
        throw new IOException(
            "the new index would hold "
                + passages
                + " passages where the one in use holds "
                + old.passages()
                + "; not switching to it (was the corpus folder "
                + root
                + " emptied or unmounted?). Run askdocs index --force to switch anyway");
      }
      Instant builtAt = Instant.now();
      State state =
          new State(
              SCHEMA,
              root.toString(),
              builtAt,
              documents,
              passages,
              w.vocabulary(),
              acronyms,
              model);
      putMeta(passagesIndex, state);
      serving(passagesIndex);
      swap(passagesIndex, filesIndex);
      return new IndexReport(
          true,
          false,
          builtAt,
          documents,
          passages,
          w.read().indexed(),
          w.read().skipped(),
          List.of(),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException | RuntimeException e) {
      deleteQuietly(passagesIndex);
      deleteQuietly(filesIndex);
      throw e;
    }
  }

  /**
   * Moves both aliases to the new indexes in one atomic request, then deletes what they pointed at.
   */
  private void swap(String passagesIndex, String filesIndex) throws IOException {
    List<String> oldPassages = pointedAt(config.index());
    List<String> oldFiles = pointedAt(filesAlias());
    ObjectNode body = JSON.createObjectNode();
    ArrayNode actions = body.putArray("actions");
    for (String i : oldPassages) {
      actions.addObject().putObject("remove").put("index", i).put("alias", config.index());
    }
    for (String i : oldFiles) {
      actions.addObject().putObject("remove").put("index", i).put("alias", filesAlias());
    }
    actions.addObject().putObject("add").put("index", passagesIndex).put("alias", config.index());
    actions.addObject().putObject("add").put("index", filesIndex).put("alias", filesAlias());
    cluster.ok(
        "switch the aliases " + config.index() + " and " + filesAlias() + " to the new index",
        "POST",
        "/_aliases",
        body);
    for (String i : oldPassages) {
      deleteQuietly(i);
    }
    for (String i : oldFiles) {
      deleteQuietly(i);
    }
  }

  private record Written(PassageReader.Read read, int vocabulary) {}

  /**
   * Sends every passage of the files in bulk requests, each with the vectors {@code earlier} holds
   * for its text, then the files' states; refreshes both indexes.
   */
  private Written write(
      String passagesIndex,
      String filesIndex,
      List<Corpus.FileEntry> files,
      Progress progress,
      String model,
      Vectors earlier)
      throws IOException {
    Bulk bulk = new Bulk(passagesIndex);
    Set<String> vocabulary = new HashSet<>();
    Analyzer english = Analyzers.english();
    Map<String, String> titles = new HashMap<>();
    List<PassageReader.PassageDoc> pending = new ArrayList<>();
    PassageReader.Read read =
        PassageReader.read(
            files,
            progress,
            p -> {
              pending.add(p);
              if (pending.size() == LOOKUP_BATCH) {
                send(bulk, pending, model, earlier);
              }
              titles.putIfAbsent(p.source(), p.title());
              vocabulary.addAll(Analyzers.wordsOf(english, p.words()));
            });
    send(bulk, pending, model, earlier);
    bulk.flush();
    writeFiles(filesIndex, read.files(), titles);
    refresh(passagesIndex + "," + filesIndex);
    return new Written(read, vocabulary.size());
  }

  private void writeFiles(
      String filesIndex, Map<String, Indexer.FileState> states, Map<String, String> titles)
      throws IOException {
    Bulk files = new Bulk(filesIndex);
    for (var e : states.entrySet()) {
      ObjectNode doc = JSON.createObjectNode();
      doc.put("source", e.getKey())
          .put("title", titles.getOrDefault(e.getKey(), ""))
          .put("state", e.getValue().encode())
          .put("passages", e.getValue().passages());
      files.index(e.getKey(), doc);
    }
    files.flush();
  }

  /** Queues passages for the bulk request, with the earlier vectors of their texts. */
  private static void send(
      Bulk bulk, List<PassageReader.PassageDoc> passages, String model, Vectors earlier)
      throws IOException {
    Map<String, JsonNode> vectors =
        earlier.find(passages.stream().map(PassageReader.PassageDoc::vectorKey).toList());
    for (PassageReader.PassageDoc p : passages) {
      ObjectNode doc = passage(p);
      JsonNode v = vectors.get(p.vectorKey());
      if (v != null) {
        doc.set("vector", v.path("vector"));
        doc.set("sentenceVectors", v.path("sentenceVectors"));
        doc.put("embedded", model);
      }
      bulk.index(p.id(), doc);
    }
    passages.clear();
  }

  /**
   * The JSON of a passage: what is shown, and the searched field with the headings repeated by
   * weight.
   */
  static ObjectNode passage(PassageReader.PassageDoc p) {
    ObjectNode d = JSON.createObjectNode();
    d.put("id", p.id())
        .put("source", p.source())
        .put("section", p.section())
        .put("title", p.title())
        .put("heading", p.heading())
        .put("anchor", p.anchor())
        .put("body", p.text())
        .put("part", p.part())
        .put("parts", p.parts())
        .put("ordinal", p.ordinal())
        .put("prior", p.prior())
        .put("words", p.words())
        .put("vectorKey", p.vectorKey());
    ArrayNode path = d.putArray("path");
    p.headingPath().forEach(path::add);
    ArrayNode all = d.putArray("all");
    p.searched().forEach(all::add);
    return d;
  }

  /** Replaces the passages of changed and removed files in the index in use. */
  private IndexReport incremental(
      State old,
      Map<String, Manifested> manifest,
      Indexer.Diff diff,
      Progress progress,
      long start,
      String model)
      throws IOException {
    List<String> replaced = new ArrayList<>(diff.removed());
    diff.toIndex().forEach(f -> replaced.add(f.source()));
    // The unchanged passages of a changed file keep their vectors: read before their documents go.
    Map<String, JsonNode> kept =
        model.isEmpty()
            ? Map.of()
            : vectorsWhere(
                "read the vectors of changed files",
                config.index(),
                "source",
                diff.toIndex().stream().map(Corpus.FileEntry::source).toList(),
                model);
    for (int i = 0; i < replaced.size(); i += PAGE) {
      ObjectNode q = JSON.createObjectNode();
      ArrayNode sources = q.putObject("query").putObject("terms").putArray("source");
      replaced.subList(i, Math.min(replaced.size(), i + PAGE)).forEach(sources::add);
      cluster.ok(
          "remove the passages of changed files",
          "POST",
          "/" + config.index() + "/_delete_by_query?conflicts=proceed&refresh=true",
          q);
    }
    Written w = write(config.index(), filesAlias(), diff.toIndex(), progress, model, keys -> kept);
    Map<String, Indexer.FileState> states = new HashMap<>();
    Map<String, String> titles = new HashMap<>();
    for (Corpus.FileEntry f : diff.touched()) {
      Manifested was = manifest.get(f.source());
      states.put(
          f.source(),
          new Indexer.FileState(
              f.size(), f.modified(), was.state().sha256(), was.state().passages()));
      titles.put(f.source(), was.title());
    }
    writeFiles(filesAlias(), states, titles);
    for (String source : diff.removed()) {
      Cluster.Reply r =
          cluster.call(
              "DELETE",
              "/" + filesAlias() + "/_doc/" + URLEncoder.encode(source, StandardCharsets.UTF_8),
              null);
      if (!r.ok() && !r.notFound()) {
        throw new IOException(
            "OpenSearch could not forget the removed file " + source + ": " + r.error());
      }
    }
    refresh(config.index() + "," + filesAlias());
    // The files index now holds the old manifest with this update's changes: count from those.
    Map<String, Indexer.FileState> now = new HashMap<>();
    manifest.forEach((source, m) -> now.put(source, m.state()));
    diff.removed().forEach(now::remove);
    now.putAll(states);
    now.putAll(w.read().files());
    int documents = (int) now.values().stream().filter(f -> f.passages() > 0).count();
    int passages = now.values().stream().mapToInt(Indexer.FileState::passages).sum();
    Map<String, String> acronyms = new HashMap<>(old.acronyms());
    w.read().acronyms().found().forEach(acronyms::putIfAbsent); // a full rebuild recounts them all
    Instant builtAt = Instant.now();
    // New words join the vocabulary; words of removed files stay counted until the next full build.
    State state =
        new State(
            SCHEMA,
            old.corpus(),
            builtAt,
            documents,
            passages,
            Math.max(old.vocabulary(), w.vocabulary()),
            acronyms,
            model);
    for (String index : pointedAt(config.index())) {
      putMeta(index, state);
    }
    return new IndexReport(
        true,
        true,
        builtAt,
        documents,
        passages,
        w.read().indexed(),
        w.read().skipped(),
        diff.removed(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static ObjectNode loading(ObjectNode body) {
    ((ObjectNode) body.path("settings").path("index"))
        .put("number_of_replicas", 0)
        .put("refresh_interval", "-1");
    return body;
  }

  /**
   * Gives a loaded index its replicas and refreshes back, and waits until its primaries are all
   * active.
   */
  private void serving(String index) throws IOException {
    ObjectNode settings = JSON.createObjectNode();
    settings
        .putObject("index")
        .put("number_of_replicas", config.replicas())
        .putNull("refresh_interval");
    cluster.ok("set the replicas of " + index, "PUT", "/" + index + "/_settings", settings);
    cluster.ok(
        "wait for " + index,
        "GET",
        "/_cluster/health/" + index + "?wait_for_status=yellow&timeout=60s",
        null);
  }

  private void putMeta(String index, State state) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.set("_meta", state.toJson());
    cluster.ok("record the state of " + index, "PUT", "/" + index + "/_mapping", body);
  }

  private void refresh(String indexes) throws IOException {
    cluster.ok("refresh " + indexes, "POST", "/" + indexes + "/_refresh", null);
  }

  private int count(String index) throws IOException {
    return cluster
        .ok("count the passages of " + index, "GET", "/" + index + "/_count", null)
        .path("count")
        .asInt();
  }

  private void createIndex(String name, ObjectNode body) throws IOException {
    cluster.ok("create the index " + name, "PUT", "/" + name, body);
  }

  private void deleteQuietly(String index) {
    try {
      cluster.call("DELETE", "/" + index, null);
    } catch (IOException e) {
      // Left for the next build to replace; it is never searched (no alias points at it).
    }
  }

  /**
   * Deletes the indexes and aliases of this store: everything askdocs put in the cluster under its
   * name.
   */
  public void drop() throws IOException {
    for (String alias : List.of(config.index(), filesAlias())) {
      for (String index : pointedAt(alias)) {
        cluster.ok("delete the index " + index, "DELETE", "/" + index, null);
      }
    }
  }

  /**
   * The settings and mappings of a new index, from the bundled JSON: the layout filled in, and the
   * bundled synonym rules in the {@code askdocs_question} analyzer, the search analyzer of the
   * searched field (for match queries by other tools; askdocs expands its questions itself, with
   * the same rules plus the corpus's acronyms, to keep each concept's wordings in one group).
   */
  ObjectNode indexBody(String resource, int shards) {
    try (InputStream in = OpenSearchStore.class.getResourceAsStream(resource)) {
      ObjectNode body = (ObjectNode) JSON.readTree(in);
      ObjectNode index = (ObjectNode) body.path("settings").path("index");
      index.put("number_of_shards", shards).put("number_of_replicas", config.replicas());
      JsonNode synonyms =
          body.path("settings").path("analysis").path("filter").path("askdocs_synonyms");
      if (synonyms instanceof ObjectNode filter) {
        ArrayNode rules = filter.putArray("synonyms");
        Synonyms.rules().forEach(rules::add);
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("the bundled " + resource + " cannot be read", e);
    }
  }

  /** Collects passages into bulk requests of a few megabytes and sends each when full. */
  private final class Bulk {
    private final String index;
    private final StringBuilder lines = new StringBuilder();
    private int docs;

    Bulk(String index) {
      this.index = index;
    }

    void index(String id, ObjectNode doc) throws IOException {
      ObjectNode action = JSON.createObjectNode();
      action.putObject("index").put("_index", index).put("_id", id);
      lines
          .append(JSON.writeValueAsString(action))
          .append('\n')
          .append(JSON.writeValueAsString(doc))
          .append('\n');
      docs++;
      if (lines.length() >= BULK_BYTES) {
        flush();
      }
    }

    void flush() throws IOException {
      if (docs == 0) {
        return;
      }
      Cluster.Reply r = cluster.ndjson("/_bulk", lines.toString());
      lines.setLength(0);
      int sent = docs;
      docs = 0;
      if (!r.ok()) {
        throw new IOException(
            "OpenSearch at "
                + config.describeUrls()
                + " refused a bulk request of "
                + sent
                + " documents: "
                + r.error());
      }
      if (r.body().path("errors").asBoolean()) {
        int failed = 0;
        String first = null;
        for (JsonNode item : r.body().path("items")) {
          JsonNode e = item.path("index").path("error");
          if (!e.isMissingNode()) {
            failed++;
            if (first == null) {
              first =
                  item.path("index").path("_id").asText()
                      + ": "
                      + e.path("type").asText()
                      + ": "
                      + e.path("reason").asText();
            }
          }
        }
        throw new IOException(
            "OpenSearch refused "
                + failed
                + " of "
                + sent
                + " documents sent to "
                + index
                + " (first: "
                + first
                + ")");
      }
    }
  }

  @Override
  public void close() throws IOException {
    cluster.close();
  }
}
