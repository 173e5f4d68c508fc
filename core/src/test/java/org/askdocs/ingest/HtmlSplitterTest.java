package org.askdocs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlSplitterTest {
  @Test
  void headingsGiveThePathAndPageChromeIsDropped() {
    SourceDoc d =
        HtmlSplitter.split(
            "p.html",
            """
            <html><head><title>Page title</title><style>p{color:red}</style><script>var secret=1</script></head>
            <body><nav><a href="/">Home</a> <a href="/x">Menu item</a></nav>
            <h1>Backups</h1><p>Intro about <b>backups</b>.</p>
            <h2>Schedule</h2><p>Runs nightly.</p><ul><li>Keeps 7 days</li><li>Encrypted</li></ul>
            <h3>Restore</h3><pre>restore --all
              --force</pre>
            <footer>Copyright</footer></body></html>
            """);
    assertEquals("Page title", d.title());
    assertEquals(
        List.of(
            List.of("Page title"),
            List.of("Page title", "Schedule"),
            List.of("Page title", "Schedule", "Restore")),
        d.sections().stream().map(Section::headingPath).toList());
    assertEquals("Intro about backups.", d.sections().get(0).text());
    assertEquals("Runs nightly.\n\nKeeps 7 days\nEncrypted", d.sections().get(1).text());
    assertEquals("restore --all\n--force", d.sections().get(2).text());
  }

  @Test
  void scriptTextNeverBecomesDocumentText() {
    SourceDoc d =
        HtmlSplitter.split(
            "x.html", "<h2>A</h2><p>safe</p><script>alert(1)</script><noscript>nojs</noscript>");
    assertEquals("safe", d.sections().getFirst().text());
  }
}
