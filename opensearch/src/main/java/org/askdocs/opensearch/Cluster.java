package org.askdocs.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * The HTTP conversation with a cluster, through the official client's transport (node failover,
 * connection pooling, TLS, timeouts): JSON in, JSON out, and every failure turned into an {@link
 * IOException} whose message says what went wrong in words (the cluster is down, refused a request
 * and why), never a hang: connecting takes at most 5 seconds, a request at most the configured
 * timeout. Thread-safe.
 */
final class Cluster implements AutoCloseable {
  static final Timeout CONNECT_TIMEOUT = Timeout.of(5, TimeUnit.SECONDS);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OpenSearchConfig config;
  private final OpenSearchTransport transport;
  private final OpenSearchGenericClient client;

  Cluster(OpenSearchConfig config) throws IOException {
    this.config = config;
    HttpHost[] hosts = config.urls().stream().map(Cluster::host).toArray(HttpHost[]::new);
    SSLContext tls = config.caCertificate() == null ? null : trusting(config);
    Timeout timeout = Timeout.of(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    ApacheHttpClient5TransportBuilder builder =
        ApacheHttpClient5TransportBuilder.builder(hosts)
            .setMapper(new JacksonJsonpMapper(JSON))
            .setConnectionConfigCallback(
                c -> c.setConnectTimeout(CONNECT_TIMEOUT).setSocketTimeout(timeout))
            .setRequestConfigCallback(
                r -> r.setConnectionRequestTimeout(CONNECT_TIMEOUT).setResponseTimeout(timeout))
            .setHttpClientConfigCallback(
                http -> {
                  if (tls != null) {
                    http.setConnectionManager(
                        PoolingAsyncClientConnectionManagerBuilder.create()
                            .setTlsStrategy(
                                ClientTlsStrategyBuilder.create().setSslContext(tls).buildAsync())
                            .setMaxConnPerRoute(
                                ApacheHttpClient5TransportBuilder.DEFAULT_MAX_CONN_PER_ROUTE)
                            .setMaxConnTotal(
                                ApacheHttpClient5TransportBuilder.DEFAULT_MAX_CONN_TOTAL)
                            .build());
                  }
                  return http;
                });
    if (config.user() != null) {
      String basic =
          Base64.getEncoder()
              .encodeToString(
                  (config.user() + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
      builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "Basic " + basic)});
    }
    this.transport = builder.build();
    this.client = new OpenSearchGenericClient(transport);
  }

  private static HttpHost host(URI u) {
    int port =
        u.getPort() != -1 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 9200;
    return new HttpHost(u.getScheme().toLowerCase(java.util.Locale.ROOT), u.getHost(), port);
  }

  /** Trusts the certificate authorities in the configured PEM file (and only those). */
  private static SSLContext trusting(OpenSearchConfig config) throws IOException {
    try (InputStream in = Files.newInputStream(config.caCertificate())) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + n++, c);
      }
      if (n == 0) {
        throw new IOException(config.caCertificate() + " holds no certificate");
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException(
          config.caCertificate() + " is not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  OpenSearchConfig config() {
    return config;
  }

  static ObjectMapper json() {
    return JSON;
  }

  /** A reply: its HTTP status and JSON body (a {@link NullNode} when it had none). */
  record Reply(int status, JsonNode body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    boolean notFound() {
      return status == 404;
    }

    /** The error OpenSearch gave, in words: its type and reason. */
    String error() {
      JsonNode e = body.path("error");
      if (e.isTextual()) {
        return e.asText();
      }
      JsonNode root = e.path("root_cause").path(0);
      JsonNode cause =
          !root.isMissingNode() ? root : e.path("caused_by").isObject() ? e.path("caused_by") : e;
      String type = cause.path("type").asText("");
      String reason = cause.path("reason").asText("");
      if (type.isEmpty() && reason.isEmpty()) {
        return "HTTP " + status;
      }
      return type.isEmpty() ? reason : type + ": " + reason;
    }
  }

  /**
   * Sends a request; any HTTP status comes back as a reply, a transport failure as an IOException.
   */
  Reply call(String method, String endpoint, Object body) throws IOException {
    Requests.JsonBodyBuilder b = Requests.builder().method(method).endpoint(endpoint);
    if (body != null) {
      b.json(body instanceof String s ? s : JSON.writeValueAsString(body));
    }
    return send(b.build());
  }

  /** Sends newline-delimited JSON (bulk requests). */
  Reply ndjson(String endpoint, String lines) throws IOException {
    byte[] bytes = lines.getBytes(StandardCharsets.UTF_8);
    Body body =
        new Body() {
          @Override
          public String contentType() {
            return "application/x-ndjson";
          }

          @Override
          public InputStream body() {
            return new ByteArrayInputStream(bytes);
          }

          @Override
          public void close() {}
        };
    return send(Requests.create("POST", endpoint, List.of(), Map.of(), body));
  }

  private Reply send(Request request) throws IOException {
    try (Response r = client.execute(request)) {
      JsonNode json = NullNode.getInstance();
      if (r.getBody().isPresent()) {
        try (Body body = r.getBody().get()) {
          byte[] bytes = body.bodyAsBytes();
          if (bytes.length > 0) {
            try {
              json = JSON.readTree(bytes);
            } catch (IOException e) {
              json =
                  JSON.createObjectNode()
                      .put(
                          "error",
                          new String(
                              bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8));
            }
          }
        }
      }
      return new Reply(r.getStatus(), json);
    } catch (ResponseException e) {
      // The transport turns some statuses (5xx) into exceptions: a reply all the same, from a node
      // that answered.
      return new Reply(e.status(), errorBody(e));
    } catch (IOException e) {
      throw new IOException(
          "cannot reach OpenSearch at " + config.describeUrls() + ": " + describe(e), e);
    } catch (RuntimeException e) {
      throw new IOException(
          "OpenSearch at " + config.describeUrls() + " failed: " + describe(e), e);
    }
  }

  /**
   * The JSON body of a failed response, which the transport puts after the status line of its
   * message.
   */
  private static JsonNode errorBody(ResponseException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    int json = m.indexOf('{');
    if (json >= 0) {
      try {
        return JSON.readTree(m.substring(json));
      } catch (IOException ignored) {
        // Not JSON: the status says enough.
      }
    }
    return JSON.createObjectNode().put("error", "HTTP " + e.status());
  }

  /**
   * Failures worth trying again for a read: a shard moving or a node leaving while the search ran
   * (5xx, 429), or the node that held a search's context between its query and fetch phases having
   * left (reported as 404 with {@code search_context_missing_exception}), or a node lost or no
   * shard copy ready, whatever the status the cluster put on it.
   */
  private static boolean transientFailure(Reply r) {
    int status = r.status();
    if (status == 500 || status == 502 || status == 503 || status == 504 || status == 429) {
      return true;
    }
    for (JsonNode cause : r.body().path("error").path("root_cause")) {
      if (TRANSIENT_CAUSES.contains(cause.path("type").asText())) {
        return true;
      }
    }
    return TRANSIENT_CAUSES.contains(r.body().path("error").path("type").asText());
  }

  private static final Set<String> TRANSIENT_CAUSES =
      Set.of(
          "search_context_missing_exception",
          "node_disconnected_exception",
          "node_not_connected_exception",
          "no_shard_available_action_exception");

  /**
   * As {@link #ok}, for requests that only read: tried again up to twice, after 100 and 400 ms,
   * when the cluster answered with a transient failure (see {@link #transientFailure}). Requests
   * that could not reach any node are not tried again: the transport has already tried every node.
   */
  JsonNode read(String what, String method, String endpoint, Object body) throws IOException {
    Reply r = call(method, endpoint, body);
    for (int attempt = 0; attempt < READ_RETRIES.length && transientFailure(r); attempt++) {
      try {
        Thread.sleep(READ_RETRIES[attempt]);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting to " + what, e);
      }
      r = call(method, endpoint, body);
    }
    return body(r, what);
  }

  private static final long[] READ_RETRIES = {100, 400};

  /** Sends a request and returns its JSON, or fails with OpenSearch's reason in the message. */
  JsonNode ok(String what, String method, String endpoint, Object body) throws IOException {
    return body(call(method, endpoint, body), what);
  }

  private JsonNode body(Reply r, String what) throws IOException {
    if (!r.ok()) {
      throw new IOException(
          "OpenSearch at " + config.describeUrls() + " could not " + what + ": " + r.error());
    }
    return r.body();
  }

  /** The innermost useful message of a failure (connection refused, timed out, unknown host…). */
  static String describe(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
      String m = t.getMessage();
      String name = t.getClass().getSimpleName();
      String text = m == null || m.isBlank() ? name : m;
      if (t instanceof java.net.UnknownHostException) {
        text = "unknown host " + m;
      } else if (t instanceof java.net.SocketTimeoutException || name.contains("Timeout")) {
        text = "timed out (" + text + ")";
      }
      if (parts.isEmpty() || !parts.getLast().contains(text)) {
        parts.add(text);
      }
    }
    return String.join(": ", parts);
  }

  @Override
  public void close() throws IOException {
    try {
      transport.close();
    } catch (Exception e) {
      throw new IOException("closing the OpenSearch client: " + e.getMessage(), e);
    }
  }
}
