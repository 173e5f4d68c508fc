package org.askdocs.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.askdocs.AskDocs;
import org.askdocs.AskOptions;
import org.askdocs.PromptContext;
import org.askdocs.mcp.DocsMcpServer;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.askdocs.SectionView;
import org.askdocs.Status;
import org.askdocs.json.Json;
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
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  /** Set on requests whose error body was already written, so the status handlers leave it alone. */
  private static final String ANSWERED = "askdocs.errorWritten";

  private WebServer() {}

  /**
   * Server settings.
   *
   * @param corsOrigin the one origin allowed to call the API from a browser, or null for none
   * @param token the bearer token the API and /mcp require, or null when they are open (loopback use)
   */
  public record Options(String host, int port, String corsOrigin, String token) {
    public Options {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      if (token != null && (token.length() < 16 || !token.chars().allMatch(c -> c > 32 && c < 127))) {
        throw new IllegalArgumentException("the token must be at least 16 printable characters without spaces");
      }
    }

    public Options(String host, int port, String corsOrigin) {
      this(host, port, corsOrigin, null);
    }
  }

  /** Idle connections and slow clients are dropped after this long, so they cannot hold threads. */
  static final long IDLE_TIMEOUT_MS = 15_000;

  /** Where chatbots reach the MCP server (Streamable HTTP). */
  public static final String MCP_ENDPOINT = "/mcp";

  /** Builds the app (not started): the page, the JSON API, and the MCP server at {@value #MCP_ENDPOINT}. */
  public static Javalin create(AskDocs docs, Options options) {
    DocsMcpServer.Http mcp = DocsMcpServer.http(docs, MCP_ENDPOINT);
    return Javalin.create(config -> {
      config.jetty.modifyServletContextHandler(handler -> {
        handler.addServlet(new ServletHolder(mcp.servlet()), MCP_ENDPOINT);
        if (options.token() != null) {
          handler.addFilter(new FilterHolder(new BearerFilter(options.token())), MCP_ENDPOINT, EnumSet.of(DispatcherType.REQUEST));
        }
      });
      config.events.serverStopping(() -> mcp.server().closeGracefully());
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
      config.jetty.threadPool = threadPool();
      config.jetty.host = options.host();
      config.jetty.port = options.port();
      config.jetty.modifyHttpConfiguration(http -> {
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setIdleTimeout(IDLE_TIMEOUT_MS);
      });
      config.jetty.modifyServer(server -> server.setStopAtShutdown(false));
      config.http.maxRequestSize = MAX_REQUEST_BYTES;
      config.http.prefer405over404 = true;
      config.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = "/public";
        files.location = Location.CLASSPATH;
      });
      if (options.corsOrigin() != null) {
        config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
          rule.allowHost(options.corsOrigin());
          rule.path = "/api/*";
        }));
      }
      config.routes.before(WebServer::securityHeaders);
      if (options.token() != null) {
        config.routes.before("/api/*", ctx -> {
          if (!BearerFilter.authorized(ctx.header("Authorization"), options.token())) {
            throw new ApiError(401, "unauthorized", "this server requires \"Authorization: Bearer <token>\" (the token given to askdocs serve --token)");
          }
        });
      }
      config.routes.get("/api/ask", ctx -> ctx.json(docs.ask(query(ctx), new AskOptions(top(ctx)))));
      config.routes.get("/api/sections/<id>", ctx -> ctx.json(section(docs, ctx.pathParam("id"))));
      config.routes.get("/api/health", ctx -> ctx.json(health(docs.status())));
      config.routes.get("/api/context", ctx -> ctx.contentType("text/plain; charset=utf-8")
          .result(PromptContext.of(docs.ask(query(ctx), new AskOptions(top(ctx))), maxTokens(ctx)).text()));
      config.routes.exception(ApiError.class, (e, ctx) -> {
        ctx.attribute(ANSWERED, true);
        ctx.status(e.status()).json(e.body());
      });
      config.routes.exception(java.io.UncheckedIOException.class, (e, ctx) -> {
        LOG.warn("reading the index failed for {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(new ApiError.Body("unavailable", "the index could not be read just now; try again"));
      });
      config.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("bug: {} {} failed", ctx.method(), ctx.path(), e);
        ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(new ApiError.Body("internal", "the server failed to answer; this is a bug and was logged"));
      });
      config.routes.error(404, "*", ctx -> {
        if (ctx.path().startsWith("/api/") && ctx.attribute(ANSWERED) == null) {
          ctx.json(new ApiError.Body("not_found", "no such endpoint: " + ctx.path() + "; the API has /api/ask, /api/context, /api/sections/{id} and /api/health"));
        }
      });
      config.routes.error(405, "*", ctx -> ctx.json(new ApiError.Body("method_not_allowed",
          ctx.method() + " is not allowed on " + ctx.path() + "; the API answers GET only")));
      config.routes.error(413, "*", ctx -> ctx.json(new ApiError.Body("too_large", "the request is too large")));
    });
  }

  /**
   * Request threads: enough for many concurrent questions, and no reserved threads kept spinning for
   * new work, which on a machine with few cores takes CPU from the questions being answered.
   */
  private static QueuedThreadPool threadPool() {
    QueuedThreadPool pool = new QueuedThreadPool(200, 8, 60_000);
    pool.setReservedThreads(0);
    pool.setName("askdocs-http");
    return pool;
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    if (ctx.path().startsWith("/api/")) {
      ctx.header("Cache-Control", "no-store");
    }
  }

  static String query(Context ctx) {
    String q = ctx.queryParam("q");
    if (q == null || q.isBlank()) {
      throw new ApiError(400, "missing_query", "the question goes in the q parameter, e.g. /api/ask?q=who+handles+patching");
    }
    if (q.length() > MAX_QUERY_CHARS) {
      throw new ApiError(400, "query_too_long", "q is " + q.length() + " characters long; the limit is " + MAX_QUERY_CHARS);
    }
    return q;
  }

  static int top(Context ctx) {
    String k = ctx.queryParam("k");
    if (k == null || k.isEmpty()) {
      return AskOptions.DEFAULT_TOP;
    }
    try {
      int v = Integer.parseInt(k.strip());
      if (v >= 1 && v <= AskOptions.MAX_TOP) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with what is allowed
    }
    throw new ApiError(400, "bad_k", "k must be a whole number from 1 to " + AskOptions.MAX_TOP + ", got \"" + abbreviate(k) + "\"");
  }

  static int maxTokens(Context ctx) {
    String v = ctx.queryParam("max_tokens");
    if (v == null || v.isEmpty()) {
      return PromptContext.DEFAULT_MAX_TOKENS;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= PromptContext.MIN_MAX_TOKENS && n <= PromptContext.MAX_MAX_TOKENS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with what is allowed
    }
    throw new ApiError(400, "bad_max_tokens", "max_tokens must be a whole number from " + PromptContext.MIN_MAX_TOKENS
        + " to " + PromptContext.MAX_MAX_TOKENS + ", got \"" + abbreviate(v) + "\"");
  }

  private static SectionView section(AskDocs docs, String id) {
    if (id.length() > 1000) {
      throw new ApiError(400, "bad_id", "a section id is at most 1000 characters");
    }
    return docs.section(id).orElseThrow(() -> new ApiError(404, "unknown_section",
        "no section has the id \"" + abbreviate(id) + "\"; ids look like guide.md#install and come from /api/ask results"));
  }

  private static Map<String, Object> health(Status s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "ok");
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

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
