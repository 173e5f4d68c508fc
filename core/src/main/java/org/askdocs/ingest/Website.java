package org.askdocs.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * A documentation website as a corpus: {@link #crawl} mirrors the pages under a start URL into a
 * local folder (HTML pages reduced to their main content, and PDFs they link to), with a manifest
 * mapping each file to its URL; {@link #entries} lists that folder as corpus files whose source is
 * the page URL, so the folder pipeline indexes a site as it indexes a folder.
 *
 * <p>The crawl stays on the start URL's host and under its path, follows links and the site's
 * sitemaps, obeys robots.txt (and its crawl delay), waits between requests, bounds every page's
 * time and size, and says who it is in its User-Agent. Re-crawling asks with the ETag and
 * Last-Modified it kept and rewrites only pages whose content changed, so the index re-reads only
 * those; a page that is gone (404, 410, or no longer linked) leaves the mirror; a site that cannot
 * be reached leaves the mirror as it was, so the last good index keeps answering. One crawl at a
 * time per folder; not thread-safe.
 */
public final class Website {
  public static final String USER_AGENT =
      "askdocs/0.1 (documentation search; reads only the site it is pointed at)";

  /** The robots.txt product token. */
  static final String AGENT_TOKEN = "askdocs";

  static final String MANIFEST = "site.tsv";
  private static final String PAGES = "pages";
  private static final String HEADER = "# askdocs site mirror\t";
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_SITEMAPS = 20;
  private static final double MAX_CRAWL_DELAY_SECONDS = 10;

  private Website() {}

  /**
   * How to crawl.
   *
   * @param maxPages most pages (HTML and PDF) kept
   * @param delay pause between two requests (robots.txt's crawl delay, up to 10 s, when longer)
   * @param timeout most time for one request, body included
   * @param maxPageBytes larger pages are left out
   */
  public record Options(int maxPages, Duration delay, Duration timeout, long maxPageBytes) {
    public static final Options DEFAULTS =
        new Options(500, Duration.ofMillis(250), Duration.ofSeconds(20), 16L << 20);

    public Options {
      if (maxPages < 1 || maxPages > 100_000) {
        throw new IllegalArgumentException("the page limit must be 1..100000, got " + maxPages);
      }
      if (delay.isNegative() || delay.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException(
            "the delay between requests must be 0..60000 ms, got " + delay.toMillis());
      }
      if (timeout.compareTo(Duration.ofMillis(100)) < 0
          || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            "the request timeout must be 0.1..600 s, got " + timeout.toMillis() + " ms");
      }
      if (maxPageBytes < 1024 || maxPageBytes > Corpus.MAX_FILE_BYTES) {
        throw new IllegalArgumentException(
            "the page size limit must be 1 KB.." + (Corpus.MAX_FILE_BYTES >> 20) + " MB");
      }
    }
  }

  /** A page left out of the crawl, and why. */
  public record Skip(String url, String reason) {}

  /**
   * What a crawl did.
   *
   * @param reachable false when the site could not be reached: the mirror was left as it was
   * @param problem why the site could not be reached; null when it could
   * @param pages pages now in the mirror
   * @param changed pages fetched whose content was new or changed
   * @param removed pages that left the mirror
   */
  public record Report(
      boolean reachable, String problem, int pages, int changed, int removed, List<Skip> skipped) {
    public Report {
      skipped = List.copyOf(skipped);
    }
  }

  /** A start URL: http or https with a host, or empty when {@code s} is not one (a folder, say). */
  public static Optional<URI> parseUrl(String s) {
    if (s == null) {
      return Optional.empty();
    }
    String lower = s.strip().toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      return Optional.empty();
    }
    try {
      URI u = new URI(s.strip());
      if (u.getHost() == null) {
        throw new IllegalArgumentException("not a website URL (no host): " + s);
      }
      return Optional.of(
          normalize(u.getPath() == null || u.getRawPath().isEmpty() ? u.resolve("/") : u));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL: " + s + " (" + e.getReason() + ")");
    }
  }

  /**
   * The user's askdocs cache folder, where what askdocs keeps for corpora outside its own folder
   * goes (sites' mirrors, indexes): {@code $XDG_CACHE_HOME/askdocs} or {@code ~/.cache/askdocs}, or
   * the {@code askdocs.cache} system property.
   */
  public static Path cacheRoot() {
    String prop = System.getProperty("askdocs.cache");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    // The XDG Base Directory specification ignores a relative $XDG_CACHE_HOME.
    boolean usable = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute();
    return (usable ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
        .resolve("askdocs")
        .toAbsolutePath()
        .normalize();
  }

  /**
   * The folder askdocs keeps a site's mirror and index in: {@code <cache>/sites/<host>-<hash>} (see
   * {@link #cacheRoot}).
   */
  public static Path cacheFolder(URI start) {
    Path cache = cacheRoot();
    String host = start.getHost().replaceAll("[^A-Za-z0-9.-]", "_");
    String hash = Corpus.sha256(start.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 8);
    return cache.resolve("sites").resolve(host + "-" + hash);
  }

  /** Whether a folder is a site mirror made by {@link #crawl}. */
  public static boolean isMirror(Path folder) {
    return Files.isRegularFile(folder.resolve(MANIFEST));
  }

  /** The start URL a mirror was made from. */
  public static Optional<String> startUrl(Path mirror) throws IOException {
    if (!isMirror(mirror)) {
      return Optional.empty();
    }
    String first =
        Files.readAllLines(mirror.resolve(MANIFEST), StandardCharsets.UTF_8).stream()
            .findFirst()
            .orElse("");
    return first.startsWith(HEADER)
        ? Optional.of(first.substring(HEADER.length()))
        : Optional.empty();
  }

  /**
   * The mirror's pages as corpus files, sorted by URL: source is the page URL, path the local copy.
   */
  public static List<Corpus.FileEntry> entries(Path mirror) throws IOException {
    Path root = mirror.toAbsolutePath().normalize();
    List<Corpus.FileEntry> out = new ArrayList<>();
    for (Page p : readManifest(root).values()) {
      Path file = root.resolve(PAGES).resolve(p.file());
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        out.add(new Corpus.FileEntry(p.url(), file, a.size(), a.lastModifiedTime().toMillis()));
      } catch (NoSuchFileException e) {
        out.add(new Corpus.FileEntry(p.url(), file, -1, -1));
      }
    }
    out.sort(java.util.Comparator.comparing(Corpus.FileEntry::source));
    return out;
  }

  /**
   * One mirrored page: its URL, local file name, the validators the server gave, and its content
   * hash.
   */
  record Page(String url, String file, String etag, String lastModified, String sha256) {}

  static Map<String, Page> readManifest(Path mirror) throws IOException {
    Map<String, Page> pages = new LinkedHashMap<>();
    Path m = mirror.resolve(MANIFEST);
    if (!Files.isRegularFile(m)) {
      return pages;
    }
    for (String line : Files.readAllLines(m, StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length == 5 && !f[1].contains("/") && !f[1].contains("\\") && !f[1].startsWith(".")) {
        pages.put(f[0], new Page(f[0], f[1], f[2], f[3], f[4]));
      }
    }
    return pages;
  }

  private static void writeManifest(Path mirror, String start, Map<String, Page> pages)
      throws IOException {
    StringBuilder out = new StringBuilder(HEADER).append(start).append('\n');
    for (Page p : pages.values()) {
      out.append(
              String.join(
                  "\t", p.url(), p.file(), clean(p.etag()), clean(p.lastModified()), p.sha256()))
          .append('\n');
    }
    Path tmp = mirror.resolve(MANIFEST + ".tmp");
    Files.writeString(tmp, out, StandardCharsets.UTF_8);
    try {
      Files.move(
          tmp,
          mirror.resolve(MANIFEST),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, mirror.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String clean(String s) {
    return s == null ? "" : s.replaceAll("[\\t\\r\\n]", " ");
  }

  /**
   * Crawls a site into a mirror folder (created when missing), bringing an earlier mirror up to
   * date.
   *
   * @throws IOException when the mirror folder cannot be written
   */
  public static Report crawl(URI start, Path mirror, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    URI base = normalize(start);
    Files.createDirectories(mirror.resolve(PAGES));
    try (HttpClient client =
        HttpClient.newBuilder()
            .followRedirects(
                HttpClient.Redirect
                    .NEVER) // each hop is checked against the site's scope and robots.txt
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(options.timeout())
            .build()) {
      // A start URL that moves (http to https, /docs to /docs/en/) is crawled where it moved to.
      for (int moves = 0; ; moves++) {
        try {
          return new Crawl(client, base, mirror.toAbsolutePath().normalize(), options).run();
        } catch (Moved m) {
          if (moves >= MAX_REDIRECTS) {
            return new Report(
                false,
                "the start page redirects more than " + MAX_REDIRECTS + " times",
                readManifest(mirror).size(),
                0,
                0,
                List.of());
          }
          base = m.to;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("the crawl was interrupted");
    }
  }

  /** A URL without its fragment, with a lower-case scheme and host, no default port, and a path. */
  static URI normalize(URI u) {
    try {
      String scheme = u.getScheme().toLowerCase(Locale.ROOT);
      int port = u.getPort();
      if (scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443) {
        port = -1;
      }
      String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      URI n =
          new URI(
              scheme
                  + "://"
                  + u.getHost().toLowerCase(Locale.ROOT)
                  + (port >= 0 ? ":" + port : "")
                  + path
                  + (u.getRawQuery() != null ? "?" + u.getRawQuery() : ""));
      return n.normalize();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL: " + u, e);
    }
  }

  /** One crawl of one site. */
  private static final class Crawl {
    private final HttpClient client;
    private final URI start;
    private final String origin;
    private final String scope;
    private final Path mirror;
    private final Options options;
    private final Map<String, Page> before;
    private final Map<String, Page> after = new LinkedHashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final Deque<URI> queue = new ArrayDeque<>();
    private final List<Skip> skipped = new ArrayList<>();
    private Robots robots = Robots.ALLOW_ALL;
    private long delayNanos;
    private long lastRequest;
    private int changed;

    Crawl(HttpClient client, URI start, Path mirror, Options options) throws IOException {
      this.client = client;
      this.start = start;
      this.origin = start.getScheme() + "://" + start.getRawAuthority();
      String path = start.getRawPath();
      int slash = path.lastIndexOf('/');
      String last = path.substring(slash + 1);
      // https://host/guide/ and https://host/guide cover /guide/…; https://host/guide/index.html
      // covers /guide/…
      this.scope =
          path.endsWith("/")
              ? path
              : last.contains(".") ? path.substring(0, slash + 1) : path + "/";
      this.mirror = mirror;
      this.options = options;
      this.before = readManifest(mirror);
      this.delayNanos = options.delay().toNanos();
    }

    Report run() throws IOException, InterruptedException {
      // robots.txt: missing (4xx) allows everything; a server error or no answer means the site is
      // down.
      Fetched r;
      try {
        r = fetch(URI.create(origin + "/robots.txt"), null);
      } catch (IOException | TimeoutException e) {
        return unreachable(describe(e));
      }
      if (r.status() >= 500) {
        return unreachable("robots.txt answered HTTP " + r.status());
      }
      if (r.status() == 200) {
        robots = Robots.parse(new String(r.body(), StandardCharsets.UTF_8), AGENT_TOKEN);
        delayNanos =
            Math.max(
                delayNanos,
                (long) (Math.min(robots.crawlDelaySeconds(), MAX_CRAWL_DELAY_SECONDS) * 1e9));
      }
      if (!robots.allows(pathAndQuery(start))) {
        return unreachable("robots.txt asks crawlers to keep out of " + start);
      }
      seen.add(start.toString());
      // Without its start page the site is taken for down: the mirror stays as it was, rather than
      // losing every page the start page would have led to.
      if (visit(start) != Outcome.KEPT) {
        String why = skipped.isEmpty() ? "no answer" : skipped.getLast().reason();
        skipped.clear();
        return unreachable("the start page " + start + " could not be read: " + why);
      }
      readSitemaps();
      while (!queue.isEmpty() && after.size() < options.maxPages()) {
        visit(queue.pollFirst());
      }
      // Pages not met this time are gone; their copies go with them.
      int removed = 0;
      for (Page p : before.values()) {
        if (!after.containsKey(p.url())) {
          Files.deleteIfExists(mirror.resolve(PAGES).resolve(p.file()));
          removed++;
        }
      }
      writeManifest(mirror, start.toString(), after);
      return new Report(true, null, after.size(), changed, removed, skipped);
    }

    private Report unreachable(String why) {
      return new Report(false, why, before.size(), 0, 0, List.of());
    }

    private enum Outcome {
      KEPT,
      SKIPPED
    }

    private Outcome visit(URI url) throws IOException, InterruptedException {
      URI current = url;
      Page old = before.get(url.toString());
      for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
        Fetched f;
        try {
          f = fetch(current, old);
        } catch (HttpTimeoutException | TimeoutException e) {
          return keepOld(current, old, "took longer than " + options.timeout().toMillis() + " ms");
        } catch (TooLarge e) {
          return skip(current, "larger than " + (options.maxPageBytes() >> 10) + " KB");
        } catch (IOException e) {
          return keepOld(current, old, describe(e));
        }
        int s = f.status();
        if (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) {
          URI from = current;
          Optional<URI> to = f.location().flatMap(l -> resolve(from, l));
          if (to.isPresent() && url.equals(start) && hop == 0 && !inScope(to.get())) {
            throw new Moved(to.get());
          }
          if (to.isEmpty() || !inScope(to.get())) {
            return skip(current, "redirects outside " + origin + scope);
          }
          URI next = to.get();
          if (!robots.allows(pathAndQuery(next))) {
            return skip(current, "redirects to a page robots.txt disallows");
          }
          if (!seen.add(next.toString()) && after.containsKey(next.toString())) {
            return Outcome.SKIPPED; // already read under its own URL
          }
          current = next;
          old = before.get(next.toString());
          continue;
        }
        if (s == 304 && old != null) {
          after.put(current.toString(), old);
          Path copy = mirror.resolve(PAGES).resolve(old.file());
          if (old.file().endsWith(".html") && Files.isRegularFile(copy)) {
            // The copy keeps only the main content: links are read again from the stored links
            // line.
            links(current, Files.readString(copy, StandardCharsets.UTF_8));
          }
          return Outcome.KEPT;
        }
        if (s == 404 || s == 410) {
          return skip(current, "not found (HTTP " + s + ")");
        }
        if (s >= 500) {
          return keepOld(current, old, "server error (HTTP " + s + ")");
        }
        if (s != 200) {
          return skip(current, "HTTP " + s);
        }
        return store(current, f, old);
      }
      return skip(url, "more than " + MAX_REDIRECTS + " redirects");
    }

    /**
     * A page that failed for now keeps its last good copy, so a hiccup does not drop it from the
     * index.
     */
    private Outcome keepOld(URI url, Page old, String reason) {
      skipped.add(
          new Skip(url.toString(), reason + (old != null ? "; keeping the last copy" : "")));
      if (old != null) {
        after.put(old.url(), old);
      }
      return Outcome.SKIPPED;
    }

    private Outcome skip(URI url, String reason) {
      skipped.add(new Skip(url.toString(), reason));
      return Outcome.SKIPPED;
    }

    private Outcome store(URI url, Fetched f, Page old) throws IOException {
      String type = f.contentType();
      byte[] content;
      String ext;
      if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
        String html = new String(f.body(), charset(f));
        Document doc = Jsoup.parse(html, url.toString());
        String robotsMeta =
            doc.select("meta[name=robots]").eachAttr("content").toString().toLowerCase(Locale.ROOT);
        if (!robotsMeta.contains("nofollow")) {
          links(url, doc);
        }
        if (robotsMeta.contains("noindex")) {
          return skip(url, "the page asks not to be indexed (meta robots noindex)");
        }
        content = mainContent(doc, url).getBytes(StandardCharsets.UTF_8);
        ext = ".html";
      } else if (type.equals("application/pdf")) {
        content = f.body();
        ext = ".pdf";
      } else {
        return skip(
            url, "not an HTML page or a PDF (" + (type.isEmpty() ? "no content type" : type) + ")");
      }
      String sha = Corpus.sha256(content);
      String file =
          Corpus.sha256(url.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 24) + ext;
      Path path = mirror.resolve(PAGES).resolve(file);
      if (old == null
          || !old.sha256().equals(sha)
          || !old.file().equals(file)
          || !Files.isRegularFile(path)) {
        Path tmp = mirror.resolve(PAGES).resolve(file + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        changed++;
      }
      after.put(url.toString(), new Page(url.toString(), file, f.etag(), f.lastModified(), sha));
      return Outcome.KEPT;
    }

    /**
     * The page reduced to its main content ({@code <main>}, or the one {@code <article>}), else the
     * body without its header, navigation, sidebars and footer; its links are kept in a comment so
     * a re-crawl answered "not modified" still finds the pages it links to.
     */
    private String mainContent(Document doc, URI url) {
      Element main = doc.selectFirst("main, [role=main]");
      if (main == null && doc.select("article").size() == 1) {
        main = doc.selectFirst("article");
      }
      Element body = doc.body();
      if (main == null) {
        body.select(
                "body > header, body > footer, header:not(article header, section header),"
                    + " footer:not(article footer, section footer)")
            .remove();
        main = body;
      }
      main.select(
              "nav, aside, [role=navigation], [role=complementary], [role=banner],"
                  + " [role=contentinfo], script, style, noscript, template")
          .remove();
      StringBuilder out =
          new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">");
      String title = doc.title().isBlank() ? urlTitle(url) : doc.title();
      out.append("<title>").append(org.jsoup.nodes.Entities.escape(title)).append("</title>");
      out.append("<!-- askdocs links: ");
      for (String link : linkTargets(doc)) {
        out.append(link.replace("--", "%2D%2D")).append(' ');
      }
      out.append("--></head><body>")
          .append(main.tagName().equals("body") ? main.html() : main.outerHtml())
          .append("</body></html>\n");
      return out.toString();
    }

    /**
     * A title for a page without one: its last path segment ("backups" for /guide/backups.html),
     * else the host.
     */
    static String urlTitle(URI url) {
      String[] segments = (url.getPath() == null ? "" : url.getPath()).split("/");
      for (int i = segments.length - 1; i >= 0; i--) {
        String seg = segments[i];
        int dot = seg.lastIndexOf('.');
        String name =
            (dot > 0 ? seg.substring(0, dot) : seg).replace('-', ' ').replace('_', ' ').strip();
        if (!name.isEmpty() && !name.equalsIgnoreCase("index")) {
          return name;
        }
      }
      return url.getHost();
    }

    private static List<String> linkTargets(Document doc) {
      List<String> out = new ArrayList<>();
      for (Element a : doc.select("a[href], link[rel=next][href], area[href]")) {
        String abs = a.absUrl("href");
        if (!abs.isEmpty()) {
          out.add(abs);
        }
      }
      return out;
    }

    private void links(URI page, Document doc) {
      for (String link : linkTargets(doc)) {
        resolve(page, link).ifPresent(this::enqueue);
      }
    }

    /** Links of a stored copy: those kept in its comment. */
    private void links(URI page, String storedCopy) {
      int from = storedCopy.indexOf("<!-- askdocs links: ");
      int to = from < 0 ? -1 : storedCopy.indexOf("-->", from);
      if (to < 0) {
        return;
      }
      for (String link : storedCopy.substring(from + 20, to).strip().split("\\s+")) {
        if (!link.isEmpty()) {
          resolve(page, link.replace("%2D%2D", "--")).ifPresent(this::enqueue);
        }
      }
    }

    private void enqueue(URI url) {
      if (inScope(url) && robots.allows(pathAndQuery(url)) && seen.add(url.toString())) {
        queue.addLast(url);
      }
    }

    private boolean inScope(URI u) {
      String path = u.getRawPath() == null ? "/" : u.getRawPath();
      return (u.getScheme() + "://" + u.getRawAuthority()).equalsIgnoreCase(origin)
          && (path.startsWith(scope)
              || path.equals(start.getRawPath())
              || (path + "/").equals(scope));
    }

    private static String pathAndQuery(URI u) {
      return (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
          + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
    }

    private static Optional<URI> resolve(URI base, String link) {
      try {
        String l = link.strip().replace(" ", "%20");
        URI u = base.resolve(new URI(l));
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
          return Optional.empty();
        }
        return Optional.of(normalize(u));
      } catch (URISyntaxException | IllegalArgumentException e) {
        return Optional.empty(); // a malformed link is not followed
      }
    }

    /**
     * sitemap.xml at the scope's root and at the site's root, and those robots.txt names; sitemap
     * indexes followed.
     */
    private void readSitemaps() throws InterruptedException {
      Deque<String> maps = new ArrayDeque<>(robots.sitemaps());
      maps.add(origin + scope + "sitemap.xml");
      maps.add(origin + "/sitemap.xml");
      Set<String> read = new HashSet<>();
      while (!maps.isEmpty() && read.size() < MAX_SITEMAPS) {
        String m = maps.pollFirst();
        Optional<URI> u = resolve(start, m);
        if (u.isEmpty()
            || !read.add(u.get().toString())
            || !u.get().getRawAuthority().equalsIgnoreCase(start.getRawAuthority())) {
          continue;
        }
        try {
          Fetched f = fetch(u.get(), null);
          if (f.status() != 200) {
            continue;
          }
          Document xml =
              Jsoup.parse(
                  new String(f.body(), StandardCharsets.UTF_8),
                  u.get().toString(),
                  Parser.xmlParser());
          for (Element loc : xml.select("sitemap > loc")) {
            maps.add(loc.text().strip());
          }
          for (Element loc : xml.select("url > loc")) {
            resolve(start, loc.text().strip()).ifPresent(this::enqueue);
          }
        } catch (IOException | TimeoutException e) {
          skipped.add(new Skip(u.get().toString(), "sitemap not read: " + describe(e)));
        }
      }
    }

    private record Fetched(
        int status,
        byte[] body,
        String contentType,
        String charset,
        String etag,
        String lastModified,
        Optional<String> location) {}

    private Fetched fetch(URI url, Page old)
        throws IOException, InterruptedException, TimeoutException {
      long wait = lastRequest + delayNanos - System.nanoTime();
      if (lastRequest != 0 && wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      HttpRequest.Builder req =
          HttpRequest.newBuilder(url)
              .timeout(options.timeout())
              .GET()
              .header("User-Agent", USER_AGENT)
              .header("Accept", "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.1");
      if (old != null) {
        Path copy = mirror.resolve(PAGES).resolve(old.file());
        if (Files.isRegularFile(copy)) {
          if (!old.etag().isEmpty()) {
            req.header("If-None-Match", old.etag());
          }
          if (!old.lastModified().isEmpty()) {
            req.header("If-Modified-Since", old.lastModified());
          }
        }
      }
      CompletableFuture<HttpResponse<byte[]>> call =
          client.sendAsync(req.build(), info -> new Limited(options.maxPageBytes()));
      try {
        // The whole exchange, body included, within the timeout: a page that trickles in is cut
        // off.
        HttpResponse<byte[]> r = call.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        var h = r.headers();
        String type = h.firstValue("Content-Type").orElse("");
        String mime = type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        String charset = null;
        for (String part : type.split(";")) {
          String p = part.strip();
          if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
            charset = p.substring(8).replace("\"", "").strip();
          }
        }
        return new Fetched(
            r.statusCode(),
            r.body() == null ? new byte[0] : r.body(),
            mime,
            charset,
            h.firstValue("ETag").orElse(""),
            h.firstValue("Last-Modified").orElse(""),
            h.firstValue("Location"));
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof TooLarge t) {
          throw t;
        }
        if (c instanceof IOException io) {
          throw io;
        }
        throw new IOException(c);
      } catch (TimeoutException e) {
        call.cancel(true);
        throw e;
      } finally {
        lastRequest = System.nanoTime();
      }
    }

    private static java.nio.charset.Charset charset(Fetched f) {
      try {
        if (f.charset() != null) {
          return java.nio.charset.Charset.forName(f.charset());
        }
      } catch (IllegalArgumentException e) {
        // an unknown charset name: UTF-8, as HTML5 defaults
      }
      return StandardCharsets.UTF_8;
    }
  }

  private static String describe(Exception e) {
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
      return "timed out";
    }
    if (e instanceof java.nio.channels.UnresolvedAddressException
        || e.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
      return "unknown host";
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** The start page redirects elsewhere: the crawl starts again from there. */
  private static final class Moved extends RuntimeException {
    final URI to;

    Moved(URI to) {
      super(null, null, false, false);
      this.to = to;
    }
  }

  /** A page's body past the size limit. */
  private static final class TooLarge extends IOException {
    TooLarge() {
      super("too large", null);
    }
  }

  /**
   * Collects a body up to a limit, cancelling the download past it: a huge page never fills memory.
   */
  private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
    private final long max;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    Limited(long max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        if (out.size() + (long) b.remaining() > max) {
          subscription.cancel();
          body.completeExceptionally(new TooLarge());
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        out.writeBytes(chunk);
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      body.complete(out.toByteArray());
    }
  }
}
