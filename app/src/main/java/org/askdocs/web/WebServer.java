package org.askdocs.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.askdocs.AskDocs;
import org.askdocs.AskOptions;
import org.askdocs.PromptContext;
import org.askdocs.SectionView;
import org.askdocs.Status;
import org.askdocs.json.Json;
import org.askdocs.mcp.DocsMcpServer;
import org.askdocs.search.Scope;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web front door: the search page at {@code /} and the JSON API under {@code /api}. It only
 * parses and validates requests, calls {@link AskDocs} and renders its records; every refusal is a
 * 4xx with {@code {"error", "message"}}, and a 500 is always a bug (logged, never shown).
 */
public final class WebServer {
  /** Longest question accepted over HTTP, in characters (a URL must stay reasonable). */
  public static final int MAX_QUERY_CHARS = 2000;

  /** Requests carry no bodies worth more than this. */
  static final long MAX_REQUEST_BYTES = 16 * 1024;

  /** Room for a long question, percent-encoded, in the request line. */
  static final int MAX_HEADER_BYTES = 32 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  /**
   * Set on requests whose error body was already written, so the status handlers leave it alone.
   */
  private static final String ANSWERED = "askdocs.errorWritten";

  private WebServer() {}

  /**
   * Server settings.
   *
   * @param corsOrigin the one origin allowed to call the API from a browser, or null for none
   * @param token the bearer token the API and /mcp require, or null when they are open (loopback
   *     use)
   */
  public record Options(
      String host, int port, @Nullable String corsOrigin, @Nullable String token) {
    public Options {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      if (token != null
          && (token.length() < 16 || !token.chars().allMatch(c -> c > 32 && c < 127))) {
        throw new IllegalArgumentException(
            "the token must be at least 16 printable characters without spaces");
      }
    }

    public Options(String host, int port, @Nullable String corsOrigin) {
      this(host, port, corsOrigin, null);
    }
  }

  /** Idle connections and slow clients are dropped after this long, so they cannot hold threads. */
  static final long IDLE_TIMEOUT_MS = 15_000;

  /** Where chatbots reach the MCP server (Streamable HTTP). */
  public static final String MCP_ENDPOINT = "/mcp";

  /**
   * How many MCP requests are read and answered at once; the rest of the pool stays free for the
   * API.
   */
  static final int MCP_CONCURRENCY = Math.max(4, threads() / 4);

  /**
   * Questions searched at once: the cores are the limit (a question is CPU work), and more at once
   * only makes each wait longer. Beyond it up to {@link #QUESTIONS_WAITING} questions wait for
   * their turn (holding no thread) for at most {@link #QUESTION_WAIT}, the rest get 503 with
   * Retry-After at once: back-pressure instead of latency without bound.
   */
  static final int QUESTION_CONCURRENCY = 4 * Runtime.getRuntime().availableProcessors();

  static final int QUESTIONS_WAITING = 32 * Runtime.getRuntime().availableProcessors();
  static final Duration QUESTION_WAIT = Duration.ofSeconds(1);

  /** How long an MCP request body may take to arrive, in all. */
  static final Duration MCP_READ_TIMEOUT = Duration.ofSeconds(10);

  /** Live MCP sessions at most, and how long one may sit idle before it is closed. */
  static final int MCP_MAX_SESSIONS = 1000;

  static final Duration MCP_IDLE_TIMEOUT = Duration.ofMinutes(15);

  /** How often open MCP event streams are pinged, so streams whose client went away are closed. */
  static final Duration MCP_KEEP_ALIVE = Duration.ofSeconds(20);

  /**
   * Builds the app (not started): the page, the JSON API, and the MCP server at {@value
   * #MCP_ENDPOINT}.
   */
  public static Javalin create(AskDocs docs, Options options) {
    return create(
        docs,
        options,
        new Limits(
            MCP_READ_TIMEOUT,
            MCP_MAX_SESSIONS,
            MCP_IDLE_TIMEOUT,
            MCP_KEEP_ALIVE,
            QUESTION_CONCURRENCY,
            QUESTIONS_WAITING));
  }

  /**
   * The MCP endpoint's bounds and how many questions are searched and wait at once; smaller in
   * tests.
   */
  record Limits(
      Duration readTimeout,
      int maxSessions,
      Duration idleTimeout,
      Duration keepAlive,
      int questions,
      int waiting) {}

  static Javalin create(AskDocs docs, Options options, Limits limits) {
    DocsMcpServer.Http mcp = DocsMcpServer.http(docs, MCP_ENDPOINT, limits.keepAlive());
    McpGate gate =
        new McpGate(
            mcp.servlet(),
            DocsMcpServer.MAX_REQUEST_BYTES,
            limits.readTimeout(),
            MCP_CONCURRENCY,
            limits.maxSessions(),
            limits.idleTimeout());
    return Javalin.create(
        config -> {
          config.jetty.modifyServletContextHandler(
              handler -> {
                handler.addServlet(new ServletHolder(mcp.servlet()), MCP_ENDPOINT);
                EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
                handler.addFilter(new FilterHolder(new HttpGuard()), "/*", requests);
                if (options.token() != null) {
                  handler.addFilter(
                      new FilterHolder(new BearerFilter(options.token())), MCP_ENDPOINT, requests);
                }
                handler.addFilter(new FilterHolder(gate), MCP_ENDPOINT, requests);
              });
          config.events.serverStopping(
              () -> {
                gate.destroy();
                mcp.server().closeGracefully();
              });
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
          config.jetty.threadPool = threadPool();
          config.jetty.host = options.host();
          config.jetty.port = options.port();
          config.jetty.modifyHttpConfiguration(
              http -> {
                http.setRequestHeaderSize(MAX_HEADER_BYTES);
                http.setSendServerVersion(false);
                http.setIdleTimeout(IDLE_TIMEOUT_MS);
              });
          config.jetty.modifyServer(
              server -> {
                server.setStopAtShutdown(false);
                // Jetty's own refusals (bad request line, URI or headers too long) in the API's
                // JSON.
                server.setErrorHandler(new JsonErrorHandler());
                server.insertHandler(questionsInTurn(limits.questions(), limits.waiting()));
              });
          config.http.maxRequestSize = MAX_REQUEST_BYTES;
          config.http.prefer405over404 = true;
          config.staticFiles.add(
              files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
              });
          if (options.corsOrigin() != null) {
            config.bundledPlugins.enableCors(
                cors ->
                    cors.addRule(
                        rule -> {
                          rule.allowHost(options.corsOrigin());
                          rule.path = "/api/*";
                        }));
          }
          if (options.token() != null) {
            config.routes.before(
                "/api/*",
                ctx -> {
                  // A CORS preflight carries no credentials by design; the real request that
                  // follows must.
                  if (ctx.method() != HandlerType.OPTIONS
                      && !BearerFilter.authorized(ctx.header("Authorization"), options.token())) {
                    ctx.header("WWW-Authenticate", "Bearer");
                    throw new ApiError(401, "unauthorized", BearerFilter.UNAUTHORIZED);
                  }
                });
          }
          config.routes.get("/api/ask", ctx -> ctx.json(ask(docs, ctx)));
          config.routes.get(
              "/api/documents", ctx -> ctx.json(Map.of("documents", docs.documents())));
          Examples examples = new Examples(docs);
          config.routes.get("/api/examples", ctx -> ctx.json(Map.of("examples", examples.get())));
          config.routes.get(
              "/api/sections/<id>", ctx -> ctx.json(section(docs, ctx.pathParam("id"))));
          config.routes.get("/api/health", ctx -> ctx.json(health(docs.status())));
          config.routes.get(
              "/api/context",
              ctx ->
                  ctx.contentType("text/plain; charset=utf-8")
                      .result(
                          PromptContext.of(
                                  docs.ask(query(ctx), new AskOptions(top(ctx))), maxTokens(ctx))
                              .text()));
          config.routes.exception(
              ApiError.class,
              (e, ctx) -> {
                ctx.attribute(ANSWERED, true);
                ctx.status(e.status()).json(e.body());
              });
          config.routes.exception(
              java.io.UncheckedIOException.class,
              (e, ctx) -> {
                LOG.warn(
                    "reading the index failed for {} {}: {}",
                    ctx.method(),
                    ctx.path(),
                    e.getMessage());
                ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .json(
                        new ApiError.Body(
                            "unavailable", "the index could not be read just now; try again"));
              });
          config.routes.exception(
              Exception.class,
              (e, ctx) -> {
                LOG.error("bug: {} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .json(
                        new ApiError.Body(
                            "internal",
                            "the server failed to answer; this is a bug and was logged"));
              });
          config.routes.error(
              404,
              "*",
              ctx -> {
                if (ctx.attribute(ANSWERED) == null) {
                  ctx.json(
                      new ApiError.Body(
                          "not_found",
                          "no such page or endpoint: "
                              + abbreviate(ctx.path())
                              + "; the search page is /, the API has /api/ask, /api/context,"
                              + " /api/sections/{id}, /api/documents, /api/examples and"
                              + " /api/health"));
                }
              });
          config.routes.error(
              405,
              "*",
              ctx ->
                  ctx.json(
                      new ApiError.Body(
                          "method_not_allowed",
                          ctx.method()
                              + " is not allowed on "
                              + abbreviate(ctx.path())
                              + "; this server answers GET only")));
          config.routes.error(
              413,
              "*",
              ctx -> ctx.json(new ApiError.Body("too_large", "the request is too large")));
        });
  }

  /** Request threads at most: a few per core (questions are CPU work), never fewer than 16. */
  static int threads() {
    return Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
  }

  /**
   * Request threads sized to the cores, and no reserved threads kept spinning for new work, which
   * on a machine with few cores takes CPU from the questions answered. The queue of work stays
   * Jetty's own (unbounded, as Jetty requires): what bounds the work is {@link #questionsInTurn},
   * which refuses questions beyond what waits, holding no thread.
   */
  private static QueuedThreadPool threadPool() {
    QueuedThreadPool pool = new QueuedThreadPool(threads(), 4, 60_000);
    pool.setReservedThreads(0);
    pool.setName("askdocs-http");
    return pool;
  }

  /** Questions taken in turn: see {@link #QUESTION_CONCURRENCY}. */
  private static QoSHandler questionsInTurn(int concurrency, int waiting) {
    QoSHandler qos =
        new QoSHandler() {
          @Override
          protected void reject(Request request, Response response, Callback callback, int status) {
            busy(response, callback);
          }

          @Override
          protected void expireSuspended(Request request, Response response, Callback callback) {
            busy(response, callback);
          }
        };
    qos.includePath("/api/ask", "/api/context");
    qos.setMaxRequestCount(concurrency);
    qos.setMaxSuspendedRequestCount(waiting);
    qos.setMaxSuspend(QUESTION_WAIT);
    return qos;
  }

  private static void busy(Response response, Callback callback) {
    response.setStatus(503);
    response.getHeaders().put("Retry-After", "1");
    response.getHeaders().put("Content-Type", "application/json");
    JsonErrorHandler.securityHeaders(response);
    response.write(
        true,
        java.nio.ByteBuffer.wrap(
            JsonErrorHandler.json("busy", "too many questions at once; retry in a second")),
        callback);
  }

  /** How many example questions the empty page offers. */
  static final int EXAMPLES = 4;

  /** The example questions of the index in use, found once per index (a few questions' time). */
  private static final class Examples {
    private final AskDocs docs;
    private volatile Map.Entry<Instant, List<String>> cached;

    Examples(AskDocs docs) {
      this.docs = docs;
    }

    List<String> get() {
      Instant built = docs.status().builtAt();
      Map.Entry<Instant, List<String>> c = cached;
      if (c == null || !c.getKey().equals(built)) {
        c = Map.entry(built, docs.examples(EXAMPLES));
        cached = c;
      }
      return c.getValue();
    }
  }

  /**
   * The result JSON, plus what the page needs around it: the question as searched when its last
   * word was completed ({@code prefix=last}), and with {@code facets=true} how many passages the
   * question's words match per document and per top-level folder of the whole corpus, most first.
   */
  private static ObjectNode ask(AskDocs docs, Context ctx) {
    String q = query(ctx);
    AskOptions options = new AskOptions(top(ctx)).within(scope(ctx)).prefixLast(prefix(ctx));
    boolean facets = flag(ctx, "facets");
    AskDocs.Browse b;
    try {
      b =
          facets || options.prefixLast()
              ? docs.browse(q, options)
              : new AskDocs.Browse(docs.ask(q, options), q, Map.of());
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "bad_request", e.getMessage());
    }
    ObjectNode out = Json.MAPPER.valueToTree(b.result());
    if (!b.searched().equals(q)) {
      out.put("searched", b.searched());
    }
    if (facets) {
      ObjectNode f = out.putObject("facets");
      ArrayNode documents = f.putArray("documents");
      Map<String, Integer> folders = new java.util.TreeMap<>();
      b.perSource().entrySet().stream()
          .sorted(
              Map.Entry.<String, Integer>comparingByValue()
                  .reversed()
                  .thenComparing(Map.Entry.comparingByKey()))
          .forEach(
              e -> documents.addObject().put("source", e.getKey()).put("passages", e.getValue()));
      b.perSource()
          .forEach(
              (source, n) -> {
                String folder = Scope.topFolder(source);
                if (folder != null) {
                  folders.merge(folder, n, Integer::sum);
                }
              });
      ArrayNode byFolder = f.putArray("folders");
      folders.entrySet().stream()
          .sorted(
              Map.Entry.<String, Integer>comparingByValue()
                  .reversed()
                  .thenComparing(Map.Entry.comparingByKey()))
          .forEach(
              e -> byFolder.addObject().put("folder", e.getKey()).put("passages", e.getValue()));
    }
    return out;
  }

  /** {@code source=} a document and {@code folder=} a folder ending in /, both optional. */
  static Scope scope(Context ctx) {
    String source = ctx.queryParam("source");
    String folder = ctx.queryParam("folder");
    try {
      return new Scope(
          source == null || source.isEmpty() ? null : source,
          folder == null || folder.isEmpty() ? null : folder);
    } catch (IllegalArgumentException e) {
      throw new ApiError(
          400,
          "bad_scope",
          e.getMessage()
              + "; source is a document's path as results give it "
              + "(e.g. source=guide.md), folder a top folder ending with / (e.g. folder=guides/)");
    }
  }

  /**
   * {@code prefix=last} while the user is still typing the last word; absent or empty otherwise.
   */
  static boolean prefix(Context ctx) {
    String v = ctx.queryParam("prefix");
    if (v == null || v.isEmpty()) {
      return false;
    }
    if (v.equals("last")) {
      return true;
    }
    throw new ApiError(
        400,
        "bad_prefix",
        "prefix may only be last (the last word is still being typed), got \""
            + abbreviate(v)
            + "\"");
  }

  static boolean flag(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty() || v.equals("false")) {
      return false;
    }
    if (v.equals("true")) {
      return true;
    }
    throw new ApiError(
        400, "bad_" + name, name + " must be true or false, got \"" + abbreviate(v) + "\"");
  }

  static String query(Context ctx) {
    String q = ctx.queryParam("q");
    if ((q == null || q.isEmpty()) && badlyEncoded(ctx.queryString(), "q")) {
      throw new ApiError(
          400,
          "bad_encoding",
          "q is not valid percent-encoding (a % must start %XX with two hex digits); "
              + "encode the question, e.g. with encodeURIComponent");
    }
    if (q == null || q.isBlank()) {
      throw new ApiError(
          400,
          "missing_query",
          "the question goes in the q parameter, e.g. /api/ask?q=who+handles+patching");
    }
    if (q.length() > MAX_QUERY_CHARS) {
      throw new ApiError(
          400,
          "query_too_long",
          "q is " + q.length() + " characters long; the limit is " + MAX_QUERY_CHARS);
    }
    return q;
  }

  /**
   * Whether the raw query string holds this parameter with a value that is not valid
   * percent-encoding.
   */
  static boolean badlyEncoded(String rawQuery, String name) {
    if (rawQuery == null) {
      return false;
    }
    for (String part : rawQuery.split("&")) {
      if (part.startsWith(name + "=")) {
        try {
          java.net.URLDecoder.decode(
              part.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A whole number from ASCII digits only (Integer.parseInt also takes other scripts' digits), or
   * -1.
   */
  static int asciiNumber(String v) {
    String s = v.strip();
    return s.length() <= 6 && s.matches("[0-9]+") ? Integer.parseInt(s) : -1;
  }

  static int top(Context ctx) {
    String k = ctx.queryParam("k");
    if (k == null || k.isEmpty()) {
      return AskOptions.DEFAULT_TOP;
    }
    int v = asciiNumber(k);
    if (v >= 1 && v <= AskOptions.MAX_TOP) {
      return v;
    }
    throw new ApiError(
        400,
        "bad_k",
        "k must be a whole number from 1 to "
            + AskOptions.MAX_TOP
            + ", got \""
            + abbreviate(k)
            + "\"");
  }

  static int maxTokens(Context ctx) {
    String v = ctx.queryParam("max_tokens");
    if (v == null || v.isEmpty()) {
      return PromptContext.DEFAULT_MAX_TOKENS;
    }
    int n = asciiNumber(v);
    if (n >= PromptContext.MIN_MAX_TOKENS && n <= PromptContext.MAX_MAX_TOKENS) {
      return n;
    }
    throw new ApiError(
        400,
        "bad_max_tokens",
        "max_tokens must be a whole number from "
            + PromptContext.MIN_MAX_TOKENS
            + " to "
            + PromptContext.MAX_MAX_TOKENS
            + ", got \""
            + abbreviate(v)
            + "\"");
  }

  private static SectionView section(AskDocs docs, String id) {
    if (id.length() > 1000) {
      throw new ApiError(400, "bad_id", "a section id is at most 1000 characters");
    }
    return docs.section(id)
        .orElseThrow(
            () ->
                new ApiError(
                    404,
                    "unknown_section",
                    "no section has the id \""
                        + abbreviate(id)
                        + "\"; ids look like guide.md#install and come from /api/ask results"));
  }

  private static Map<String, Object> health(Status s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", s.ok() ? "ok" : "degraded");
    if (!s.ok()) {
      out.put("problem", s.problem());
    }
    out.put("documents", s.documents());
    out.put("passages", s.passages());
    out.put("builtAt", s.builtAt().toString());
    out.put("now", Instant.now().toString());
    // Which signals rank the answers now: words alone until every passage has its vector.
    out.put("ranking", s.semantic().ready() ? "semantic" : "lexical");
    Map<String, Object> semantic = new LinkedHashMap<>();
    semantic.put("state", s.semantic().state().name().toLowerCase(java.util.Locale.ROOT));
    semantic.put("model", s.semantic().model());
    if (s.semantic().state() == org.askdocs.Status.State.EMBEDDING) {
      semantic.put("embedded", s.semantic().embedded());
      semantic.put("toEmbed", s.semantic().toEmbed());
    }
    if (s.semantic().reason() != null) {
      semantic.put("reason", s.semantic().reason());
    }
    out.put("semantic", semantic);
    return out;
  }

  static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
