package org.askdocs.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.askdocs.AskDocs;
import org.askdocs.PromptContext;
import org.askdocs.web.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP server through the SDK's own client: {@code askdocs mcp} started as a subprocess on
 * stdio, and Streamable HTTP at /mcp of a running web server.
 */
class McpServerTest {
  @TempDir static Path index;
  static AskDocs docs;
  static Javalin web;
  static McpSyncClient stdio;
  static McpSyncClient http;

  @BeforeAll
  static void start() throws IOException {
    docs = AskDocs.open(Path.of("../corpus"), index);
    web = WebServer.create(docs, new WebServer.Options("127.0.0.1", 0, null)).start();
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
                "--index",
                index.toString())
            .build();
    stdio =
        McpClient.sync(new StdioClientTransport(params, DocsMcpServer.JSON))
            .requestTimeout(Duration.ofSeconds(60))
            .build();
    stdio.initialize();
    http =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + web.port())
                    .endpoint(WebServer.MCP_ENDPOINT)
                    .jsonMapper(DocsMcpServer.JSON)
                    .build())
            .requestTimeout(Duration.ofSeconds(30))
            .build();
    http.initialize();
  }

  @AfterAll
  static void stop() throws IOException {
    for (McpSyncClient c : new McpSyncClient[] {stdio, http}) {
      if (c != null) {
        c.closeGracefully();
      }
    }
    if (web != null) {
      web.stop();
    }
    docs.close();
  }

  static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().getFirst()).text();
  }

  static McpSchema.CallToolResult call(
      McpSyncClient client, String tool, Map<String, Object> args) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
  }

  @Test
  void bothTransportsListTheTwoToolsWithTheirSchemas() {
    for (McpSyncClient client : List.of(stdio, http)) {
      List<McpSchema.Tool> tools = client.listTools().tools();
      assertEquals(
          List.of(DocsMcpServer.SEARCH_TOOL, DocsMcpServer.FETCH_TOOL),
          tools.stream().map(McpSchema.Tool::name).toList());
      Map<String, Object> schema = tools.getFirst().inputSchema();
      assertEquals(List.of("query"), schema.get("required"));
      assertEquals(
          List.of("query", "top", "max_tokens"),
          List.copyOf(((Map<?, ?>) schema.get("properties")).keySet()));
    }
  }

  @Test
  void searchDocsFindsWhoHandlesPatchingWithItsCitation() {
    for (McpSyncClient client : List.of(stdio, http)) {
      McpSchema.CallToolResult r =
          call(client, DocsMcpServer.SEARCH_TOOL, Map.of("query", "who handles patching"));
      assertFalse(Boolean.TRUE.equals(r.isError()));
      String text = text(r);
      assertTrue(
          text.startsWith(
              "[1] Azure VMware Solutions (AVS) - Security for AVS Services › Vulnerability and"
                  + " patch management —"
                  + " avs-security-overview.md#vulnerability-and-patch-management\n"
                  + "AVS is responsible for periodic security patching"),
          text);
      assertTrue(
          text.contains(
              "\n\n"
                  + "Sources:\n"
                  + "[1] avs-security-overview.md#vulnerability-and-patch-management (Vulnerability"
                  + " and patch management)"),
          text);
      @SuppressWarnings("unchecked")
      Map<String, Object> structured = (Map<String, Object>) r.structuredContent();
      assertEquals(true, structured.get("answered"));
      @SuppressWarnings("unchecked")
      Map<String, Object> first =
          ((List<Map<String, Object>>) structured.get("results")).getFirst();
      assertEquals("Vulnerability and patch management", first.get("heading"));
      assertEquals("avs-security-overview.md#vulnerability-and-patch-management", first.get("id"));
      assertEquals(
          List.of(
              "Azure VMware Solutions (AVS) - Security for AVS Services",
              "Vulnerability and patch management"),
          first.get("headingPath"));
    }
  }

  @Test
  void resultsFitMaxTokensAndAlwaysCarryTheirCitations() {
    for (int budget : new int[] {100, 150, 300, 2000}) {
      McpSchema.CallToolResult r =
          call(
              stdio,
              DocsMcpServer.SEARCH_TOOL,
              Map.of("query", "data encryption keys backups", "top", 10, "max_tokens", budget));
      String text = text(r);
      assertTrue(
          PromptContext.tokens(text) <= budget,
          budget + " tokens allowed, got " + PromptContext.tokens(text));
      int passages = (text.startsWith("[1] ") ? 1 : 0) + text.split("\n\n\\[\\d+] ", -1).length - 1;
      String sources = text.substring(text.indexOf("Sources:\n"));
      assertEquals(passages, sources.lines().count() - 1, "one citation per passage");
      for (String line : text.lines().toList()) {
        assertFalse(line.matches(".*\\S…$") && !line.endsWith(" …"), "cut at a word: " + line);
      }
    }
  }

  @Test
  void badArgumentsAreToolErrorsThatSayWhatIsAllowed() {
    for (McpSyncClient client : List.of(stdio, http)) {
      McpSchema.CallToolResult missing = call(client, DocsMcpServer.SEARCH_TOOL, Map.of());
      assertTrue(missing.isError());
      assertEquals("\"query\" is required and must be a non-empty string", text(missing));
      McpSchema.CallToolResult top =
          call(client, DocsMcpServer.SEARCH_TOOL, Map.of("query", "x", "top", 0));
      assertTrue(top.isError());
      assertEquals("\"top\" must be from 1 to 20, got 0", text(top));
      McpSchema.CallToolResult budget =
          call(client, DocsMcpServer.SEARCH_TOOL, Map.of("query", "x", "max_tokens", "lots"));
      assertTrue(budget.isError());
      assertEquals(
          "\"max_tokens\" must be a whole number from 100 to 100000, got lots", text(budget));
      McpSchema.CallToolResult unknown =
          call(client, DocsMcpServer.FETCH_TOOL, Map.of("id", "../../etc/passwd"));
      assertTrue(unknown.isError());
      assertEquals(
          "no section has the id \"../../etc/passwd\"; use a citation from search_docs, like"
              + " guide.md#install",
          text(unknown));
    }
  }

  @Test
  void fetchSectionReturnsTheWholeSectionAsMarkdown() {
    McpSchema.CallToolResult r =
        call(http, DocsMcpServer.FETCH_TOOL, Map.of("id", "avs-security-overview.md#data-backups"));
    assertEquals(
        """
        # Azure VMware Solutions (AVS) - Security for AVS Services › Data security › Data backups

        AVS doesn't back up or archive customer data. AVS does perform periodic backup of vCenter and NSX data to provide high availability of management servers. Prior to backup, all the data is encrypted at the vCenter source using VMware APIs. The encrypted data is transported and stored in Azure blob. Encryption keys for backups are stored in a highly secure AVS managed vault running in the AVS virtual network in Azure.

        Source: avs-security-overview.md#data-backups
        """,
        text(r));
  }

  @Test
  void theCorpusDocumentsAreResources() {
    List<McpSchema.Resource> resources =
        stdio.listResources().resources().stream()
            .sorted(java.util.Comparator.comparing(McpSchema.Resource::uri))
            .toList();
    assertEquals(
        List.of(
            "askdocs://doc/avs-security-overview.md",
            "askdocs://doc/vmware-cloud-shared-responsibility-model.txt"),
        resources.stream().map(McpSchema.Resource::uri).toList());
    String md =
        ((McpSchema.TextResourceContents)
                stdio.readResource(resources.getFirst()).contents().getFirst())
            .text();
    assertTrue(md.startsWith("# Azure VMware Solutions (AVS) - Security for AVS Services\n"), md);
    assertTrue(
        md.contains(
            "\n"
                + "## Vulnerability and patch management\n\n"
                + "AVS is responsible for periodic security patching"),
        md);
    assertTrue(
        md.contains("\n## Data security\n\nCustomers keep control and ownership of their data."),
        md);
    assertTrue(md.contains("\n### Data backups\n\nAVS doesn't back up"), md);
  }

  /**
   * A store whose index cannot be read after opening: a cluster that went down, a disk that failed.
   */
  static final class Unreadable implements org.askdocs.store.Store {
    @Override
    public org.askdocs.index.IndexReport update(
        Path corpus, String model, org.askdocs.index.Progress progress, boolean full) {
      return new org.askdocs.index.IndexReport(
          false,
          false,
          java.time.Instant.EPOCH,
          1,
          1,
          List.of(),
          List.of(),
          List.of(),
          Duration.ZERO);
    }

    @Override
    public int unembedded(String model) {
      return 0;
    }

    @Override
    public int embed(org.askdocs.embed.Embedder embedder, org.askdocs.index.Progress progress) {
      return 0;
    }

    @Override
    public org.askdocs.search.SearchBackend open(
        Path corpus, org.askdocs.search.SearchParams params, org.askdocs.index.Progress progress) {
      return new org.askdocs.search.SearchBackend() {
        @Override
        public org.askdocs.search.Hits search(
            org.askdocs.search.Question question,
            float[] vector,
            int k,
            org.askdocs.search.Retrieval mode)
            throws IOException {
          throw new IOException(
              "cannot reach OpenSearch at http://127.0.0.1:1: Connection refused");
        }

        @Override
        public String vectors() {
          return "";
        }

        @Override
        public List<org.askdocs.search.Hit> section(String id) throws IOException {
          throw new IOException(
              "cannot reach OpenSearch at http://127.0.0.1:1: Connection refused");
        }

        @Override
        public Around around(String id) throws IOException {
          throw new IOException("unreachable");
        }

        @Override
        public List<org.askdocs.search.Hit> document(String source) throws IOException {
          throw new IOException("unreachable");
        }

        @Override
        public List<DocumentInfo> documents() throws IOException {
          throw new IOException("unreachable");
        }

        @Override
        public void refresh() {}

        @Override
        public int passages() {
          return 1;
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public String describe() {
      return "an unreadable index";
    }
  }

  @Test
  void anIndexThatCannotBeReadIsAToolErrorSayingSo() throws Exception {
    try (AskDocs broken =
        AskDocs.open(
            Path.of("../corpus"), c -> c.store(new Unreadable()).semantic(AskDocs.Semantic.OFF))) {
      McpSchema.CallToolResult search =
          DocsMcpServer.searchTool(broken)
              .callHandler()
              .apply(
                  null,
                  McpSchema.CallToolRequest.builder(DocsMcpServer.SEARCH_TOOL)
                      .arguments(Map.of("query", "who handles patching"))
                      .build());
      assertTrue(search.isError());
      assertEquals(
          "the documentation index cannot be read just now (reading the index failed: cannot reach"
              + " OpenSearch at http://127.0.0.1:1: Connection refused); try again later",
          ((McpSchema.TextContent) search.content().getFirst()).text());
      McpSchema.CallToolResult fetch =
          DocsMcpServer.fetchTool(broken)
              .callHandler()
              .apply(
                  null,
                  McpSchema.CallToolRequest.builder(DocsMcpServer.FETCH_TOOL)
                      .arguments(Map.of("id", "a.md#b"))
                      .build());
      assertTrue(fetch.isError());
    }
  }
}
