package org.askdocs.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A site's robots.txt as RFC 9309 reads it: the group for askdocs' product token (or {@code *}),
 * its allow and disallow rules (longest match wins, allow on a tie, {@code *} and {@code $}
 * understood), its crawl delay, and the sitemaps it names. Immutable and thread-safe.
 */
final class Robots {
  /** Nothing disallowed: a site without robots.txt. */
  static final Robots ALLOW_ALL = new Robots(List.of(), 0, List.of());

  private record Rule(boolean allow, String pattern) {}

  private final List<Rule> rules;
  private final double crawlDelaySeconds;
  private final List<String> sitemaps;

  private Robots(List<Rule> rules, double crawlDelaySeconds, List<String> sitemaps) {
    this.rules = List.copyOf(rules);
    this.crawlDelaySeconds = crawlDelaySeconds;
    this.sitemaps = List.copyOf(sitemaps);
  }

  /** The rules for {@code agent} (a product token such as "askdocs") in a robots.txt. */
  static Robots parse(String text, String agent) {
    String me = agent.toLowerCase(Locale.ROOT);
    List<Rule> mine = new ArrayList<>();
    List<Rule> any = new ArrayList<>();
    double myDelay = -1;
    double anyDelay = -1;
    List<String> sitemaps = new ArrayList<>();
    boolean inAgents = false; // reading a group's user-agent lines
    boolean forMe = false;
    boolean forAny = false;
    boolean foundMine = false;
    for (String raw : text.split("\r\n|\r|\n")) {
      int hash = raw.indexOf('#');
      String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "user-agent" -> {
          if (!inAgents) {
            forMe = false;
            forAny = false;
          }
          inAgents = true;
          String ua = value.toLowerCase(Locale.ROOT);
          if (ua.equals("*")) {
            forAny = true;
          } else if (me.equals(ua.split("/")[0].strip())) {
            forMe = true;
            foundMine = true;
          }
        }
        case "allow", "disallow" -> {
          inAgents = false;
          if (!value.isEmpty()) {
            Rule r = new Rule(key.equals("allow"), value);
            if (forMe) {
              mine.add(r);
            }
            if (forAny) {
              any.add(r);
            }
          }
        }
        case "crawl-delay" -> {
          inAgents = false;
          try {
            double d = Double.parseDouble(value);
            if (forMe) {
              myDelay = d;
            }
            if (forAny) {
              anyDelay = d;
            }
          } catch (NumberFormatException ignored) {
            // a malformed delay is no delay
          }
        }
        case "sitemap" -> sitemaps.add(value);
        default -> inAgents = false;
      }
    }
    return foundMine
        ? new Robots(mine, Math.max(0, myDelay), sitemaps)
        : new Robots(any, Math.max(0, anyDelay), sitemaps);
  }

  /** Whether a path (with its query) may be fetched. */
  boolean allows(String pathAndQuery) {
    String path = pathAndQuery.isEmpty() ? "/" : pathAndQuery;
    int best = -1;
    boolean allowed = true;
    for (Rule r : rules) {
      if (matches(r.pattern(), path)) {
        int len = r.pattern().length();
        if (len > best || len == best && r.allow()) {
          best = len;
          allowed = r.allow();
        }
      }
    }
    return allowed;
  }

  double crawlDelaySeconds() {
    return crawlDelaySeconds;
  }

  List<String> sitemaps() {
    return sitemaps;
  }

  /**
   * A robots.txt path pattern: a prefix, where {@code *} matches any run and a final {@code $}
   * anchors the end. Dynamic programming over pattern and path: linear in their product, whatever
   * the stars (a hostile robots.txt cannot make it backtrack).
   */
  static boolean matches(String pattern, String path) {
    boolean anchored = pattern.endsWith("$");
    String p = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
    if (p.length() > 1000 || path.length() > 8000) {
      return false;
    }
    // can[j]: the pattern read so far can end at path position j
    boolean[] can = new boolean[path.length() + 1];
    can[0] = true;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      boolean[] next = new boolean[path.length() + 1];
      if (c == '*') {
        boolean reached = false;
        for (int j = 0; j <= path.length(); j++) {
          reached |= can[j];
          next[j] = reached;
        }
      } else {
        for (int j = 0; j < path.length(); j++) {
          next[j + 1] = can[j] && path.charAt(j) == c;
        }
      }
      can = next;
    }
    if (anchored) {
      return can[path.length()];
    }
    for (boolean b : can) {
      if (b) {
        return true;
      }
    }
    return false;
  }
}
