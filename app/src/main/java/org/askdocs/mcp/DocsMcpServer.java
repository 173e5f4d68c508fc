package org.askdocs.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.askdocs.AskDocs;
import org.askdocs.AskOptions;
import org.askdocs.AskResult;
import org.askdocs.PromptContext;
import org.askdocs.SectionView;
import org.askdocs.json.Json;

/**
 * askdocs for chatbots, over the Model Context Protocol (official Java SDK): the tools {@code
 * search_docs} and {@code fetch_section}, and every corpus document as a resource. One {@link
 * AskDocs} serves any number of sessions; nothing but protocol goes to stdout.
 */
public final class DocsMcpServer {
  public static final String SEARCH_TOOL = "search_docs";
  public static final String FETCH_TOOL = "fetch_section";
  public static final String RESOURCE_PREFIX = "askdocs://doc/";
  public static final int MAX_TOP = 20;
  static final McpJsonMapper JSON = new JacksonMcpJsonMapper(Json.MAPPER);
  static final String INSTRUCTIONS =
      "This server answers questions from a documentation corpus. Call search_docs with the user's"
          + " question in plain words to get the most relevant passages with citations"
          + " (document#section); quote and cite them. Call fetch_section with a citation to read a"
          + " whole section when a passage is not enough.";

  private DocsMcpServer() {}

  /**
   * An MCP server on the given streams (the process's stdin and stdout for {@code askdocs mcp}).
   */
  public static McpSyncServer stdio(AskDocs docs, InputStream in, OutputStream out) {
    return configure(McpServer.sync(new StdioServerTransportProvider(JSON, in, out)), docs).build();
  }

  /**
   * The Streamable HTTP transport (a servlet) and the server bound to it; mount the servlet at
   * {@code endpoint}.
   */
  public record Http(HttpServletStreamableServerTransportProvider servlet, McpSyncServer server) {}

  /** The largest MCP message accepted over HTTP. */
  public static final int MAX_REQUEST_BYTES = 64 * 1024;

  /**
   * @param keepAlive how often sessions are pinged: a ping that cannot be written closes the event
   *     stream of a client that went away, which nothing else would notice
   */
  public static Http http(AskDocs docs, String endpoint, java.time.Duration keepAlive) {
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(JSON)
            .mcpEndpoint(endpoint)
            .maxRequestSize(MAX_REQUEST_BYTES)
            .keepAliveInterval(keepAlive)
            .build();
    return new Http(transport, configure(McpServer.sync(transport), docs).build());
  }

  private static <S extends McpServer.SyncSpecification<S>>
      McpServer.SyncSpecification<S> configure(McpServer.SyncSpecification<S> spec, AskDocs docs) {
    return spec.serverInfo("askdocs", version())
        .instructions(INSTRUCTIONS)
        .jsonMapper(JSON)
        // Arguments are checked by the tools themselves, with messages that say what is allowed.
        .validateToolInputs(false)
        .capabilities(
            McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
        .tools(searchTool(docs), fetchTool(docs))
        .resources(resources(docs));
  }

  private static String version() {
    String v = DocsMcpServer.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  static McpServerFeatures.SyncToolSpecification searchTool(AskDocs docs) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(
        "query",
        Map.of(
            "type",
            "string",
            "description",
            "The question or keywords, in plain words (no query syntax), e.g. \"who handles"
                + " patching\"."));
    props.put(
        "top",
        Map.of(
            "type",
            "integer",
            "minimum",
            1,
            "maximum",
            MAX_TOP,
            "default",
            AskOptions.DEFAULT_TOP,
            "description",
            "How many passages to consider, best first."));
    props.put(
        "max_tokens",
        Map.of(
            "type",
            "integer",
            "minimum",
            PromptContext.MIN_MAX_TOKENS,
            "maximum",
            PromptContext.MAX_MAX_TOKENS,
            "default",
            PromptContext.DEFAULT_MAX_TOKENS,
            "description",
            "Budget for the returned text, estimated at 4 characters per token; passages that do"
                + " not fit are cut at a word or left out."));
    McpSchema.Tool tool =
        McpSchema.Tool.builder(SEARCH_TOOL, objectSchema(props, "query"))
            .title("Search the documentation")
            .description(
                "Search the documentation for passages that answer a question. Returns numbered"
                    + " passages, each with its heading path and citation (document#section), then"
                    + " the list of sources; when the docs hold an answer, the structured result"
                    + " also names the answer sentence. Use it before answering any question about"
                    + " the product, and cite the sources you use. If the result says the docs do"
                    + " not answer it, say so instead of guessing.")
            .annotations(
                new McpSchema.ToolAnnotations(
                    "Search the documentation", true, false, true, false, null))
            .build();
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(tool)
        .callHandler(
            (exchange, request) ->
                answer(
                    request,
                    args -> {
                      String query = Arguments.string(args, "query", 1, AskDocs.MAX_QUESTION_CHARS);
                      int top = Arguments.integer(args, "top", 1, MAX_TOP, AskOptions.DEFAULT_TOP);
                      int maxTokens =
                          Arguments.integer(
                              args,
                              "max_tokens",
                              PromptContext.MIN_MAX_TOKENS,
                              PromptContext.MAX_MAX_TOKENS,
                              PromptContext.DEFAULT_MAX_TOKENS);
                      AskResult r = docs.ask(query, new AskOptions(top));
                      PromptContext context = PromptContext.of(r, maxTokens);
                      AskResult shown =
                          new AskResult(
                              r.query(),
                              r.answered(),
                              r.answer(),
                              context.passages(),
                              r.didYouMean(),
                              r.tookMs());
                      String text =
                          context.passages().isEmpty()
                              ? "No passage of the documentation matches this question."
                              : context.text();
                      return McpSchema.CallToolResult.builder()
                          .addTextContent(text)
                          .structuredContent(Json.MAPPER.convertValue(shown, Map.class))
                          .build();
                    }))
        .build();
  }

  static McpServerFeatures.SyncToolSpecification fetchTool(AskDocs docs) {
    Map<String, Object> props =
        Map.of(
            "id",
            Map.of(
                "type",
                "string",
                "description",
                "A citation from search_docs, like guide.md#install (a passage id with ~2 also"
                    + " works)."));
    McpSchema.Tool tool =
        McpSchema.Tool.builder(FETCH_TOOL, objectSchema(props, "id"))
            .title("Read a whole section")
            .description(
                "Read a whole documentation section as Markdown, by the citation search_docs gave"
                    + " (document#section). Use it when a passage is cut short or more context is"
                    + " needed. Returns the heading path, the full text and the citation.")
            .annotations(
                new McpSchema.ToolAnnotations(
                    "Read a whole section", true, false, true, false, null))
            .build();
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(tool)
        .callHandler(
            (exchange, request) ->
                answer(
                    request,
                    args -> {
                      String id = Arguments.string(args, "id", 1, 1000);
                      SectionView s =
                          docs.section(id)
                              .orElseThrow(
                                  () ->
                                      new IllegalArgumentException(
                                          "no section has the id \""
                                              + id
                                              + "\"; use a citation from search_docs, like"
                                              + " guide.md#install"));
                      return McpSchema.CallToolResult.builder()
                          .addTextContent(s.markdown())
                          .structuredContent(Json.MAPPER.convertValue(s, Map.class))
                          .build();
                    }))
        .build();
  }

  /**
   * A JSON schema for an object with these properties, the given one required, nothing else
   * allowed.
   */
  private static Map<String, Object> objectSchema(Map<String, Object> properties, String required) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", List.of(required));
    schema.put("additionalProperties", false);
    return schema;
  }

  /**
   * Runs a tool on its arguments; bad arguments, and an index that cannot be read just now, are
   * tool errors the model can read and act on, never protocol failures.
   */
  private static McpSchema.CallToolResult answer(
      McpSchema.CallToolRequest request,
      java.util.function.Function<Map<String, Object>, McpSchema.CallToolResult> tool) {
    try {
      return tool.apply(request.arguments() == null ? Map.of() : request.arguments());
    } catch (IllegalArgumentException e) {
      return error(e.getMessage());
    } catch (java.io.UncheckedIOException e) {
      return error(
          "the documentation index cannot be read just now ("
              + e.getMessage()
              + "); try again later");
    }
  }

  private static McpSchema.CallToolResult error(String message) {
    return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
  }

  /** Every document of the corpus as a Markdown resource, read from the index. */
  static List<McpServerFeatures.SyncResourceSpecification> resources(AskDocs docs) {
    List<McpServerFeatures.SyncResourceSpecification> out = new ArrayList<>();
    for (AskDocs.DocumentInfo d : docs.documents()) {
      String uri =
          RESOURCE_PREFIX
              + URLEncoder.encode(d.source(), StandardCharsets.UTF_8)
                  .replace("%2F", "/")
                  .replace("+", "%20");
      McpSchema.Resource resource =
          McpSchema.Resource.builder(uri, d.source())
              .title(d.title())
              .mimeType("text/markdown")
              .description(d.title() + " (" + d.passages() + " passages)")
              .build();
      out.add(
          new McpServerFeatures.SyncResourceSpecification(
              resource,
              (exchange, request) -> {
                String source =
                    URLDecoder.decode(
                        request.uri().substring(RESOURCE_PREFIX.length()), StandardCharsets.UTF_8);
                String md =
                    docs.documentMarkdown(source)
                        .orElse("This document is no longer in the index.");
                return McpSchema.ReadResourceResult.builder(
                        List.of(
                            McpSchema.TextResourceContents.builder(request.uri(), md)
                                .mimeType("text/markdown")
                                .build()))
                    .build();
              }));
    }
    return out;
  }
}
