package org.askdocs.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.askdocs.AskDocs;
import org.askdocs.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every route and every refusal of the HTTP API, over real HTTP. */
class WebServerTest {
  @TempDir static Path index;
  static AskDocs docs;

  @BeforeAll
  static void open() throws IOException {
    docs = AskDocs.open(Path.of("../corpus"), index);
  }

  @AfterAll
  static void close() throws IOException {
    docs.close();
  }

  static void withServer(String cors, io.javalin.testtools.TestCase test) {
    JavalinTest.test(WebServer.create(docs, new WebServer.Options("127.0.0.1", 0, cors)), test);
  }

  static JsonNode json(Response r) throws IOException {
    return Json.MAPPER.readTree(r.body().string());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static void assertError(Response r, int status, String code, String message) throws IOException {
    assertEquals(status, r.code());
    assertEquals(List.of("application/json"), r.headers().get("Content-Type"));
    JsonNode j = json(r);
    assertEquals(code, j.get("error").asText());
    assertEquals(message, j.get("message").asText());
  }

  @Test
  void askAnswersWithTheResultContract() {
    withServer(
        null,
        (server, client) -> {
          Response r = client.get("/api/ask?q=" + enc("who handles patching"));
          assertEquals(200, r.code());
          JsonNode j = json(r);
          assertEquals("who handles patching", j.get("query").asText());
          assertTrue(j.get("answered").asBoolean());
          assertEquals(
              "AVS is responsible for periodic security patching of managed VMware software (ESXi,"
                  + " vCenter, and NSX).",
              j.at("/answer/text").asText());
          assertEquals("Vulnerability and patch management", j.at("/results/0/heading").asText());
          assertEquals(5, j.get("results").size());
          assertEquals(
              5, json(client.get("/api/ask?q=security")).get("results").size(), "k defaults to 5");
          assertEquals(1, json(client.get("/api/ask?q=security&k=1")).get("results").size());
          assertEquals(
              25,
              json(client.get("/api/ask?q=security&k=50")).get("results").size(),
              "every passage: by meaning, those that do not say 'security' come after those that"
                  + " do");
        });
  }

  @Test
  void aQuestionTheDocsDoNotAnswerIsDeclinedWithTheNearestPassages() {
    withServer(
        null,
        (server, client) -> {
          JsonNode j = json(client.get("/api/ask?q=" + enc("how much does it cost per month")));
          assertFalse(j.get("answered").asBoolean());
          assertTrue(j.get("answer").isNull());
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/ask", "/api/ask?q=", "/api/ask?q=%20%20", "/api/ask?k=3"})
  void aMissingQuestionIs400(String url) {
    withServer(
        null,
        (server, client) ->
            assertError(
                client.get(url),
                400,
                "missing_query",
                "the question goes in the q parameter, e.g. /api/ask?q=who+handles+patching"));
  }

  @ParameterizedTest
  @CsvSource({"0", "51", "abc", "1.5", "-1", "99999999999999999999"})
  void aBadKIs400(String k) {
    withServer(
        null,
        (server, client) ->
            assertError(
                client.get("/api/ask?q=x&k=" + enc(k)),
                400,
                "bad_k",
                "k must be a whole number from 1 to 50, got \"" + k + "\""));
  }

  @Test
  void anOverlongQuestionIs400() {
    withServer(
        null,
        (server, client) -> {
          assertError(
              client.get("/api/ask?q=" + "a".repeat(2001)),
              400,
              "query_too_long",
              "q is 2001 characters long; the limit is 2000");
          assertEquals(
              200,
              client.get("/api/ask?q=" + enc("é".repeat(2000))).code(),
              "2000 characters, even percent-encoded, fit");
        });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "AND",
        "C++",
        "\"unbalanced",
        "*",
        "field:value",
        "[1 TO 5]",
        "%00",
        "<script>alert(1)</script>",
        "🙂"
      })
  void hostileQuestionsAreAnswered(String q) {
    withServer(
        null,
        (server, client) -> {
          Response r = client.get("/api/ask?q=" + enc(q));
          assertEquals(200, r.code());
          assertEquals(q, json(r).get("query").asText());
        });
  }

  @Test
  void aSectionIsServedWholeAndUnknownOrTraversingIdsAre404() {
    withServer(
        null,
        (server, client) -> {
          JsonNode s =
              json(client.get("/api/sections/" + enc("avs-security-overview.md#data-backups")));
          assertEquals("Data backups", s.get("heading").asText());
          assertEquals(
              List.of("avs-security-overview.md#data-backups"),
              List.of(s.at("/passageIds/0").asText()));
          assertEquals("avs-security-overview.md#data-location", s.at("/previous/id").asText());
          assertEquals("Network Security", s.at("/next/heading").asText());
          assertTrue(
              s.get("text").asText().startsWith("AVS doesn't back up or archive customer data."));
          assertError(
              client.get("/api/sections/" + enc("nope.md#x")),
              404,
              "unknown_section",
              "no section has the id \"nope.md#x\"; ids look like guide.md#install and come from"
                  + " /api/ask results");
          for (String evil :
              List.of(
                  "../../etc/passwd",
                  "..%2F..%2Fetc%2Fpasswd",
                  "/etc/passwd",
                  "CURRENT",
                  "gen-1/segments_1")) {
            Response r = client.get("/api/sections/" + evil);
            assertEquals(404, r.code(), evil);
            assertFalse(r.body().string().contains("root:"), evil);
          }
        });
  }

  @Test
  void contextIsPromptReadyTextWithinTheBudget() {
    withServer(
        null,
        (server, client) -> {
          Response r =
              client.get("/api/context?q=" + enc("who handles patching") + "&k=1&max_tokens=200");
          assertEquals(200, r.code());
          assertEquals(List.of("text/plain;charset=utf-8"), r.headers().get("Content-Type"));
          assertEquals(
              """
              [1] Azure VMware Solutions (AVS) - Security for AVS Services › Vulnerability and patch management — avs-security-overview.md#vulnerability-and-patch-management
              AVS is responsible for periodic security patching of managed VMware software (ESXi, vCenter, and NSX).

              Sources:
              [1] avs-security-overview.md#vulnerability-and-patch-management (Vulnerability and patch management)\
              """,
              r.body().string());
          assertError(
              client.get("/api/context?q=x&max_tokens=10"),
              400,
              "bad_max_tokens",
              "max_tokens must be a whole number from 100 to 100000, got \"10\"");
          assertError(
              client.get("/api/context"),
              400,
              "missing_query",
              "the question goes in the q parameter, e.g. /api/ask?q=who+handles+patching");
        });
  }

  @Test
  void healthSaysWhatIsIndexedAndWhetherMeaningRanks() {
    withServer(
        null,
        (server, client) -> {
          JsonNode h = json(client.get("/api/health"));
          assertEquals("ok", h.get("status").asText());
          assertEquals(2, h.get("documents").asInt());
          assertEquals(25, h.get("passages").asInt());
          assertEquals(docs.status().builtAt().toString(), h.get("builtAt").asText());
          assertEquals("semantic", h.get("ranking").asText());
          assertEquals(
              "{\"state\":\"ready\",\"model\":\"e5-small-v2-q/mean/512\"}",
              h.get("semantic").toString());
        });
  }

  @Test
  void healthSaysWhyMeaningDoesNotRankWhenItIsOff(@TempDir Path idx) throws Exception {
    try (AskDocs words =
        AskDocs.open(Path.of("../corpus"), c -> c.index(idx).semantic(AskDocs.Semantic.OFF))) {
      JavalinTest.test(
          WebServer.create(words, new WebServer.Options("127.0.0.1", 0, null)),
          (server, client) -> {
            JsonNode h = json(client.get("/api/health"));
            assertEquals("lexical", h.get("ranking").asText());
            assertEquals("{\"state\":\"off\",\"model\":null}", h.get("semantic").toString());
          });
    }
  }

  @Test
  void wrongMethodsAndUnknownEndpointsAreJsonErrors() {
    withServer(
        null,
        (server, client) -> {
          assertError(
              client.post("/api/ask?q=x", ""),
              405,
              "method_not_allowed",
              "POST is not allowed on /api/ask; this server answers GET only");
          assertError(
              client.delete("/api/health", null, b -> {}),
              405,
              "method_not_allowed",
              "DELETE is not allowed on /api/health; this server answers GET only");
          String trace =
              rawRequest(
                  server.port(),
                  "TRACE / HTTP/1.1\r\n"
                      + "Host: 127.0.0.1\r\n"
                      + "Cookie: c00kie\r\n"
                      + "Connection: close\r\n\r\n");
          assertTrue(trace.startsWith("HTTP/1.1 405"), trace);
          assertTrue(
              trace.endsWith(
                  "{\"error\":\"method_not_allowed\",\"message\":\"TRACE is not allowed on /; this"
                      + " server answers GET only\"}"),
              trace);
          assertFalse(trace.contains("c00kie"), trace);
          String unknown =
              "; the search page is /, the API has /api/ask, /api/context, /api/sections/{id},"
                  + " /api/documents, /api/examples and /api/health";
          assertError(
              client.get("/api/nope"),
              404,
              "not_found",
              "no such page or endpoint: /api/nope" + unknown);
          assertError(
              client.get("/nope.html"),
              404,
              "not_found",
              "no such page or endpoint: /nope.html" + unknown);
        });
  }

  @Test
  void oversizedBodiesAndHeadersAreRefused() {
    withServer(
        null,
        (server, client) -> {
          Response big =
              client.request(
                  "/api/ask?q=x",
                  b -> b.post(HttpRequest.BodyPublishers.ofString("x".repeat(1 << 20))));
          assertTrue(big.code() == 405 || big.code() == 413, "got " + big.code());
          Response header =
              client.request("/api/ask?q=x", b -> b.header("X-Big", "y".repeat(64 * 1024)));
          assertEquals(431, header.code());
        });
  }

  @Test
  void thePageAndItsAssetsComeWithSecurityHeadersAndNoInlineScript() {
    withServer(
        null,
        (server, client) -> {
          Response page = client.get("/");
          assertEquals(200, page.code());
          String html = page.body().string();
          assertTrue(html.contains("<script src=\"/app.js\" defer></script>"));
          assertFalse(
              html.replace("<script src=\"/app.js\" defer></script>", "").contains("<script"),
              "no inline script");
          assertEquals(List.of(HttpGuard.CSP), page.headers().get("Content-Security-Policy"));
          assertTrue(HttpGuard.CSP.contains("script-src 'self';"));
          assertFalse(HttpGuard.CSP.contains("unsafe-inline"));
          for (String path : List.of("/", "/app.js", "/style.css", "/api/health", "/api/nope")) {
            Response r = client.get(path);
            assertEquals(List.of("nosniff"), r.headers().get("X-Content-Type-Options"), path);
            assertEquals(List.of("no-referrer"), r.headers().get("Referrer-Policy"), path);
          }
          assertTrue(client.get("/app.js").body().string().contains("snippetNode"));
          for (String path :
              List.of(
                  "/../../etc/passwd",
                  "/%2e%2e/%2e%2e/etc/passwd",
                  "/public/../../../../etc/passwd")) {
            String raw = rawGet(server.port(), path);
            assertTrue(
                raw.startsWith("HTTP/1.1 400") || raw.startsWith("HTTP/1.1 404"),
                path + " -> " + raw.lines().findFirst().orElse("(closed)"));
            assertFalse(raw.contains("root:"), path);
          }
        });
  }

  @Test
  void withATokenTheApiAndMcpRequireIt() {
    String token = "s3cret-token-0123456789";
    JavalinTest.test(
        WebServer.create(docs, new WebServer.Options("127.0.0.1", 0, null, token)),
        (server, client) -> {
          assertError(
              client.get("/api/health"),
              401,
              "unauthorized",
              "this server requires \"Authorization: Bearer <token>\" (the token given to askdocs"
                  + " serve --token)");
          assertError(
              client.get("/api/ask?q=x", b -> b.header("Authorization", "Bearer wrong")),
              401,
              "unauthorized",
              "this server requires \"Authorization: Bearer <token>\" (the token given to askdocs"
                  + " serve --token)");
          assertEquals(
              200,
              client.get("/api/health", b -> b.header("Authorization", "Bearer " + token)).code());
          assertEquals(
              200,
              client.get("/api/health", b -> b.header("Authorization", "bearer " + token)).code(),
              "the scheme is case-insensitive");
          assertEquals(
              401,
              client.get("/api/health", b -> b.header("Authorization", "Basic " + token)).code());
          assertEquals(
              401,
              client
                  .get("/api/health", b -> b.header("Authorization", "Bearer " + token + "x"))
                  .code());
          assertEquals(
              200, client.get("/").code(), "the page itself is public; it asks for the token");
          assertEquals(401, client.post("/mcp", "{}").code());
        });
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> new WebServer.Options("127.0.0.1", 0, null, "short"));
    assertEquals(
        "the token must be at least 16 printable characters without spaces", e.getMessage());
  }

  @Test
  void corsIsOffUnlessAnOriginIsAllowed() {
    withServer(
        null,
        (server, client) -> {
          Response r = client.get("/api/health", b -> b.header("Origin", "https://evil.example"));
          assertNull(r.headers().get("Access-Control-Allow-Origin"));
        });
    withServer(
        "https://docs.example.com",
        (server, client) -> {
          Response ok =
              client.get("/api/health", b -> b.header("Origin", "https://docs.example.com"));
          assertEquals(
              List.of("https://docs.example.com"), ok.headers().get("Access-Control-Allow-Origin"));
          Response other =
              client.get("/api/health", b -> b.header("Origin", "https://evil.example"));
          assertNull(other.headers().get("Access-Control-Allow-Origin"));
        });
  }

  @Test
  void withATokenAndCorsTheBrowsersPreflightPassesAndTheRealRequestNeedsTheToken() {
    String token = "s3cret-token-0123456789";
    JavalinTest.test(
        WebServer.create(
            docs, new WebServer.Options("127.0.0.1", 0, "https://docs.example.com", token)),
        (server, client) -> {
          String preflight =
              rawRequest(
                  server.port(),
                  "OPTIONS /api/ask?q=x HTTP/1.1\r\n"
                      + "Host: 127.0.0.1\r\n"
                      + "Origin: https://docs.example.com\r\n"
                      + "Access-Control-Request-Method: GET\r\n"
                      + "Access-Control-Request-Headers: authorization\r\n"
                      + "Connection: close\r\n\r\n");
          assertTrue(
              preflight.startsWith("HTTP/1.1 200") || preflight.startsWith("HTTP/1.1 204"),
              preflight);
          assertTrue(
              preflight.contains("Access-Control-Allow-Origin: https://docs.example.com"),
              preflight);
          assertTrue(
              preflight.toLowerCase().contains("access-control-allow-headers: authorization"),
              preflight);
          Response without =
              client.get("/api/health", b -> b.header("Origin", "https://docs.example.com"));
          assertEquals(401, without.code());
          assertEquals(
              200,
              client
                  .get(
                      "/api/health",
                      b ->
                          b.header("Origin", "https://docs.example.com")
                              .header("Authorization", "Bearer " + token))
                  .code());
        });
  }

  @Test
  void aBadlyEncodedQuestionAndNonAsciiDigitsAreSaidSo() {
    withServer(
        null,
        (server, client) -> {
          String bad =
              "q is not valid percent-encoding (a % must start %XX with two hex digits); encode the"
                  + " question, e.g. with encodeURIComponent";
          for (String q : List.of("%", "%zz", "abc%2")) {
            String raw = rawGet(server.port(), "/api/ask?q=" + q);
            assertTrue(raw.startsWith("HTTP/1.1 400"), raw);
            assertTrue(
                raw.endsWith("{\"error\":\"bad_encoding\",\"message\":\"" + bad + "\"}"), raw);
          }
          assertError(
              client.get("/api/ask?q=x&k=%EF%BC%91"),
              400,
              "bad_k",
              "k must be a whole number from 1 to 50, got \"\uFF11\"");
          assertError(
              client.get("/api/context?q=x&max_tokens=%D9%A3%D9%A0%D9%A0"),
              400,
              "bad_max_tokens",
              "max_tokens must be a whole number from 100 to 100000, got \"\u0663\u0660\u0660\"");
        });
  }

  @Test
  void aChangedCorpusIsReindexedWhileSearchesKeepAnswering(@TempDir Path corpus, @TempDir Path idx)
      throws Exception {
    Files.writeString(
        corpus.resolve("a.md"), "# Alpha\n\n## Rotation\n\nKeys rotate every year.\n");
    try (AskDocs live = AskDocs.open(corpus, idx)) {
      JavalinTest.test(
          WebServer.create(live, new WebServer.Options("127.0.0.1", 0, null)),
          (server, client) -> {
            String before = json(client.get("/api/health")).get("builtAt").asText();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<Integer> asked = pool.submit(() -> askUntil(client, stop));
            for (int i = 0; i < 5; i++) {
              Files.writeString(
                  corpus.resolve("b" + i + ".md"),
                  "# Beta " + i + "\n\n## Backups\n\nSnapshots are kept for " + i + " days.\n");
              assertTrue(live.refresh().rebuilt());
            }
            stop.set(true);
            assertTrue(asked.get() > 0);
            pool.shutdown();
            JsonNode h = json(client.get("/api/health"));
            assertNotEquals(before, h.get("builtAt").asText());
            assertEquals(6, h.get("documents").asInt());
            assertEquals(
                "b4.md#backups",
                json(client.get("/api/ask?q=" + enc("how long are snapshots kept 4 days")))
                    .at("/results/0/id")
                    .asText());
          });
    }
  }

  /**
   * A request as a hostile client sends it: the path exactly as written, not normalised by a client
   * library.
   */
  static String rawGet(int port, String path) throws IOException {
    return rawRequest(
        port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  }

  static String rawRequest(int port, String request) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Asks until told to stop; every answer must be a 200 with the key passage first. */
  private static int askUntil(HttpClient client, AtomicBoolean stop) throws IOException {
    int n = 0;
    while (!stop.get()) {
      Response r = client.get("/api/ask?q=" + enc("how often do keys rotate"));
      assertEquals(200, r.code());
      assertEquals("a.md#rotation", json(r).at("/results/0/id").asText());
      n++;
    }
    return n;
  }
}
