package org.askdocs.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.askdocs.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * What stands between the network and the MCP SDK's Streamable HTTP servlet. The SDK trusts its
 * input and keeps every session forever, so this gate:
 *
 * <ul>
 *   <li>lets only a bounded number of MCP requests in at once, so slow clients cannot hold every
 *       request thread (the rest of the server stays answerable); the excess gets 503 and
 *       Retry-After;
 *   <li>reads and checks each POST body itself (size, JSON, one JSON-RPC message, the params the
 *       method needs) and answers a bad one with a JSON-RPC error;
 *   <li>knows the live sessions: unknown or expired ids get 404 (the protocol's "initialize
 *       again"), sessions idle longer than {@link #idleTimeout} are closed, and new sessions are
 *       refused politely beyond {@link #maxSessions};
 *   <li>turns every error the SDK writes (which serializes whole Java exceptions, stack traces
 *       included) into a plain JSON-RPC error.
 * </ul>
 *
 * Thread-safe; {@link #destroy()} stops the sweeper.
 */
final class McpGate extends HttpFilter {
  static final String SESSION_HEADER = "Mcp-Session-Id";

  /** JSON-RPC error codes (JSON-RPC 2.0, section 5.1). */
  static final int PARSE_ERROR = -32700;

  static final int INVALID_REQUEST = -32600;
  static final int INVALID_PARAMS = -32602;
  static final int SERVER_BUSY = -32000;

  /** Methods whose params must be an object. */
  private static final Set<String> NEEDS_PARAMS =
      Set.of(
          "initialize",
          "tools/call",
          "resources/read",
          "prompts/get",
          "completion/complete",
          "logging/setLevel",
          "resources/subscribe",
          "resources/unsubscribe");

  private final HttpServlet transport;
  private final int maxBodyBytes;
  private final int maxSessions;
  private final Duration idleTimeout;
  private final Duration readTimeout;
  private final Semaphore inFlight;

  /** Live sessions and when each was last used (nanoTime). */
  private final Map<String, Long> sessions = new ConcurrentHashMap<>();

  private final ScheduledExecutorService sweeper;

  /**
   * @param transport the SDK's servlet, told to close the sessions this gate expires
   * @param maxConcurrent how many MCP requests may be read and answered at once
   * @param readTimeout how long a request body may take to arrive, in all
   */
  McpGate(
      HttpServlet transport,
      int maxBodyBytes,
      Duration readTimeout,
      int maxConcurrent,
      int maxSessions,
      Duration idleTimeout) {
    this.transport = transport;
    this.readTimeout = readTimeout;
    this.maxBodyBytes = maxBodyBytes;
    this.maxSessions = maxSessions;
    this.idleTimeout = idleTimeout;
    this.inFlight = new Semaphore(maxConcurrent);
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "askdocs-mcp-sessions");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(1, Math.min(60_000, idleTimeout.toMillis() / 4));
    sweeper.scheduleWithFixedDelay(this::expireIdle, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public void destroy() {
    sweeper.shutdownNow();
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!inFlight.tryAcquire()) {
      res.setHeader("Retry-After", "1");
      rpcError(
          res, 503, SERVER_BUSY, "the MCP endpoint is busy with other requests; retry in a second");
      return;
    }
    try {
      switch (req.getMethod()) {
        case "POST" -> post(req, res, chain);
        case "GET", "DELETE" -> streamOrDelete(req, res, chain);
        default ->
            rpcError(res, 405, INVALID_REQUEST, "the MCP endpoint answers GET, POST and DELETE");
      }
    } finally {
      inFlight.release();
    }
  }

  private void streamOrDelete(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String session = knownSession(req, res);
    if (session == null) {
      return;
    }
    if (req.getMethod().equals("GET") && !accepts(req, "text/event-stream")) {
      rpcError(
          res,
          406,
          INVALID_REQUEST,
          "a GET on the MCP endpoint opens an event stream: send \"Accept: text/event-stream\"");
      return;
    }
    Sanitizing wrapped = new Sanitizing(res);
    chain.doFilter(req, wrapped);
    wrapped.finish();
    if (req.getMethod().equals("DELETE") && wrapped.getStatus() < 300) {
      sessions.remove(session);
    }
  }

  private void post(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String type = req.getContentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      rpcError(
          res,
          415,
          INVALID_REQUEST,
          "MCP messages are JSON: send \"Content-Type: application/json\"");
      return;
    }
    if (!accepts(req, "application/json") || !accepts(req, "text/event-stream")) {
      rpcError(
          res,
          406,
          INVALID_REQUEST,
          "send \"Accept: application/json, text/event-stream\": replies come as JSON or as an"
              + " event stream");
      return;
    }
    byte[] body = readBody(req, res);
    if (body == null) {
      return;
    }
    JsonNode message;
    try {
      message = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      rpcError(res, 400, PARSE_ERROR, "the body is not valid JSON");
      return;
    }
    String problem = problem(message);
    if (problem != null) {
      rpcError(
          res,
          400,
          message != null
                  && message.isObject()
                  && "tools/call".equals(message.path("method").asText())
              ? INVALID_PARAMS
              : INVALID_REQUEST,
          problem);
      return;
    }
    boolean initialize = "initialize".equals(message.path("method").asText()) && message.has("id");
    if (initialize) {
      if (sessions.size() >= maxSessions) {
        expireIdle();
      }
      if (sessions.size() >= maxSessions) {
        res.setHeader("Retry-After", "60");
        rpcError(
            res,
            503,
            SERVER_BUSY,
            "this server already holds its maximum of "
                + maxSessions
                + " MCP sessions; retry later, and end sessions you no longer use with DELETE");
        return;
      }
    } else if (knownSession(req, res) == null) {
      return;
    }
    Sanitizing wrapped = new Sanitizing(res);
    chain.doFilter(new CachedBody(req, body), wrapped);
    wrapped.finish();
    if (initialize && wrapped.getStatus() == 200) {
      String id = wrapped.getHeader(SESSION_HEADER);
      if (id != null) {
        sessions.put(id, System.nanoTime());
      }
    }
  }

  /** What is wrong with a message as one JSON-RPC 2.0 message, or null when nothing is. */
  static @Nullable String problem(@Nullable JsonNode m) {
    if (m == null || m.isMissingNode()) {
      return "the body is empty; it must be one JSON-RPC message";
    }
    if (m.isArray()) {
      return "JSON-RPC batches are not supported; send one message per request";
    }
    if (!m.isObject()) {
      return "the body must be a JSON-RPC message (a JSON object), not "
          + m.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
    if (!"2.0".equals(m.path("jsonrpc").asText(null)) || !m.path("jsonrpc").isTextual()) {
      return "the message must have \"jsonrpc\": \"2.0\"";
    }
    JsonNode id = m.get("id");
    if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
      return "\"id\" must be a string or a whole number";
    }
    JsonNode method = m.get("method");
    if (method == null) {
      if (id == null || !(m.has("result") || m.has("error"))) {
        return "the message needs a \"method\" (a request or notification) or an \"id\" with a"
            + " \"result\" or \"error\" (a response)";
      }
      return null;
    }
    if (!method.isTextual() || method.asText().isEmpty()) {
      return "\"method\" must be a non-empty string";
    }
    JsonNode params = m.get("params");
    if (params != null && !params.isObject()) {
      return "\"params\" must be an object";
    }
    if (params == null && id != null && NEEDS_PARAMS.contains(method.asText())) {
      return method.asText()
          + " needs \"params\""
          + (method.asText().equals("tools/call")
              ? " with the tool's \"name\" and its \"arguments\""
              : "");
    }
    if (method.asText().equals("tools/call") && id != null && !params.path("name").isTextual()) {
      return "tools/call needs \"params.name\", the tool to call";
    }
    return null;
  }

  /**
   * The request's session when it is one this server holds (touched), else null with the error
   * written.
   */
  private @Nullable String knownSession(HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    String id = req.getHeader(SESSION_HEADER);
    if (id == null || id.isBlank()) {
      rpcError(
          res,
          400,
          INVALID_REQUEST,
          "this request needs the " + SESSION_HEADER + " header that the reply to initialize gave");
      return null;
    }
    if (sessions.computeIfPresent(id, (k, v) -> System.nanoTime()) == null) {
      rpcError(
          res,
          404,
          INVALID_REQUEST,
          "no such session (unknown, ended, or idle for more than "
              + human(idleTimeout)
              + "); send initialize to start a new one");
      return null;
    }
    return id;
  }

  /**
   * The body, at most {@link #maxBodyBytes}; null with the error written when it is too large or
   * arrives too slowly.
   */
  private byte @Nullable [] readBody(HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    if (req.getContentLengthLong() > maxBodyBytes) {
      rpcError(
          res, 413, INVALID_REQUEST, "the message is larger than " + maxBodyBytes / 1024 + " KB");
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    // A body trickling in a byte at a time resets every idle timeout; this bounds the whole read.
    Thread reader = Thread.currentThread();
    java.util.concurrent.atomic.AtomicBoolean reading =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    var deadline =
        sweeper.schedule(
            () -> {
              synchronized (reading) {
                if (reading.get()) {
                  reader.interrupt();
                }
              }
            },
            readTimeout.toMillis(),
            TimeUnit.MILLISECONDS);
    try (InputStream in = req.getInputStream()) {
      for (int n; (n = in.read(buf)) != -1; ) {
        out.write(buf, 0, n);
        if (out.size() > maxBodyBytes) {
          rpcError(
              res,
              413,
              INVALID_REQUEST,
              "the message is larger than " + maxBodyBytes / 1024 + " KB");
          return null;
        }
      }
    } catch (IOException e) {
      // Too slow, or the client went away.
      if (!res.isCommitted()) {
        res.setHeader("Connection", "close");
        rpcError(
            res,
            408,
            INVALID_REQUEST,
            "the message did not arrive within " + readTimeout.toSeconds() + " seconds");
      }
      return null;
    } finally {
      synchronized (reading) {
        reading.set(false);
      }
      deadline.cancel(false);
      Thread.interrupted(); // a deadline that fired just as the read ended must not reach the next
      // request
    }
    return out.toByteArray();
  }

  /** Closes sessions idle for longer than the timeout, through the SDK's own DELETE handling. */
  void expireIdle() {
    long now = System.nanoTime();
    for (Map.Entry<String, Long> e : sessions.entrySet()) {
      if (now - e.getValue() > idleTimeout.toNanos() && sessions.remove(e.getKey(), e.getValue())) {
        closeInTransport(e.getKey());
      }
    }
  }

  /**
   * Asks the SDK's servlet to end a session as a client's DELETE would: the SDK offers no other
   * public way to drop one, and this way its own clean-up runs.
   */
  private void closeInTransport(String session) {
    Map<String, String> headers =
        Map.of(SESSION_HEADER.toLowerCase(java.util.Locale.ROOT), session);
    HttpServletRequest request =
        (HttpServletRequest)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getMethod" -> "DELETE";
                      case "getRequestURI" -> WebServer.MCP_ENDPOINT;
                      case "getHeader" ->
                          headers.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
                      case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                      case "getHeaders" ->
                          Collections.enumeration(
                              headers.containsKey(
                                      ((String) args[0]).toLowerCase(java.util.Locale.ROOT))
                                  ? java.util.List.of(session)
                                  : java.util.List.<String>of());
                      case "getAttribute",
                          "getContentType",
                          "getCharacterEncoding",
                          "getQueryString",
                          "getRemoteAddr" ->
                          null;
                      case "hashCode" -> System.identityHashCode(proxy);
                      case "equals" -> proxy == args[0];
                      case "toString" -> "session expiry";
                      default -> defaultValue(method.getReturnType());
                    });
    StringWriter sink = new StringWriter();
    HttpServletResponse response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getWriter" -> new PrintWriter(sink);
                      case "hashCode" -> System.identityHashCode(proxy);
                      case "equals" -> proxy == args[0];
                      case "toString" -> "session expiry";
                      default -> defaultValue(method.getReturnType());
                    });
    try {
      transport.service(request, response);
    } catch (ServletException | IOException | RuntimeException e) {
      // The session is gone from this gate either way; the SDK may have dropped it already.
    }
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s >= 120 ? s / 60 + " minutes" : s == 1 ? "1 second" : s + " seconds";
  }

  private static @Nullable Object defaultValue(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    return null;
  }

  private static boolean accepts(HttpServletRequest req, String type) {
    String accept = req.getHeader("Accept");
    return accept != null && (accept.contains(type) || accept.contains("*/*"));
  }

  static void rpcError(HttpServletResponse res, int status, int code, String message)
      throws IOException {
    JsonErrorHandler.send(res, status, rpcErrorBody(code, message));
  }

  static byte[] rpcErrorBody(int code, String message) throws JsonProcessingException {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("jsonrpc", "2.0");
    root.putNull("id");
    root.putObject("error").put("code", code).put("message", message);
    return Json.MAPPER.writeValueAsBytes(root);
  }

  /** A request whose body was already read by the gate. */
  private static final class CachedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    CachedBody(HttpServletRequest req, byte[] body) {
      super(req);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was already read");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(
          new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }

  /**
   * Passes successful replies (JSON and event streams) straight through, and rewrites error replies
   * into {@code {"jsonrpc":"2.0","id":null,"error":{"code","message"}}}: the SDK's own error bodies
   * are serialized exceptions with their stack traces, and its {@code sendError} would render a
   * page.
   */
  private static final class Sanitizing extends HttpServletResponseWrapper {
    private @Nullable ByteArrayOutputStream captured;
    private @Nullable PrintWriter writer;

    Sanitizing(HttpServletResponse res) {
      super(res);
    }

    @Override
    public void sendError(int sc) throws IOException {
      sendError(sc, null);
    }

    @Override
    public void sendError(int sc, @Nullable String msg) throws IOException {
      String message =
          switch (sc) {
            case 404 -> "no such session; send initialize to start a new one";
            case 413 -> "the message is too large";
            case 503 -> "the server is shutting down";
            default ->
                msg != null && msg.length() < 200 && msg.chars().allMatch(c -> c >= 32 && c < 127)
                    ? msg
                    : "the request failed";
          };
      rpcError(
          (HttpServletResponse) getResponse(), sc, sc >= 500 ? -32603 : INVALID_REQUEST, message);
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (getStatus() < 400) {
        return super.getWriter();
      }
      if (writer == null) {
        captured = new ByteArrayOutputStream();
        writer = new PrintWriter(new OutputStreamWriter(captured, StandardCharsets.UTF_8));
      }
      return writer;
    }

    /** Writes the clean form of a captured error body. */
    void finish() throws IOException {
      if (captured == null) {
        return;
      }
      writer.flush();
      int code = -32603;
      String message = "the request failed";
      try {
        JsonNode node = Json.MAPPER.readTree(captured.toByteArray());
        JsonNode error = node.has("jsonRpcError") ? node.get("jsonRpcError") : node.path("error");
        if (error.path("code").isInt()) {
          code = error.get("code").asInt();
        }
        String text = error.path("message").asText("");
        if (!text.isBlank()) {
          // The SDK appends exception messages; keep the first line, which is its own words.
          message = text.lines().findFirst().orElse(message);
          if (message.length() > 300) {
            message = message.substring(0, 300) + "…";
          }
        }
      } catch (IOException | RuntimeException e) {
        // Not JSON: the generic message stands.
      }
      HttpServletResponse res = (HttpServletResponse) getResponse();
      res.resetBuffer();
      rpcError(res, getStatus(), code, message);
    }
  }
}
