package org.askdocs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.askdocs.ingest.Website;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A documentation site served by the test on 127.0.0.1, crawled, indexed and asked through the
 * facade: what is crawled and what is not (robots.txt, other sites, 404s, redirects, loops, a huge
 * page, a slow page), answers linking back to the page and heading, and re-crawls.
 */
class WebsiteTest {
  private static final Website.Options FAST =
      new Website.Options(50, Duration.ZERO, Duration.ofMillis(1500), 256 << 10);
  @TempDir Path mirror;
  @TempDir Path index;
  private HttpServer server;
  private String base;
  private final Map<String, String> pages = new ConcurrentHashMap<>();
  private final List<String> requested = new CopyOnWriteArrayList<>();
  private final Set<String> conditional = ConcurrentHashMap.newKeySet();

  private static String page(String title, String main) {
    return "<!DOCTYPE html><html><head><title>"
        + title
        + "</title></head><body><header><a href=\"/docs/\">Acme Docs</a> <nav><a"
        + " href=\"/docs/install.html\">Install</a> <a href=\"/docs/loop.html\">Loop</a> Navigation"
        + " menu about rolling things</nav></header><main>"
        + main
        + "</main>"
        + "<aside>Sidebar: related rolling upgrade videos</aside>"
        + "<footer>Copyright Acme Widgets. Privacy policy.</footer></body></html>";
  }

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    pages.put(
        "/robots.txt",
        "User-agent: *\nDisallow: /docs/private/\n\nUser-agent: otherbot\nDisallow: /\n");
    pages.put(
        "/docs/",
        page(
            "Acme Docs",
            "<h1>Acme Docs</h1><p>Welcome to the Acme widget documentation.</p><p><a"
                + " href=\"install.html\">Installing</a> <a href=\"private/secret.html\">Secret</a>"
                + " <a href=\"missing.html\">Missing</a> <a href=\"old.html\">Old page</a> <a"
                + " href=\"huge.html\">Huge</a> <a href=\"slow.html\">Slow</a> <a"
                + " href=\"/outside/page.html\">Elsewhere</a> <a"
                + " href=\"http://other.invalid/docs/\">Other site</a> <a"
                + " href=\"manual.pdf\">Manual</a> <a href=\"untitled-notes.html\">Notes</a> <a"
                + " href=\"mailto:docs@acme.test\">Mail</a></p>"));
    pages.put(
        "/docs/install.html",
        page(
            "Installing Acme",
            "<h1>Installing Acme</h1><p>Install the package with apt.</p>"
                + "<h2 id=\"reqs\">Requirements</h2><p>Acme needs 2 GB of memory and Java 21.</p>"
                + "<p>For upgrades see <a href=\"deep/upgrade.html#top\">Upgrading</a>.</p>"));
    pages.put(
        "/docs/deep/upgrade.html",
        page(
            "Upgrading Acme",
            "<h1>Upgrading Acme</h1><p>Upgrades keep your data.</p><h2 id=\"rolling\">Rolling"
                + " upgrades</h2><p>A rolling upgrade replaces one node at a time, so the cluster"
                + " keeps serving requests during the upgrade.</p><h2>Downgrades</h2><p>Downgrading"
                + " is not supported; restore a backup instead.</p>"));
    pages.put(
        "/docs/loop.html",
        page(
            "Loop",
            "<h1>Loop</h1><p>Loops back.</p><a href=\"loop2.html\">2</a> <a"
                + " href=\"loop.html?again=1#x\">again</a>"));
    pages.put(
        "/docs/loop2.html",
        page(
            "Loop two",
            "<h1>Loop two</h1><p>Loops to the first.</p><a href=\"loop.html\">1</a> <a"
                + " href=\"./loop2.html\">self</a>"));
    pages.put(
        "/docs/loop.html?again=1",
        page(
            "Loop",
            "<h1>Loop again</h1><p>The same loop with a query.</p><a href=\"loop.html\">1</a>"));
    pages.put(
        "/docs/private/secret.html",
        page("Secret", "<h1>Secret</h1><p>The launch code is 1234.</p>"));
    pages.put(
        "/docs/moved.html",
        page(
            "Moved",
            "<h1>Moved page</h1><p>This page moved here from old.html and explains retention of"
                + " audit logs for 90 days.</p>"));
    pages.put(
        "/docs/sitemap-only.html",
        page("Licensing", "<h1>Licensing</h1><p>Acme is licensed per CPU socket.</p>"));
    pages.put(
        "/docs/sitemap.xml",
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
            + "<url><loc>"
            + "BASE/docs/sitemap-only.html</loc></url><url><loc>BASE/outside/x.html</loc></url></urlset>");
    pages.put(
        "/docs/untitled-notes.html",
        "<html><body><p>Maintenance windows are on Tuesdays at 22:00.</p></body></html>");
    pages.put(
        "/outside/page.html", page("Outside", "<h1>Outside</h1><p>Not part of the docs.</p>"));
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    String target =
        ex.getRequestURI().getRawPath()
            + (ex.getRequestURI().getRawQuery() != null
                ? "?" + ex.getRequestURI().getRawQuery()
                : "");
    requested.add(target);
    try (ex) {
      if (!ex.getRequestHeaders().getFirst("User-Agent").startsWith("askdocs/")) {
        ex.sendResponseHeaders(403, -1);
        return;
      }
      switch (target) {
        case "/guide" -> {
          ex.getResponseHeaders().add("Location", base + "/docs/");
          ex.sendResponseHeaders(302, -1);
          return;
        }
        case "/docs/old.html" -> {
          ex.getResponseHeaders().add("Location", "/docs/moved.html");
          ex.sendResponseHeaders(301, -1);
          return;
        }
        case "/docs/huge.html" -> {
          ex.getResponseHeaders().add("Content-Type", "text/html");
          ex.sendResponseHeaders(200, 0);
          byte[] chunk =
              "<p>huge huge huge huge huge huge huge huge</p>\n"
                  .repeat(1000)
                  .getBytes(StandardCharsets.UTF_8);
          try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < 400; i++) { // 19 MB, far past the limit
              out.write(chunk);
            }
          } catch (IOException ignored) {
            // the crawler hung up once it had read enough
          }
          return;
        }
        case "/docs/slow.html" -> {
          try {
            Thread.sleep(5000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        case "/docs/manual.pdf" -> {
          ex.getResponseHeaders().add("Content-Type", "application/pdf");
          byte[] pdf = Files.readAllBytes(Path.of("src/test/resources/formats/runbook.pdf"));
          ex.sendResponseHeaders(200, pdf.length);
          ex.getResponseBody().write(pdf);
          return;
        }
        default -> {}
      }
      String body = pages.get(target);
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      String etag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
      if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        conditional.add(target);
        ex.sendResponseHeaders(304, -1);
        return;
      }
      byte[] bytes = body.replace("BASE", base).getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders()
          .add(
              "Content-Type",
              target.endsWith(".txt")
                  ? "text/plain"
                  : target.endsWith(".xml") ? "application/xml" : "text/html; charset=utf-8");
      ex.getResponseHeaders().add("ETag", etag);
      ex.sendResponseHeaders(200, bytes.length);
      ex.getResponseBody().write(bytes);
    }
  }

  private Website.Report crawl() throws IOException {
    return Website.crawl(URI.create(base + "/docs/"), mirror, FAST);
  }

  @Test
  void aSiteIsCrawledWithinItsPathAndRulesAndAnsweredWithLinksBackToThePageAndHeading()
      throws IOException {
    Website.Report r = crawl();
    assertTrue(r.reachable());
    assertEquals(10, r.pages());
    Map<String, String> skipped = new TreeMap<>();
    r.skipped().forEach(s -> skipped.put(s.url().substring(base.length()), s.reason()));
    assertEquals(
        Map.of(
            "/docs/missing.html", "not found (HTTP 404)",
            "/docs/huge.html", "larger than 256 KB",
            "/docs/slow.html", "took longer than 1500 ms"),
        skipped);
    // Disallowed by robots.txt, and outside the start path: never even asked for.
    assertFalse(requested.contains("/docs/private/secret.html"));
    assertFalse(requested.contains("/outside/page.html") || requested.contains("/outside/x.html"));
    // A loop of links is read once per page.
    assertEquals(1, requested.stream().filter("/docs/loop2.html"::equals).count());

    try (AskDocs docs = AskDocs.open(mirror, c -> c.index(index).semantic(AskDocs.Semantic.OFF))) {
      assertEquals(
          List.of(
              "/docs/",
              "/docs/deep/upgrade.html",
              "/docs/install.html",
              "/docs/loop.html",
              "/docs/loop.html?again=1",
              "/docs/loop2.html",
              "/docs/manual.pdf",
              "/docs/moved.html",
              "/docs/sitemap-only.html",
              "/docs/untitled-notes.html"),
          docs.documents().stream()
              .map(d -> d.source().substring(base.length()))
              .sorted()
              .toList());
      AskResult rolling = docs.ask("what is a rolling upgrade");
      Passage top = rolling.results().getFirst();
      // Reachable only through the install page, which links to it.
      assertEquals(base + "/docs/deep/upgrade.html", top.source());
      assertEquals("Rolling upgrades", top.heading());
      assertEquals(
          "rolling",
          top.anchor()); // the page's own id: source#anchor opens the page at the heading
      assertTrue(rolling.answered());
      assertEquals(
          "A rolling upgrade replaces one node at a time, so the cluster keeps serving requests"
              + " during the upgrade.",
          rolling.answer().text());
      // Navigation, sidebars and footers are not text of the pages.
      for (Passage p :
          docs.ask("copyright privacy policy navigation menu sidebar videos").results()) {
        assertFalse(
            p.text().contains("Copyright")
                || p.text().contains("Navigation menu")
                || p.text().contains("Sidebar"),
            p.text());
      }
      AskResult moved = docs.ask("how long are audit logs retained");
      assertEquals(base + "/docs/moved.html", moved.results().getFirst().source());
      assertEquals("Licensing", docs.ask("how is acme licensed").results().getFirst().heading());
      AskResult notes = docs.ask("when are maintenance windows");
      assertEquals(
          "untitled notes",
          notes.results().getFirst().title()); // a page without a title is named by its URL
      AskResult pdf = docs.ask("when do incremental backups run");
      assertEquals(base + "/docs/manual.pdf", pdf.results().getFirst().source());
      assertEquals("page=1&21-backup-schedule", pdf.results().getFirst().anchor());
    }
  }

  @Test
  void aStartUrlThatRedirectsElsewhereIsCrawledWhereItLeads() throws IOException {
    Website.Report r = Website.crawl(URI.create(base + "/guide"), mirror, FAST);
    assertTrue(r.reachable(), r.problem());
    assertEquals(10, r.pages());
    assertEquals(base + "/docs/", Website.startUrl(mirror).orElseThrow());
  }

  @Test
  void aRecrawlRewritesOnlyChangedPagesDropsVanishedOnesAndADownSiteLeavesTheLastCopyAnswering()
      throws IOException {
    crawl();
    try (AskDocs docs = AskDocs.open(mirror, c -> c.index(index).semantic(AskDocs.Semantic.OFF))) {
      Website.Report same = crawl();
      assertEquals(0, same.changed());
      assertEquals(0, same.removed());
      assertTrue(
          conditional.contains("/docs/install.html"), "re-crawls ask with the ETag they kept");
      assertTrue(
          conditional.contains("/docs/deep/upgrade.html"),
          "pages linked from a page not modified are still crawled");
      assertFalse(docs.refresh().rebuilt());

      pages.put(
          "/docs/install.html",
          page(
              "Installing Acme",
              "<h1>Installing Acme</h1><h2 id=\"reqs\">Requirements</h2><p>Acme now needs 4 GB of"
                  + " memory.</p><p><a href=\"deep/upgrade.html\">Upgrading</a></p>"));
      pages.remove("/docs/sitemap-only.html");
      Website.Report changed = crawl();
      assertEquals(1, changed.changed());
      assertEquals(1, changed.removed());
      docs.refresh();
      AskResult memory = docs.ask("how much memory does acme need");
      assertEquals("Acme now needs 4 GB of memory.", memory.answer().text());
      assertTrue(
          docs.documents().stream().noneMatch(d -> d.source().endsWith("/sitemap-only.html")));

      server.stop(0);
      server = null;
      Website.Report down = crawl();
      assertFalse(down.reachable());
      assertTrue(
          down.problem().startsWith("connection refused")
              || down.problem().contains("could not be read"),
          down.problem());
      assertFalse(docs.refresh().rebuilt());
      assertEquals(
          "Acme now needs 4 GB of memory.",
          docs.ask("how much memory does acme need").answer().text());
    }
    try (AskDocs again = AskDocs.open(mirror, c -> c.index(index).semantic(AskDocs.Semantic.OFF))) {
      assertEquals(
          base + "/docs/deep/upgrade.html",
          again.ask("what is a rolling upgrade").results().getFirst().source());
    }
  }
}
