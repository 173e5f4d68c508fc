package org.askdocs.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.askdocs.AskDocs;
import org.askdocs.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the search page asks of the API: search as you type, filters with counts, examples,
 * documents.
 */
class PageApiTest {
  @TempDir static Path corpus;
  @TempDir static Path index;
  static AskDocs docs;

  /** A document in a folder, with a table, beside the bundled corpus at the root. */
  static final String PORTS =
      """
      # Network ports

      ## Ports to open

      The firewall must allow these ports to reach the hosts.

      | Port | Protocol | Use |
      |------|----------|-----|
      | 443 | TCP | HTTPS to the console |
      | 22 | TCP | SSH to the hosts |
      """;

  @BeforeAll
  static void open() throws IOException {
    for (Path p : Files.list(Path.of("../corpus")).toList()) {
      Files.copy(p, corpus.resolve(p.getFileName()));
    }
    Files.createDirectories(corpus.resolve("guides"));
    Files.writeString(corpus.resolve("guides/ports.md"), PORTS);
    docs = AskDocs.open(corpus, index);
  }

  @AfterAll
  static void close() throws IOException {
    docs.close();
  }

  static void withServer(io.javalin.testtools.TestCase test) {
    JavalinTest.test(WebServer.create(docs, new WebServer.Options("127.0.0.1", 0, null)), test);
  }

  static JsonNode json(Response r) throws IOException {
    return Json.MAPPER.readTree(r.body().string());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }

  @Test
  void theLastWordIsReadAsTheStartOfAWordOfTheCorpusWhileTyping() {
    withServer(
        (server, client) -> {
          JsonNode j = json(client.get("/api/ask?prefix=last&q=" + enc("who handles patc")));
          assertEquals(
              "who handles patc", j.get("query").asText(), "the query is the question as typed");
          assertEquals("who handles patch", j.get("searched").asText());
          assertTrue(j.get("answered").asBoolean());
          assertEquals("Vulnerability and patch management", j.at("/results/0/heading").asText());
          // Without prefix=last the half word is searched as it is, and nothing says what was
          // searched.
          JsonNode plain = json(client.get("/api/ask?q=" + enc("who handles patc")));
          assertNull(plain.get("searched"));
          // A word the corpus uses is kept as typed; a single letter is left out while other words
          // remain.
          assertNull(
              json(client.get("/api/ask?prefix=last&q=" + enc("data backups"))).get("searched"));
          assertEquals(
              "secure",
              json(client.get("/api/ask?prefix=last&q=" + enc("secure d")))
                  .get("searched")
                  .asText());
        });
  }

  @Test
  void facetsCountPassagesPerDocumentAndTopFolderAndFiltersKeepResultsInScope() {
    withServer(
        (server, client) -> {
          JsonNode all = json(client.get("/api/ask?facets=true&k=10&q=" + enc("hosts")));
          assertEquals(
              "[{\"source\":\"avs-security-overview.md\",\"passages\":5},{\"source\":\"guides/ports.md\",\"passages\":1}]",
              all.at("/facets/documents").toString(),
              "most passages first");
          assertEquals(
              "[{\"folder\":\"guides/\",\"passages\":1}]",
              all.at("/facets/folders").toString(),
              "documents at the root are in no folder");
          JsonNode folder =
              json(client.get("/api/ask?facets=true&folder=guides/&q=" + enc("hosts")));
          assertEquals(
              List.of("guides/ports.md"),
              texts(folder.get("results"), "source").stream().distinct().toList());
          assertEquals(
              all.get("facets"),
              folder.get("facets"),
              "the counts are of the whole corpus, to change the filter");
          JsonNode one =
              json(client.get("/api/ask?facets=true&source=guides/ports.md&q=" + enc("ports")));
          assertEquals(
              List.of("guides/ports.md"),
              texts(one.get("results"), "source").stream().distinct().toList());
          assertFalse(
              json(client.get("/api/ask?q=" + enc("hosts"))).has("facets"),
              "facets only when asked for");
        });
  }

  @Test
  void badFiltersAndFlagsAreRefusedSayingWhatIsAllowed() {
    withServer(
        (server, client) -> {
          WebServerTest.assertError(
              client.get("/api/ask?q=x&prefix=first"),
              400,
              "bad_prefix",
              "prefix may only be last (the last word is still being typed), got \"first\"");
          WebServerTest.assertError(
              client.get("/api/ask?q=x&folder=guides"),
              400,
              "bad_scope",
              "a folder ends with /, e.g. guides/, got \"guides\"; source is a document's path as"
                  + " results give it (e.g. source=guide.md), folder a top folder ending with /"
                  + " (e.g. folder=guides/)");
          WebServerTest.assertError(
              client.get("/api/ask?q=x&source=" + enc("../etc/passwd")),
              400,
              "bad_scope",
              "source is a path relative to the corpus root, without ., .. or empty parts (as"
                  + " results give it), got \"../etc/passwd\"; source is a document's path as"
                  + " results give it (e.g. source=guide.md), folder a top folder ending with /"
                  + " (e.g. folder=guides/)");
          WebServerTest.assertError(
              client.get("/api/ask?q=x&facets=yes"),
              400,
              "bad_facets",
              "facets must be true or false, got \"yes\"");
        });
  }

  @Test
  void examplesAreHeadingsOfTheCorpusThatItAnswersAndDocumentsHaveTheirPassageCounts() {
    withServer(
        (server, client) -> {
          // One heading per document, the documents with most passages first, then a second round.
          assertEquals(
              "[\"Shared responsibility\",\"VMware Cloud Shared Responsibility\",\"Ports to"
                  + " open\",\"Azure infrastructure\"]",
              json(client.get("/api/examples")).get("examples").toString());
          for (String example : List.of("Shared responsibility", "Ports to open")) {
            assertTrue(docs.ask(example).answered(), example + " is answered");
          }
          JsonNode d = json(client.get("/api/documents")).get("documents");
          assertEquals(
              List.of(
                  "avs-security-overview.md",
                  "guides/ports.md",
                  "vmware-cloud-shared-responsibility-model.txt"),
              texts(d, "source"));
          assertEquals(
              "{\"source\":\"guides/ports.md\",\"title\":\"Network ports\",\"passages\":1}",
              d.get(1).toString());
        });
  }
}
