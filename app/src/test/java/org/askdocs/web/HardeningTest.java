package org.askdocs.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.askdocs.AskDocs;
import org.askdocs.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a hostile or unlucky client does to the server's less visible doors: the MCP endpoint (slow
 * bodies, abandoned event streams, endless sessions, malformed messages) and Jetty's own refusals.
 * Over real sockets, with the MCP bounds made small so the test is quick.
 */
class HardeningTest {
  @TempDir static Path index;
  static AskDocs docs;
  static Javalin web;
  static int port;
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final WebServer.Limits LIMITS =
      new WebServer.Limits(
          Duration.ofSeconds(1), 100, Duration.ofMinutes(5), Duration.ofMillis(300), 4, 64);

  @BeforeAll
  static void start() throws IOException {
    docs = AskDocs.open(Path.of("../corpus"), index);
    web = WebServer.create(docs, new WebServer.Options("127.0.0.1", 0, null), LIMITS).start();
    port = web.port();
  }

  @AfterAll
  static void stop() throws IOException {
    web.stop();
    docs.close();
  }

  static HttpResponse<String> post(String body, String session) throws Exception {
    return post(port, body, session);
  }

  static HttpResponse<String> post(int port, String body, String session) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      b.header("Mcp-Session-Id", session);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> initialize() throws Exception {
    return initialize(port);
  }

  static HttpResponse<String> initialize(int port) throws Exception {
    return post(
        port,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}",
        null);
  }

  static void assertRpcError(HttpResponse<String> r, int status, int code, String message)
      throws IOException {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
    JsonNode j = Json.MAPPER.readTree(r.body());
    assertEquals("2.0", j.get("jsonrpc").asText());
    assertEquals(code, j.at("/error/code").asInt(), r.body());
    assertEquals(message, j.at("/error/message").asText());
    assertEquals(List.of("nosniff"), r.headers().allValues("X-Content-Type-Options"));
    assertFalse(r.body().contains("stackTrace") || r.body().contains("java."), r.body());
  }

  static String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void slowMcpBodiesCannotTakeTheServerDown() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < WebServer.MCP_CONCURRENCY + 20; i++) {
        Socket s = new Socket("127.0.0.1", port);
        s.getOutputStream()
            .write(
                ("POST /mcp HTTP/1.1\r\n"
                        + "Host: x\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Accept: application/json, text/event-stream\r\n"
                        + "Content-Length: 10000\r\n\r\n"
                        + "{")
                    .getBytes(StandardCharsets.US_ASCII));
        slow.add(s);
      }
      // While they trickle, the API answers.
      HttpResponse<String> health =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      Map<String, Integer> statuses = new HashMap<>();
      for (Socket s : slow) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        String line;
        try {
          out.write(' ');
          line = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        } catch (IOException e) {
          line = "closed";
        }
        statuses.merge(line, 1, Integer::sum);
      }
      assertEquals(
          Map.of("HTTP/1.1 408", WebServer.MCP_CONCURRENCY, "HTTP/1.1 503", 20),
          statuses,
          "the gate's share of threads waits at most the read timeout; the rest are refused at"
              + " once");
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void abandonedEventStreamsAreClosed() throws Exception {
    List<Socket> streams = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String session = initialize().headers().firstValue("Mcp-Session-Id").orElseThrow();
      Socket s = new Socket("127.0.0.1", port);
      s.getOutputStream()
          .write(
              ("GET /mcp HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nMcp-Session-Id: "
                      + session
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(5_000);
      InputStream in = s.getInputStream();
      assertEquals("HTTP/1.1 200", new String(in.readNBytes(12), StandardCharsets.US_ASCII));
      streams.add(s);
    }
    for (Socket s : streams) {
      s.close();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (closeWait(port) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(
        0, closeWait(port), "the keep-alive ping finds the streams whose client went away");
  }

  /**
   * Sockets of this port the peer closed and the server has not (Linux's /proc/net/tcp, state 08).
   */
  static long closeWait(int port) throws IOException {
    String local = String.format(":%04X ", port);
    long n = 0;
    for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path p = Path.of(file);
      if (Files.isReadable(p)) {
        n +=
            Files.readAllLines(p).stream()
                .map(String::strip)
                .filter(l -> l.split("\\s+").length > 3)
                .filter(
                    l ->
                        (l.split("\\s+")[1] + " ").endsWith(local)
                            && l.split("\\s+")[3].equals("08"))
                .count();
      }
    }
    return n;
  }

  @Test
  void sessionsExpireWhenIdleAndNewOnesAreRefusedPolitelyAtTheCap() throws Exception {
    Duration idle = Duration.ofSeconds(1);
    Javalin small =
        WebServer.create(
                docs,
                new WebServer.Options("127.0.0.1", 0, null),
                new WebServer.Limits(Duration.ofSeconds(1), 4, idle, Duration.ofSeconds(30), 4, 64))
            .start();
    try {
      List<String> sessions = new ArrayList<>();
      HttpResponse<String> r;
      while ((r = initialize(small.port())).statusCode() == 200) {
        sessions.add(r.headers().firstValue("Mcp-Session-Id").orElseThrow());
        assertTrue(sessions.size() <= 4, "no more than the cap");
      }
      assertEquals(4, sessions.size());
      assertRpcError(
          r,
          503,
          McpGate.SERVER_BUSY,
          "this server already holds its maximum of 4 MCP sessions; retry later, "
              + "and end sessions you no longer use with DELETE");
      assertEquals("60", r.headers().firstValue("Retry-After").orElseThrow());
      Thread.sleep(idle.toMillis() + 1000);
      assertRpcError(
          post(
              small.port(),
              "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
              sessions.getFirst()),
          404,
          McpGate.INVALID_REQUEST,
          "no such session (unknown, ended, or idle for more than 1 second); send initialize to"
              + " start a new one");
      assertEquals(200, initialize(small.port()).statusCode(), "expired sessions make room");
    } finally {
      small.stop();
    }
  }

  @Test
  void questionsBeyondWhatTheCoresCanSearchGet503WithRetryAfterNotEndlessWaits() throws Exception {
    Javalin one =
        WebServer.create(
                docs,
                new WebServer.Options("127.0.0.1", 0, null),
                new WebServer.Limits(
                    Duration.ofSeconds(1), 4, Duration.ofMinutes(5), Duration.ofSeconds(30), 1, 0))
            .start();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(32)) {
      List<java.util.concurrent.Future<HttpResponse<String>>> replies = new ArrayList<>();
      for (int i = 0; i < 96; i++) {
        String q = java.net.URLEncoder.encode("who handles patching " + i, StandardCharsets.UTF_8);
        replies.add(
            pool.submit(
                () ->
                    HTTP.send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + one.port() + "/api/ask?q=" + q))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())));
      }
      Map<Integer, Integer> statuses = new HashMap<>();
      for (var f : replies) {
        HttpResponse<String> r = f.get();
        statuses.merge(r.statusCode(), 1, Integer::sum);
        if (r.statusCode() == 503) {
          assertEquals("1", r.headers().firstValue("Retry-After").orElseThrow());
          assertEquals(
              "{\"error\":\"busy\",\"message\":\"too many questions at once; retry in a second\"}",
              r.body());
          assertEquals(List.of("nosniff"), r.headers().allValues("X-Content-Type-Options"));
        }
      }
      assertEquals(java.util.Set.of(200, 503), statuses.keySet(), statuses.toString());
      assertEquals(
          200,
          HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + one.port() + "/api/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode(),
          "the rest of the server is not held back");
    } finally {
      one.stop();
    }
  }

  @ParameterizedTest(name = "{0} {1} [{2}] -> {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GET    | none    |                                                     | 400 | -32600 | this request needs the Mcp-Session-Id header that the reply to initialize gave
          DELETE | none    |                                                     | 400 | -32600 | this request needs the Mcp-Session-Id header that the reply to initialize gave
          GET    | unknown |                                                     | 404 | -32600 | no such session (unknown, ended, or idle for more than 5 minutes); send initialize to start a new one
          POST   | none    | {bad                                                | 400 | -32700 | the body is not valid JSON
          POST   | none    |                                                     | 400 | -32600 | the body is empty; it must be one JSON-RPC message
          POST   | none    | null                                                | 400 | -32600 | the body must be a JSON-RPC message (a JSON object), not null
          POST   | none    | [{"jsonrpc":"2.0","id":1,"method":"ping"}]          | 400 | -32600 | JSON-RPC batches are not supported; send one message per request
          POST   | none    | {"id":1,"method":"ping"}                            | 400 | -32600 | the message must have "jsonrpc": "2.0"
          POST   | none    | {"jsonrpc":"2.0","id":1,"method":"tools/call"}      | 400 | -32602 | tools/call needs "params" with the tool's "name" and its "arguments"
          POST   | none    | {"jsonrpc":"2.0","id":1,"method":"tools/list"}      | 400 | -32600 | this request needs the Mcp-Session-Id header that the reply to initialize gave
          POST   | unknown | {"jsonrpc":"2.0","id":1,"method":"tools/list"}      | 404 | -32600 | no such session (unknown, ended, or idle for more than 5 minutes); send initialize to start a new one
          """)
  void malformedMcpRequestsGetJsonRpcErrorsWithoutStackTraces(
      String method, String session, String body, int status, int code, String message)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (session.equals("unknown")) {
      b.header("Mcp-Session-Id", "no-such-session");
    }
    assertRpcError(
        HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()), status, code, message);
  }

  @Test
  void aWrongContentTypeAndTraceAreRefusedWithoutEchoingAnything() throws Exception {
    HttpResponse<String> text =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertRpcError(
        text,
        415,
        McpGate.INVALID_REQUEST,
        "MCP messages are JSON: send \"Content-Type: application/json\"");
    String trace =
        raw(
            "TRACE /mcp HTTP/1.1\r\n"
                + "Host: x\r\n"
                + "Authorization: Bearer secret-secret-secret\r\n"
                + "Cookie: session=c00kie\r\n"
                + "Connection: close\r\n\r\n");
    assertTrue(trace.startsWith("HTTP/1.1 405"), trace);
    assertTrue(trace.contains("Allow: GET, POST, DELETE"), trace);
    assertFalse(trace.contains("secret") || trace.contains("c00kie"), trace);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a malformed request line | GARBAGE                                        | 400 | bad_request
          an unknown HTTP version  | GET / HTTP/3.0                                 | 505 | http_version_not_supported
          a URI too long           | GET /api/ask?q=LONG HTTP/1.1                   | 414 | uri_too_long
          """)
  void jettysOwnRefusalsAreJsonWithTheSecurityHeaders(
      String what, String line, int status, String code) throws Exception {
    String reply =
        raw(line.replace("LONG", "a".repeat(40_000)) + "\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(reply.startsWith("HTTP/1.1 " + status), reply);
    assertTrue(reply.contains("Content-Type: application/json"), reply);
    assertTrue(reply.contains("X-Content-Type-Options: nosniff"), reply);
    assertTrue(reply.contains("Content-Security-Policy: " + HttpGuard.CSP), reply);
    JsonNode body = Json.MAPPER.readTree(reply.substring(reply.indexOf("\r\n\r\n") + 4));
    assertEquals(code, body.get("error").asText());
    assertFalse(reply.toLowerCase().contains("<html") || reply.contains("jetty"), reply);
  }

  @Test
  void theMcpEndpointWorksThroughTheGate() throws Exception {
    String session = initialize().headers().firstValue("Mcp-Session-Id").orElseThrow();
    post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session);
    HttpResponse<String> r =
        post(
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"search_docs\",\"arguments\":{\"query\":\"who"
                + " handles patching\"}}}",
            session);
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("AVS is responsible for periodic security patching"), r.body());
    HttpResponse<String> end =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Mcp-Session-Id", session)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, end.statusCode());
    assertEquals(
        404,
        post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", session).statusCode());
  }
}
