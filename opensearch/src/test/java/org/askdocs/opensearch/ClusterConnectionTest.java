package org.askdocs.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How askdocs connects to a cluster over TLS with basic authentication, against a local HTTPS
 * server whose certificate is made for the test by the JDK's keytool: the given certificate
 * authority is trusted and the credentials are sent; an untrusted certificate or a file that is not
 * a certificate is a clear error.
 */
class ClusterConnectionTest {
  @TempDir static Path dir;
  static HttpsServer server;
  static Path ca;
  static final AtomicReference<String> AUTHORIZATION = new AtomicReference<>();

  @BeforeAll
  static void start() throws Exception {
    Path keystore = dir.resolve("node.p12");
    ca = dir.resolve("ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "node",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "node",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-file",
        ca.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/",
        exchange -> {
          AUTHORIZATION.set(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] body = "{\"cluster_name\":\"tls-test\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  static void keytool(String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }

  static String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void trustsTheGivenAuthorityAndSendsTheCredentials() throws Exception {
    OpenSearchConfig config =
        OpenSearchConfig.of(url(), "docs")
            .withCaCertificate(ca)
            .withAuth("reader", "s3cret:with colon");
    try (Cluster cluster = new Cluster(config)) {
      assertEquals(
          "tls-test", cluster.ok("say hello", "GET", "/", null).path("cluster_name").asText());
    }
    assertEquals(
        "Basic "
            + Base64.getEncoder()
                .encodeToString("reader:s3cret:with colon".getBytes(StandardCharsets.UTF_8)),
        AUTHORIZATION.get());
    assertTrue(
        config.toString().contains("user=reader") && !config.toString().contains("s3cret"),
        config.toString());
  }

  @Test
  void anUntrustedCertificateIsAClearError() throws Exception {
    try (Cluster cluster = new Cluster(OpenSearchConfig.of(url(), "docs"))) {
      IOException e =
          assertThrows(IOException.class, () -> cluster.ok("say hello", "GET", "/", null));
      assertTrue(
          e.getMessage().startsWith("cannot reach OpenSearch at " + url() + ": "), e.getMessage());
      assertTrue(e.getMessage().contains("certification path"), e.getMessage());
    }
  }

  @Test
  void aFileThatIsNotACertificateIsAClearError() throws Exception {
    Path notPem = dir.resolve("not.pem");
    Files.writeString(notPem, "hello\n");
    IOException e =
        assertThrows(
            IOException.class,
            () -> new Cluster(OpenSearchConfig.of(url(), "docs").withCaCertificate(notPem)));
    assertTrue(e.getMessage().startsWith(notPem.toString()), e.getMessage());
    IOException missing =
        assertThrows(
            IOException.class,
            () ->
                new Cluster(
                    OpenSearchConfig.of(url(), "docs")
                        .withCaCertificate(dir.resolve("missing.pem"))));
    assertTrue(missing.getMessage().contains("missing.pem"), missing.getMessage());
  }

  @Test
  void urlsAreCheckedBeforeAnythingIsSent() {
    assertEquals(
        "'localhost:9200' must start with http:// or https://",
        assertThrows(
                IllegalArgumentException.class, () -> OpenSearchConfig.parseUrls("localhost:9200"))
            .getMessage());
    assertEquals(
        "'http://h:9200/prefix' has a path; give the node's address only, like"
            + " http://localhost:9200",
        assertThrows(
                IllegalArgumentException.class,
                () -> OpenSearchConfig.parseUrls("http://h:9200/prefix"))
            .getMessage());
    assertEquals(
        List.of("http://a:9200", "https://b:9243"),
        OpenSearchConfig.parseUrls(" http://a:9200 , https://b:9243 ,").stream()
            .map(Object::toString)
            .toList());
    assertThrows(IllegalArgumentException.class, () -> OpenSearchConfig.parseUrls(" , "));
    assertThrows(
        IllegalArgumentException.class,
        () -> OpenSearchConfig.of("http://a:9200", "docs").withLayout(0, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> OpenSearchConfig.of("http://a:9200", "docs").withAuth("user", null));
  }
}
