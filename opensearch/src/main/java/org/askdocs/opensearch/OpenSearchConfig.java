package org.askdocs.opensearch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach an OpenSearch cluster and what to call the index there.
 *
 * @param urls one or more nodes ({@code http://host:9200} or {@code https://…}); requests go to any
 *     of them and move to another when one fails
 * @param user basic-auth user, or null
 * @param password basic-auth password, or null
 * @param caCertificate a PEM file of the certificate authority that signed the cluster's TLS
 *     certificates, or null to trust the system's authorities
 * @param index the name askdocs searches: an alias that points at the current index
 * @param shards primary shards of a new index
 * @param replicas copies of each shard on other nodes
 * @param timeout how long a request may take before it fails (connecting takes at most 5 seconds)
 */
public record OpenSearchConfig(
    List<URI> urls,
    String user,
    String password,
    Path caCertificate,
    String index,
    int shards,
    int replicas,
    Duration timeout) {
  /** Index names OpenSearch accepts, kept simple: lower-case letters, digits, '-', '_' and '.'. */
  private static final Pattern INDEX_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,200}");

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public OpenSearchConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(
          "give at least one OpenSearch URL, like http://localhost:9200");
    }
    Objects.requireNonNull(index, "index");
    if (!INDEX_NAME.matcher(index).matches()) {
      throw new IllegalArgumentException(
          "the OpenSearch index name '"
              + index
              + "' is not allowed: use lower-case letters, digits, '-', '_' and '.', starting with"
              + " a letter or digit");
    }
    if (shards < 1 || shards > 1024) {
      throw new IllegalArgumentException("shards must be between 1 and 1024, got " + shards);
    }
    if (replicas < 0 || replicas > 16) {
      throw new IllegalArgumentException("replicas must be between 0 and 16, got " + replicas);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive");
    }
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException("basic authentication needs both a user and a password");
    }
  }

  /** A config with defaults: 1 shard, 1 replica, a 30-second timeout, no authentication. */
  public static OpenSearchConfig of(String urls, String index) {
    return new OpenSearchConfig(parseUrls(urls), null, null, null, index, 1, 1, DEFAULT_TIMEOUT);
  }

  /**
   * Parses a comma-separated list of node URLs.
   *
   * @throws IllegalArgumentException saying which URL is wrong and why
   */
  public static List<URI> parseUrls(String urls) {
    List<URI> out = new ArrayList<>();
    for (String u : urls.split(",")) {
      String s = u.strip();
      if (s.isEmpty()) {
        continue;
      }
      URI uri;
      try {
        uri = URI.create(s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + s + "' is not a URL; write it like http://localhost:9200");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("'" + s + "' must start with http:// or https://");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("'" + s + "' has no host name");
      }
      if (uri.getRawPath() != null
          && !uri.getRawPath().isEmpty()
          && !uri.getRawPath().equals("/")) {
        throw new IllegalArgumentException(
            "'" + s + "' has a path; give the node's address only, like http://localhost:9200");
      }
      if (uri.getUserInfo() != null) {
        throw new IllegalArgumentException(
            "'"
                + s
                + "' holds credentials; pass them with --opensearch-user and"
                + " ASKDOCS_OPENSEARCH_PASSWORD instead");
      }
      out.add(uri);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "give at least one OpenSearch URL, like http://localhost:9200");
    }
    return out;
  }

  public OpenSearchConfig withAuth(String user, String password) {
    return new OpenSearchConfig(
        urls, user, password, caCertificate, index, shards, replicas, timeout);
  }

  public OpenSearchConfig withCaCertificate(Path ca) {
    return new OpenSearchConfig(urls, user, password, ca, index, shards, replicas, timeout);
  }

  public OpenSearchConfig withLayout(int shards, int replicas) {
    return new OpenSearchConfig(
        urls, user, password, caCertificate, index, shards, replicas, timeout);
  }

  public OpenSearchConfig withTimeout(Duration timeout) {
    return new OpenSearchConfig(
        urls, user, password, caCertificate, index, shards, replicas, timeout);
  }

  /** The nodes as written, for messages. */
  public String describeUrls() {
    return String.join(",", urls.stream().map(URI::toString).toList());
  }

  @Override
  public String toString() {
    // Never print the password.
    return "OpenSearchConfig[urls="
        + describeUrls()
        + ", user="
        + user
        + ", index="
        + index
        + ", shards="
        + shards
        + ", replicas="
        + replicas
        + ", timeout="
        + timeout
        + "]";
  }
}
