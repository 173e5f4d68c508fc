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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
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
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver");
    for (Path p : Files.list(Path.of("../corpus")).toList()) {
      Files.copy(p, corpus.resolve(p.getFileName()));
    }
    // Plain text keeps markup characters as text, so these reach the page verbatim.
    Files.writeString(corpus.resolve("hostile.txt"), """
        Hostile <img src=x onerror="window.__pwned='title'"> Page
        Pwned <script>window.__pwned='heading'</script> Heading
        A pwnage attempt: <script>window.__pwned='script'</script> and <img src=x onerror="window.__pwned='img'"> inside the text about pwnage.
        """);
    docs = AskDocs.open(corpus, index);
    app = WebServer.create(docs, new WebServer.Options("127.0.0.1", 0, null)).start();
    base = "http://127.0.0.1:" + app.port();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1100,900", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
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
    assertEquals("AVS is responsible for periodic security patching of managed VMware software (ESXi, vCenter, and NSX).",
        browser.findElement(By.cssSelector("#answer .answer-text")).getText());
    assertEquals("Vulnerability and patch management — avs-security-overview.md", browser.findElement(By.cssSelector("#answer .answer-source")).getText());
    WebElement first = results().getFirst();
    assertEquals("Vulnerability and patch management", first.findElement(By.cssSelector("h2")).getText());
    assertEquals("Azure VMware Solutions (AVS) - Security for AVS Services › Vulnerability and patch management", first.findElement(By.cssSelector(".breadcrumb")).getText());
    assertEquals(List.of("responsible", "patching", "managed"),
        first.findElements(By.cssSelector(".snippet mark")).stream().map(WebElement::getText).toList());
    assertTrue(browser.getCurrentUrl().endsWith("/?q=who%20handles%20patching"), browser.getCurrentUrl());
    Path shot = Path.of("target/screenshots/who-handles-patching.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));

    // Reload keeps the question; the whole section opens in place.
    browser.navigate().refresh();
    waiting().until(d -> !results().isEmpty()
        && "Vulnerability and patch management".equals(results().getFirst().findElement(By.cssSelector("h2")).getText()));
    assertEquals("who handles patching", browser.findElement(By.id("q")).getDomProperty("value"));
    results().getFirst().findElement(By.cssSelector(".expand")).click();
    waiting().until(d -> !results().getFirst().findElements(By.cssSelector(".full")).isEmpty());
    assertEquals("AVS is responsible for periodic security patching of managed VMware software (ESXi, vCenter, and NSX).",
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
    waiting().until(d -> !results().isEmpty() && "Secure Disposal".equals(results().getFirst().findElement(By.cssSelector("h2")).getText()));
    box.sendKeys(Keys.ARROW_DOWN);
    assertEquals(results().getFirst(), browser.switchTo().activeElement(), "arrow down moves to the first result");
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
    assertTrue(browser.findElement(By.id("declined")).getText().startsWith("The docs don't answer this."));
  }

  @Test
  void scriptsAndImagesInDocumentsAndQuestionsShowAsTextAndNeverRun() {
    browser.get(base + "/?q=" + "pwnage%20%3Cscript%3Ewindow.__pwned%3D'query'%3C%2Fscript%3E");
    waiting().until(d -> !results().isEmpty());
    WebElement first = results().getFirst();
    assertTrue(first.getText().contains("<script>window.__pwned='script'</script>"), first.getText());
    assertTrue(first.findElement(By.cssSelector("h2")).getText().equals("Pwned <script>window.__pwned='heading'</script> Heading"));
    first.findElement(By.cssSelector(".expand")).click();
    waiting().until(d -> !results().getFirst().findElements(By.cssSelector(".full")).isEmpty());
    first.findElement(By.cssSelector("h2 a")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("section")));
    assertEquals("Pwned <script>window.__pwned='heading'</script> Heading", browser.findElement(By.cssSelector("#section h1")).getText());
    assertTrue(browser.findElement(By.cssSelector("#section .text")).getText().contains("<img src=x onerror=\"window.__pwned='img'\">"));
    Object pwned = ((JavascriptExecutor) browser).executeScript("return window.__pwned === undefined ? 'no' : window.__pwned;");
    assertEquals("no", pwned);
    assertTrue(browser.findElements(By.cssSelector("main img, main script")).isEmpty(), "no element came from document text");
  }
}
