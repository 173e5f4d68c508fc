package org.askdocs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.askdocs.ingest.Website;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --corpus URL}: a site crawled into the user's cache folder, indexed there, and asked. */
class SiteCliTest {
  @TempDir Path cache;
  private HttpServer server;
  private String site;

  @BeforeEach
  void serve() throws IOException {
    System.setProperty("askdocs.cache", cache.toString());
    Map<String, String> pages =
        Map.of(
            "/guide/",
                "<html><head><title>Guide</title></head><body><nav>Menu</nav><main><h1>Guide</h1>"
                    + "<p>Start here. <a href=\"tls.html\">TLS</a></p></main></body></html>",
            "/guide/tls.html",
                "<html><head><title>TLS settings</title></head><body><main><h1>TLS settings</h1><h2"
                    + " id=\"rotation\">Certificate rotation</h2><p>Certificates are rotated"
                    + " automatically every 60 days.</p></main></body></html>");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            String body = pages.get(ex.getRequestURI().getPath());
            if (body == null) {
              ex.sendResponseHeaders(404, -1);
              return;
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
          }
        });
    server.start();
    site = "http://127.0.0.1:" + server.getAddress().getPort() + "/guide/";
  }

  @AfterEach
  void stop() {
    System.clearProperty("askdocs.cache");
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void
      askWithASiteUrlCrawlsItIntoTheCacheAndAnswersWithThePageUrlThenAnswersFromTheCopyWhenTheSiteIsDown()
          throws Exception {
    CliTest.Run r =
        CliTest.run(
            "ask",
            "--corpus",
            site,
            "--crawl-delay",
            "0",
            "--semantic",
            "off",
            "--json",
            "how often are certificates rotated");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.err()
            .contains(
                "askdocs: crawled " + site + ": 2 pages (2 new or changed, 0 gone, 0 left out)"),
        r.err());
    JsonNode j = r.json();
    assertEquals(
        "Certificates are rotated automatically every 60 days.", j.at("/answer/text").asText());
    assertEquals(site + "tls.html", j.at("/answer/source").asText());
    assertEquals("rotation", j.at("/answer/anchor").asText());
    Path folder = Website.cacheFolder(URI.create(site));
    assertTrue(folder.startsWith(cache.resolve("sites")));
    assertTrue(
        Files.isDirectory(folder.resolve("index"))
            && Files.isRegularFile(folder.resolve("site/site.tsv")));

    server.stop(0);
    server = null;
    CliTest.Run down =
        CliTest.run(
            "ask",
            "--corpus",
            site,
            "--crawl-delay",
            "0",
            "--semantic",
            "off",
            "--json",
            "how often are certificates rotated");
    assertEquals(0, down.code(), down.err());
    assertTrue(
        down.err()
            .startsWith(
                "askdocs: "
                    + site
                    + " could not be crawled (connection refused); answering from the last copy (2"
                    + " pages)"),
        down.err());
    assertEquals(site + "tls.html", down.json().at("/answer/source").asText());
  }

  @Test
  void aSiteThatCannotBeReachedAndWasNeverCrawledIsOneLineWithExitThree() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String nowhere = "http://127.0.0.1:" + port + "/docs/";
    CliTest.Run r = CliTest.run("index", "--corpus", nowhere, "--semantic", "off");
    assertEquals(3, r.code());
    assertEquals("askdocs: cannot crawl " + nowhere + ": connection refused\n", r.err());
  }
}
