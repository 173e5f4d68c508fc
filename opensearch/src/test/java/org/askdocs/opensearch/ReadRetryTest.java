package org.askdocs.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which failed reads are tried again, against a local server that replies as a cluster does while a
 * node leaves: a transient failure is retried (at most twice), a lasting one is reported at once.
 */
class ReadRetryTest {
  record Scripted(int status, String body) {}

  HttpServer server;
  final Queue<Scripted> replies = new ConcurrentLinkedQueue<>();
  final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          Scripted next = replies.poll();
          Scripted s = next != null ? next : new Scripted(200, "{\"hits\":{}}");
          byte[] body = s.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(s.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  static String error(String type, String reason) {
    return "{\"error\":{\"root_cause\":[{\"type\":\""
        + type
        + "\",\"reason\":\""
        + reason
        + "\"}],\"type\":\"search_phase_execution_exception\",\"reason\":\"all shards"
        + " failed\"},\"status\":404}";
  }

  String read() throws IOException {
    try (Cluster cluster =
        new Cluster(
            OpenSearchConfig.of("http://127.0.0.1:" + server.getAddress().getPort(), "docs"))) {
      return cluster.read("search docs", "POST", "/docs/_search", "{}").toString();
    }
  }

  @Test
  void aSearchWhoseContextLeftWithItsNodeIsAskedAgain() throws IOException {
    replies.add(
        new Scripted(
            404, error("search_context_missing_exception", "No search context found for id [57]")));
    assertEquals("{\"hits\":{}}", read());
    assertEquals(2, requests.get());
  }

  @Test
  void aMissingIndexIsReportedAtOnce() {
    replies.add(new Scripted(404, error("index_not_found_exception", "no such index [docs]")));
    IOException e = assertThrows(IOException.class, this::read);
    assertEquals(
        "OpenSearch at http://127.0.0.1:"
            + server.getAddress().getPort()
            + " could not search docs: index_not_found_exception: no such index [docs]",
        e.getMessage());
    assertEquals(1, requests.get());
  }

  @Test
  void aClusterThatKeepsFailingIsAskedThreeTimesInAll() {
    for (int i = 0; i < 5; i++) {
      replies.add(
          new Scripted(503, error("no_shard_available_action_exception", "no shard available")));
    }
    IOException e = assertThrows(IOException.class, this::read);
    assertEquals(
        "OpenSearch at http://127.0.0.1:"
            + server.getAddress().getPort()
            + " could not search docs: no_shard_available_action_exception: no shard available",
        e.getMessage());
    assertEquals(3, requests.get());
  }
}
