package org.askdocs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.askdocs.json.Json;
import org.askdocs.opensearch.LocalClusterProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every front door on the OpenSearch backend, against a real 3-node cluster: the command line, the
 * MCP server on stdio, the web server (as its own process, the way users start it) and its API, and
 * what each says when the cluster is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenSearchFrontDoorsTest {
  static LocalClusterProcess cluster;
  @TempDir static Path index;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalClusterProcess.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  static String[] onCluster(String name, String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(
        1,
        List.of(
            "--corpus",
            "../corpus",
            "--backend",
            "opensearch",
            "--opensearch-url",
            cluster.urls,
            "--opensearch-index",
            name,
            "--opensearch-shards",
            "3"));
    return all.toArray(String[]::new);
  }

  @Test
  void theCommandLineAnswersFromTheClusterLikeTheEmbeddedEngine() throws Exception {
    CliTest.Run built = CliTest.run(onCluster("askdocs-cli", "index"));
    assertEquals(0, built.code(), built.err());
    assertTrue(built.out().contains("Indexed 2 documents (25 passages), skipped 0"), built.out());
    assertTrue(
        built.out().contains("into the OpenSearch index askdocs-cli at " + cluster.urls),
        built.out());
    assertTrue(
        CliTest.run(onCluster("askdocs-cli", "index"))
            .out()
            .startsWith("Index is current: 2 documents, 25 passages"));

    JsonNode remote =
        CliTest.run(onCluster("askdocs-cli", "ask", "--json", "who handles patching")).json();
    JsonNode local =
        CliTest.run(
                "ask",
                "--corpus",
                "../corpus",
                "--index",
                index.toString(),
                "--json",
                "who handles patching")
            .json();
    assertEquals(
        "avs-security-overview.md#vulnerability-and-patch-management",
        remote.at("/results/0/id").asText());
    assertEquals(local.at("/results/0/id").asText(), remote.at("/results/0/id").asText());
    assertEquals(local.at("/answer/text").asText(), remote.at("/answer/text").asText());
    // By words alone the two backends score alike (on an index whose passages were not rewritten in
    // place with their vectors: OpenSearch keeps replaced documents in its statistics for a while).
    // Fused, the cluster weighs meaning among the passages its words found only (it has no vector
    // search), so its scores are scaled over fewer candidates.
    assertEquals(0, CliTest.run(onCluster("askdocs-words", "index", "--semantic", "off")).code());
    JsonNode remoteWords =
        CliTest.run(
                onCluster(
                    "askdocs-words", "ask", "--json", "--semantic", "off", "who handles patching"))
            .json();
    JsonNode localWords =
        CliTest.run(
                "ask",
                "--corpus",
                "../corpus",
                "--index",
                index.toString(),
                "--json",
                "--semantic",
                "off",
                "who handles patching")
            .json();
    assertEquals(
        localWords.at("/results/0/score").asDouble(),
        remoteWords.at("/results/0/score").asDouble(),
        1e-3);
  }

  @Test
  void theMcpServerOnStdioSearchesTheCluster() throws Exception {
    assertEquals(0, CliTest.run(onCluster("askdocs-mcp", "index")).code());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ServerParameters params =
        ServerParameters.builder(java)
            .args(
                "-cp",
                System.getProperty("java.class.path"),
                "org.askdocs.cli.Main",
                "mcp",
                "--corpus",
                "../corpus",
                "--backend",
                "opensearch",
                "--opensearch-url",
                cluster.urls,
                "--opensearch-index",
                "askdocs-mcp")
            .build();
    McpSyncClient client =
        McpClient.sync(new StdioClientTransport(params, new JacksonMcpJsonMapper(Json.MAPPER)))
            .requestTimeout(Duration.ofSeconds(60))
            .build();
    try {
      client.initialize();
      McpSchema.CallToolResult r =
          client.callTool(
              McpSchema.CallToolRequest.builder("search_docs")
                  .arguments(Map.of("query", "who handles patching"))
                  .build());
      assertTrue(r.isError() == null || !r.isError());
      JsonNode structured = Json.MAPPER.valueToTree(r.structuredContent());
      assertEquals(
          "avs-security-overview.md#vulnerability-and-patch-management",
          structured.at("/results/0/id").asText());
      assertEquals(
          "AVS is responsible for periodic security patching of managed VMware software (ESXi,"
              + " vCenter, and NSX).",
          structured.at("/answer/text").asText());
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void evalPrintsTheRowsOfBothBackendsFromOneRun() throws Exception {
    Path q = index.resolve("q.jsonl");
    java.nio.file.Files.writeString(
        q,
        """
        {"id":"p1","question":"who handles patching","kind":"who","split":"tune","expect":[{"source":"avs-security-overview.md","heading":"Vulnerability and patch management"}]}
        {"id":"p2","question":"who patches the operating systems of my virtual machines","kind":"who","split":"tune","expect":[{"source":"vmware-cloud-shared-responsibility-model.txt"}]}
        {"id":"n1","question":"how much does it cost per month","kind":"unanswerable","split":"tune","expect":[]}
        """);
    CliTest.Run r =
        CliTest.run(
            onCluster(
                "askdocs-eval",
                "eval",
                q.toString(),
                "--index",
                index.resolve("embedded").toString(),
                "--no-baseline"));
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(
        "split    system                n unans  hit@1  hit@3  hit@5    MRR  answer  answered "
            + " declined",
        lines.get(0));
    assertEquals(
        List.of(
            "embedded fused",
            "embedded words",
            "embedded meaning",
            "opensearch fused",
            "opensearch words",
            "opensearch meaning"),
        lines.subList(1, 7).stream().map(l -> l.substring(9, 27).strip()).toList());
    // By words the two backends agree to the last figure.
    assertEquals(lines.get(2).substring(27), lines.get(5).substring(27));
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void theWebServerAnswersFromTheClusterAndSays503WhenItIsGone() throws Exception {
    // Runs last: it stops the cluster.
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process serve =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "org.askdocs.cli.Main",
                "serve",
                "--port",
                Integer.toString(port),
                "--corpus",
                "../corpus",
                "--backend",
                "opensearch",
                "--opensearch-url",
                cluster.urls,
                "--opensearch-timeout",
                "5")
            .redirectErrorStream(true)
            .redirectOutput(index.resolve("serve.log").toFile())
            .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> r = waitForServer(http, port, serve);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode j = Json.MAPPER.readTree(r.body());
      assertEquals("Vulnerability and patch management", j.at("/results/0/heading").asText());
      assertEquals(
          "AVS is responsible for periodic security patching of managed VMware software (ESXi,"
              + " vCenter, and NSX).",
          j.at("/answer/text").asText());
      HttpResponse<String> section =
          get(
              http,
              port,
              "/api/sections/"
                  + URLEncoder.encode(j.at("/results/0/id").asText(), StandardCharsets.UTF_8));
      assertEquals(200, section.statusCode());
      assertEquals(
          "Vulnerability and patch management",
          Json.MAPPER.readTree(section.body()).at("/heading").asText());

      cluster.close();
      long t0 = System.nanoTime();
      HttpResponse<String> down = get(http, port, "/api/ask?q=who+handles+patching");
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertEquals(503, down.statusCode(), down.body());
      assertEquals("unavailable", Json.MAPPER.readTree(down.body()).at("/error").asText());
      assertTrue(seconds < 15, "answered after " + seconds + " s");
    } finally {
      serve.destroy();
      serve.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aClusterThatIsDownIsAOneLineErrorOnTheCommandLine() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    CliTest.Run r =
        CliTest.run(
            "ask",
            "--corpus",
            "../corpus",
            "--opensearch-url",
            "http://127.0.0.1:" + closed,
            "who handles patching");
    assertEquals(3, r.code());
    assertTrue(
        r.err().startsWith("askdocs: cannot reach OpenSearch at http://127.0.0.1:" + closed + ": "),
        r.err());
    assertTrue(r.err().contains("Connection refused"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void contradictoryOrMalformedBackendOptionsAreUsageErrors() {
    CliTest.Run noUrl = CliTest.run("ask", "--corpus", "../corpus", "--backend", "opensearch", "x");
    if (System.getenv(CorpusOptions.URL_VARIABLE) == null) {
      assertEquals(2, noUrl.code());
      assertTrue(noUrl.err().contains("--backend opensearch needs --opensearch-url"), noUrl.err());
    }
    CliTest.Run ftp =
        CliTest.run("ask", "--corpus", "../corpus", "--opensearch-url", "ftp://host", "x");
    assertEquals(2, ftp.code());
    assertEquals("askdocs: 'ftp://host' must start with http:// or https://\n", ftp.err());
    CliTest.Run mixed =
        CliTest.run(
            "ask",
            "--corpus",
            "../corpus",
            "--backend",
            "embedded",
            "--opensearch-url",
            "http://h:9200",
            "x");
    assertEquals(2, mixed.code());
    assertTrue(
        mixed.err().contains("--opensearch-* options need --backend opensearch"), mixed.err());
    CliTest.Run name =
        CliTest.run(
            "ask",
            "--corpus",
            "../corpus",
            "--opensearch-url",
            "http://h:9200",
            "--opensearch-index",
            "Bad Name",
            "x");
    assertEquals(2, name.code());
    assertTrue(
        name.err().contains("the OpenSearch index name 'Bad Name' is not allowed"), name.err());
    CliTest.Run creds =
        CliTest.run("ask", "--corpus", "../corpus", "--opensearch-url", "http://u:p@h:9200", "x");
    assertEquals(2, creds.code());
    assertTrue(creds.err().contains("holds credentials"), creds.err());
  }

  static HttpResponse<String> get(HttpClient http, int port, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> waitForServer(HttpClient http, int port, Process serve)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!serve.isAlive()) {
        throw new AssertionError(
            "serve exited with "
                + serve.exitValue()
                + ": "
                + java.nio.file.Files.readString(index.resolve("serve.log")));
      }
      try {
        return get(http, port, "/api/ask?q=who+handles+patching");
      } catch (java.net.ConnectException e) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError(
        "serve did not start: " + java.nio.file.Files.readString(index.resolve("serve.log")));
  }
}
