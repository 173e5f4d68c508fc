package org.askdocs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RobotsTest {
  private static final String TXT =
      """
      # comments are ignored
      User-agent: *
      Disallow: /private/
      Allow: /private/press/
      Disallow: /*.zip$
      Crawl-delay: 2

      User-agent: AskDocs/0.1
      User-agent: other
      Disallow: /drafts/
      Crawl-delay: 0.5

      Sitemap: https://docs.example.com/sitemap.xml
      """;

  @Test
  void theGroupNamingAskdocsWinsOverTheStarGroup() {
    Robots r = Robots.parse(TXT, "askdocs");
    assertFalse(r.allows("/drafts/plan.html"));
    assertTrue(r.allows("/private/page.html"));
    assertEquals(0.5, r.crawlDelaySeconds());
    assertEquals(List.of("https://docs.example.com/sitemap.xml"), r.sitemaps());
  }

  @Test
  void otherwiseTheStarGroupAppliesWithTheLongestMatchWinning() {
    Robots r = Robots.parse(TXT, "somebot");
    assertFalse(r.allows("/private/page.html"));
    assertTrue(r.allows("/private/press/release.html"));
    assertFalse(r.allows("/files/all.zip"));
    assertTrue(r.allows("/files/all.zip.html"));
    assertTrue(r.allows("/guide/"));
    assertEquals(2.0, r.crawlDelaySeconds());
  }

  @Test
  void manyStarsCostLinearTime() {
    String hostile = "/" + "*a".repeat(200) + "b";
    String path = "/" + "a".repeat(5000);
    long start = System.nanoTime();
    assertFalse(Robots.matches(hostile, path));
    assertTrue((System.nanoTime() - start) < 2_000_000_000L);
  }
}
