package org.askdocs.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.askdocs.AskDocs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The search page in a real headless Chromium (Debian's chromium and chromium-driver). These tests
 * never skip: without a browser they fail and say what to install.
 */
class PageBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  @TempDir static Path corpus;
  @TempDir static Path index;
  @TempDir static Path profile;
  static AskDocs docs;
  static Javalin app;
  static ChromeDriver browser;
  static String base;

  @BeforeAll
  static void start() throws IOException {
    assertTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the browser tests need Debian's chromium and chromium-driver: apt-get install chromium"
            + " chromium-driver");
    for (Path p : Files.list(Path.of("../corpus")).toList()) {
      Files.copy(p, corpus.resolve(p.getFileName()));
    }
    // Plain text keeps markup characters as text, so these reach the page verbatim.
    Files.writeString(
        corpus.resolve("hostile.txt"),
        """
        Hostile <img src=x onerror="window.__pwned='title'"> Page
        Pwned <script>window.__pwned='heading'</script> Heading
        A pwnage attempt: <script>window.__pwned='script'</script> and <img src=x onerror="window.__pwned='img'"> inside the text about pwnage.
        """);
    Files.createDirectories(corpus.resolve("guides"));
    Files.writeString(corpus.resolve("guides/ports.md"), PageApiTest.PORTS);
    docs = AskDocs.open(corpus, index);
    app = WebServer.create(docs, new WebServer.Options("127.0.0.1", 0, null)).start();
    base = "http://127.0.0.1:" + app.port();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1100,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.stop();
    }
    if (docs != null) {
      docs.close();
    }
  }

  static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(10));
  }

  static List<WebElement> results() {
    return browser.findElements(By.cssSelector("#results .result"));
  }

  @Test
  void typingWhoHandlesPatchingShowsTheAnswerAndTheRightPassageFirst() throws IOException {
    browser.get(base + "/");
    WebElement box = browser.findElement(By.id("q"));
    assertEquals(box, browser.switchTo().activeElement(), "the search box has focus");
    box.sendKeys("who handles patching", Keys.ENTER);
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("answer")));
    assertEquals(
        "AVS is responsible for periodic security patching of managed VMware software (ESXi,"
            + " vCenter, and NSX).",
        browser.findElement(By.cssSelector("#answer .answer-text")).getText());
    assertEquals(
        "Vulnerability and patch management — avs-security-overview.md",
        browser.findElement(By.cssSelector("#answer .answer-source")).getText());
    WebElement first = results().getFirst();
    assertEquals(
        "Vulnerability and patch management", first.findElement(By.cssSelector("h2")).getText());
    assertEquals(
        "Azure VMware Solutions (AVS) - Security for AVS Services › Vulnerability and patch"
            + " management",
        first.findElement(By.cssSelector(".breadcrumb")).getText());
    assertEquals(
        List.of("responsible", "patching", "managed"),
        first.findElements(By.cssSelector(".snippet mark")).stream()
            .map(WebElement::getText)
            .toList());
    assertTrue(
        browser.getCurrentUrl().endsWith("/?q=who%20handles%20patching"), browser.getCurrentUrl());
    Path shot = Path.of("target/screenshots/who-handles-patching.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));

    // Reload keeps the question; the whole section opens in place.
    browser.navigate().refresh();
    waiting()
        .until(
            d ->
                !results().isEmpty()
                    && "Vulnerability and patch management"
                        .equals(results().getFirst().findElement(By.cssSelector("h2")).getText()));
    assertEquals("who handles patching", browser.findElement(By.id("q")).getDomProperty("value"));
    results().getFirst().findElement(By.cssSelector(".expand")).click();
    waiting().until(d -> !results().getFirst().findElements(By.cssSelector(".full")).isEmpty());
    assertEquals(
        "AVS is responsible for periodic security patching of managed VMware software (ESXi,"
            + " vCenter, and NSX).",
        results().getFirst().findElement(By.cssSelector(".full")).getText());
  }

  @Test
  void resultsFollowTypingTheUrlAndTheKeyboard() {
    browser.get(base + "/?q=" + "data%20backups");
    waiting().until(d -> !results().isEmpty());
    assertEquals("Data backups", results().getFirst().findElement(By.cssSelector("h2")).getText());
    WebElement box = browser.findElement(By.id("q"));
    box.clear();
    box.sendKeys("secure disposal");
    waiting()
        .until(
            d ->
                !results().isEmpty()
                    && "Secure Disposal"
                        .equals(results().getFirst().findElement(By.cssSelector("h2")).getText()));
    box.sendKeys(Keys.ARROW_DOWN);
    assertEquals(
        results().getFirst(),
        browser.switchTo().activeElement(),
        "arrow down moves to the first result");
    browser.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
    assertEquals(results().get(1), browser.switchTo().activeElement());
    browser.switchTo().activeElement().sendKeys("/");
    assertEquals(box, browser.switchTo().activeElement(), "slash focuses the search box");
  }

  @Test
  void aQuestionTheDocsDoNotAnswerSaysSoAndShowsTheNearestPassages() {
    browser.get(base + "/?q=" + "how%20much%20does%20it%20cost%20per%20month");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("declined")));
    assertFalse(browser.findElement(By.id("answer")).isDisplayed());
    assertTrue(
        browser.findElement(By.id("declined")).getText().startsWith("The docs don't answer this."));
  }

  @Test
  void scriptsAndImagesInDocumentsAndQuestionsShowAsTextAndNeverRun() {
    browser.get(base + "/?q=" + "pwnage%20%3Cscript%3Ewindow.__pwned%3D'query'%3C%2Fscript%3E");
    waiting().until(d -> !results().isEmpty());
    WebElement first = results().getFirst();
    assertTrue(
        first.getText().contains("<script>window.__pwned='script'</script>"), first.getText());
    assertTrue(
        first
            .findElement(By.cssSelector("h2"))
            .getText()
            .equals("Pwned <script>window.__pwned='heading'</script> Heading"));
    first.findElement(By.cssSelector(".expand")).click();
    waiting().until(d -> !results().getFirst().findElements(By.cssSelector(".full")).isEmpty());
    first.findElement(By.cssSelector("h2 a")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("section")));
    assertEquals(
        "Pwned <script>window.__pwned='heading'</script> Heading",
        browser.findElement(By.cssSelector("#section h1")).getText());
    assertTrue(
        browser
            .findElement(By.cssSelector("#section .text"))
            .getText()
            .contains("<img src=x onerror=\"window.__pwned='img'\">"));
    Object pwned =
        ((JavascriptExecutor) browser)
            .executeScript("return window.__pwned === undefined ? 'no' : window.__pwned;");
    assertEquals("no", pwned);
    assertTrue(
        browser.findElements(By.cssSelector("main img, main script")).isEmpty(),
        "no element came from document text");
  }

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  static List<String> texts(String css) {
    return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  static void screenshot(String name) throws IOException {
    Path shot = Path.of("target/screenshots/" + name + ".png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void typingAQuestionLetterByLetterNeverShowsADeclineForAHalfTypedWord() throws Exception {
    browser.get(base + "/");
    js(
        "window.__declined = []; const d = document.getElementById('declined');new"
            + " MutationObserver(() => { if (!d.hidden)"
            + " window.__declined.push(document.getElementById('q').value); }).observe(d,"
            + " {attributes: true});");
    WebElement box = browser.findElement(By.id("q"));
    String question = "who handles patc";
    for (int i = 0; i < question.length(); i++) {
      box.sendKeys(question.substring(i, i + 1));
      // Pause now and then, long enough for the page to search what is typed so far.
      Thread.sleep(question.charAt(i) == ' ' || i == 8 ? 400 : 60);
    }
    waiting().until(d -> status().matches("10 passages for “who handles patch” in \\d+ ms"));
    assertEquals(
        "Vulnerability and patch management",
        results().getFirst().findElement(By.cssSelector("h2")).getText());
    assertEquals(List.of(), js("return window.__declined;"), "no decline was shown while typing");
    assertFalse(browser.findElement(By.id("declined")).isDisplayed());
    assertEquals(
        "AVS is responsible for periodic security patching of managed VMware software (ESXi,"
            + " vCenter, and NSX).",
        browser.findElement(By.cssSelector("#answer .answer-text")).getText());
  }

  static String status() {
    return browser.findElement(By.id("status")).getText();
  }

  @Test
  void filtersByFolderAndDocumentShowCountsStayInTheUrlAndMoreResultsAsksForMore()
      throws IOException {
    browser.get(base + "/?q=hosts");
    waiting()
        .until(d -> !results().isEmpty() && browser.findElement(By.id("filters")).isDisplayed());
    assertEquals(
        List.of("All documents", "avs-security-overview.md (5)", "guides/ports.md (1)"),
        texts("#doc option"));
    assertEquals(List.of("All folders", "guides/ (1)"), texts("#folder option"));
    new Select(browser.findElement(By.id("folder"))).selectByValue("guides/");
    waiting()
        .until(
            d ->
                browser.getCurrentUrl().endsWith("/?q=hosts&folder=guides%2F")
                    && results().size() == 1
                    && status().startsWith("1 passage in "));
    assertEquals("Ports to open", results().getFirst().findElement(By.cssSelector("h2")).getText());
    assertFalse(browser.findElement(By.id("more")).isDisplayed(), "no more results to ask for");
    WebElement snippet = results().getFirst().findElement(By.cssSelector(".snippet"));
    assertEquals(
        List.of("Port", "Protocol", "Use"),
        snippet.findElements(By.cssSelector("th")).stream().map(WebElement::getText).toList(),
        "table rows in a snippet show as a table");
    assertEquals(
        List.of("443 TCP HTTPS to the console", "22 TCP SSH to the hosts"),
        snippet.findElements(By.cssSelector("tbody tr")).stream()
            .map(WebElement::getText)
            .toList());
    assertEquals(
        List.of("hosts", "hosts"),
        snippet.findElements(By.cssSelector("mark")).stream().map(WebElement::getText).toList());
    assertEquals(
        List.of("All documents", "avs-security-overview.md (5)", "guides/ports.md (1)"),
        texts("#doc option"),
        "the counts stay those of the whole corpus, so another filter can be chosen");
    browser.navigate().refresh();
    waiting().until(d -> results().size() == 1);
    assertEquals(
        "guides/",
        new Select(browser.findElement(By.id("folder")))
            .getFirstSelectedOption()
            .getAttribute("value"));
    screenshot("filters");

    browser.get(base + "/?q=security&doc=avs-security-overview.md");
    waiting().until(d -> results().size() == 10);
    assertEquals(
        List.of("avs-security-overview.md"),
        results().stream()
            .map(r -> r.findElement(By.cssSelector(".source")).getText())
            .distinct()
            .toList());
    WebElement more = browser.findElement(By.id("more"));
    assertTrue(more.isDisplayed());
    more.click();
    waiting().until(d -> results().size() > 10);
    assertEquals(
        List.of("avs-security-overview.md"),
        results().stream()
            .map(r -> r.findElement(By.cssSelector(".source")).getText())
            .distinct()
            .toList());
  }

  @Test
  void theEmptyPageOffersExampleQuestionsFromTheCorpusAndItsDocuments() throws IOException {
    browser.get(base + "/");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("empty")));
    List<String> examples = texts("#examples li");
    assertEquals(
        List.of(
            "Shared responsibility",
            "VMware Cloud Shared Responsibility",
            "Ports to open",
            "Azure infrastructure"),
        examples);
    assertEquals(
        List.of(
            "avs-security-overview.md Azure VMware Solutions (AVS) - Security for AVS Services · 17"
                + " passages",
            "guides/ports.md Network ports · 1 passage",
            "hostile.txt Hostile <img src=x onerror=\"window.__pwned='title'\"> Page · 1 passage",
            "vmware-cloud-shared-responsibility-model.txt VMware Cloud Well-Architected Framework"
                + " for Azure VMware Solution: Shared Responsibility Model · 8 passages"),
        texts("#documents li"));
    screenshot("empty");
    browser.findElement(By.cssSelector("#examples a")).click();
    waiting().until(d -> !results().isEmpty());
    assertEquals(examples.getFirst(), browser.findElement(By.id("q")).getDomProperty("value"));
    assertTrue(browser.findElement(By.id("answer")).isDisplayed());
  }

  @Test
  void onAPhoneInDarkModeThePlaceholderFitsAndNothingScrollsSideways() throws IOException {
    Dimension before = browser.manage().window().getSize();
    try {
      browser.manage().window().setSize(new Dimension(360, 780));
      browser.executeCdpCommand(
          "Emulation.setEmulatedMedia",
          java.util.Map.of(
              "features",
              List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
      browser.get(base + "/");
      waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("empty")));
      Object fits =
          js(
              "const i = document.getElementById('q'), cs = getComputedStyle(i);const c ="
                  + " document.createElement('canvas').getContext('2d'); c.font = cs.font;return"
                  + " c.measureText(i.placeholder).width <= i.clientWidth -"
                  + " parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);");
      assertEquals(true, fits);
      assertEquals(
          "rgb(15, 18, 22)",
          js("return getComputedStyle(document.body).backgroundColor;"),
          "dark background");
      browser.get(base + "/?q=who%20handles%20patching");
      waiting().until(d -> !results().isEmpty());
      screenshot("phone-dark");
      assertEquals(
          "",
          js(
              "const w = document.documentElement.clientWidth;return"
                  + " [...document.querySelectorAll('body *')].filter(e =>"
                  + " e.getBoundingClientRect().right > w + 0.5).map(e => e.tagName + '.' +"
                  + " e.className + ' ' + Math.round(e.getBoundingClientRect().right) + '>' +"
                  + " w).join(', ');"),
          "nothing reaches past the right edge");
    } finally {
      browser.executeCdpCommand(
          "Emulation.setEmulatedMedia", java.util.Map.of("features", List.of()));
      browser.manage().window().setSize(before);
    }
  }

  @Test
  void anOpenedSectionMarksTheQuestionsWordsAndLeadsBackToTheResults() throws IOException {
    browser.get(base + "/?q=who%20handles%20patching");
    waiting().until(d -> !results().isEmpty());
    assertEquals(
        "Vulnerability and patch management",
        browser.findElement(By.cssSelector("#answer .answer-source a")).getText(),
        "the answer's link names the section it opens");
    results().getFirst().findElement(By.cssSelector("h2 a")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("section")));
    assertTrue(
        browser
            .getCurrentUrl()
            .endsWith(
                "/?section=avs-security-overview.md%23vulnerability-and-patch-management&q=who%20handles%20patching"),
        browser.getCurrentUrl());
    assertEquals(List.of("responsible", "patching", "managed"), texts("#section .text mark"));
    WebElement back = browser.findElement(By.cssSelector("#section .back"));
    assertEquals("← Back to the results for “who handles patching”", back.getText());
    screenshot("section");
    back.click();
    waiting()
        .until(
            d ->
                !results().isEmpty()
                    && browser.getCurrentUrl().endsWith("/?q=who%20handles%20patching"));
    assertEquals(
        "Vulnerability and patch management",
        results().getFirst().findElement(By.cssSelector("h2")).getText());

    // A reloaded section still knows the question.
    browser.get(
        base
            + "/?section=avs-security-overview.md%23vulnerability-and-patch-management&q=who%20handles%20patching");
    waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#section .back")));
    assertEquals(List.of("patching"), texts("#section .text mark"));

    // Expanding a result shows the section in place of its snippet, not below it.
    browser.get(base + "/?q=who%20handles%20patching");
    waiting().until(d -> !results().isEmpty());
    WebElement first = results().getFirst();
    first.findElement(By.cssSelector(".expand")).click();
    waiting().until(d -> !results().getFirst().findElements(By.cssSelector(".full")).isEmpty());
    assertFalse(results().getFirst().findElement(By.cssSelector(".snippet")).isDisplayed());
    assertEquals(
        List.of("responsible", "patching", "managed"),
        texts("#results .result:first-child .full mark"));
  }

  @Test
  void tableRowsShowAsATableInTheSectionView() throws IOException {
    browser.get(base + "/?section=guides%2Fports.md%23ports-to-open");
    waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#section table")));
    assertEquals(List.of("Port", "Protocol", "Use"), texts("#section table th"));
    assertEquals(
        List.of("443 TCP HTTPS to the console", "22 TCP SSH to the hosts"),
        texts("#section table tbody tr"));
    assertEquals(
        "The firewall must allow these ports to reach the hosts.",
        browser
            .findElement(By.cssSelector("#section .text"))
            .getText()
            .lines()
            .findFirst()
            .orElseThrow());
    assertFalse(
        browser.findElement(By.cssSelector("#section .text")).getText().contains("Port: 443"));
    screenshot("table");
  }

  @Test
  void aLinkAndACitationAreCopiedWithOneClick() {
    browser.get(base + "/?section=avs-security-overview.md%23vulnerability-and-patch-management");
    waiting()
        .until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#section .copy-link")));
    js(
        "window.__copied = []; navigator.clipboard.writeText = (t) => { window.__copied.push(t);"
            + " return Promise.resolve(); };");
    String link = base + "/?section=avs-security-overview.md%23vulnerability-and-patch-management";
    browser.findElement(By.cssSelector("#section .copy-link")).click();
    waiting().until(d -> status().equals("Copied the link."));
    browser.findElement(By.cssSelector("#section .copy-citation")).click();
    waiting().until(d -> status().equals("Copied the citation."));
    assertEquals(
        List.of(
            link,
            "Azure VMware Solutions (AVS) - Security for AVS Services › Vulnerability and patch"
                + " management, avs-security-overview.md. "
                + link),
        js("return window.__copied;"));
  }
}
