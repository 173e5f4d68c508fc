package org.askdocs.cluster;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.node.Node;

/**
 * A real OpenSearch cluster of several nodes in this process, for the tests and benchmarks of the
 * OpenSearch backend:
 *
 * <pre>
 * java -cp "$(cat cluster/target/classpath.txt):cluster/target/classes" org.askdocs.cluster.LocalCluster \
 *     --name NAME --port BASE --nodes 3 --dir DIR
 * </pre>
 *
 * Node n listens for HTTP on 127.0.0.1 at BASE + n (BASE + n must stay below 9300) and for its
 * peers at BASE + 100 + n; it looks for no other nodes, so clusters side by side never meet. When
 * every node is up and the cluster is green, one line {@code ready
 * http://127.0.0.1:P1,http://127.0.0.1:P2,...} goes to stdout. Commands are read from stdin, one
 * per line: {@code stop N} closes node N (1-based) and answers {@code stopped N}; {@code start N}
 * starts it again and answers {@code started N}. When stdin ends (or on SIGTERM) every node closes
 * and DIR is deleted.
 */
public final class LocalCluster {
  /** Node n's transport port is BASE + 100 + n. */
  static final int TRANSPORT_OFFSET = 100;

  private LocalCluster() {}

  public static void main(String[] args) throws Exception {
    String name = null;
    String dir = null;
    int port = 9240;
    int nodes = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--name" -> name = args[i + 1];
        case "--dir" -> dir = args[i + 1];
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--nodes" -> nodes = Integer.parseInt(args[i + 1]);
        default -> usage("unknown option " + args[i]);
      }
    }
    if (name == null || dir == null || args.length % 2 != 0) {
      usage("--name and --dir are required");
    }
    if (port + nodes >= 9300) {
      usage(
          "the base port plus the number of nodes must stay below 9300 (the runner exits silently"
              + " above 9299)");
    }
    // The nodes log to stdout; the protocol goes to the original stdout only.
    PrintStream protocol =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);

    OpenSearchRunner runner = new OpenSearchRunner();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(runner)));
    int base = port;
    List<String> seeds = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int n = 1; n <= nodes; n++) {
      seeds.add("127.0.0.1:" + (base + TRANSPORT_OFFSET + n));
      names.add("node-" + n);
    }
    runner.onBuild(
        (number, settings) -> {
          // Each node's ports and peers are fixed, so clusters on one machine never find each
          // other.
          settings.put("node.name", "node-" + number);
          settings.put("http.port", base + number);
          settings.put("transport.port", base + TRANSPORT_OFFSET + number);
          settings.putList("discovery.seed_hosts", seeds);
          settings.putList("cluster.initial_cluster_manager_nodes", names);
          settings.put("network.host", "127.0.0.1");
          settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
          settings.put("action.auto_create_index", false);
        });
    runner.build(
        OpenSearchRunner.newConfigs()
            .clusterName(name)
            .numOfNode(nodes)
            .baseHttpPort(port)
            .basePath(dir)
            .useLogger());
    runner.ensureGreen();
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < runner.getNodeSize(); i++) {
      urls.add("http://127.0.0.1:" + runner.getNode(i).settings().get("http.port"));
    }
    protocol.println("ready " + String.join(",", urls));

    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] cmd = line.strip().split("\\s+");
      if (cmd.length != 2) {
        continue;
      }
      int n = Integer.parseInt(cmd[1]);
      switch (cmd[0]) {
        case "stop" -> {
          Node node = runner.getNode(n - 1);
          node.close();
          node.awaitClose(30, TimeUnit.SECONDS);
          protocol.println("stopped " + n);
        }
        case "start" -> protocol.println(runner.startNode(n - 1) ? "started " + n : "failed " + n);
        default -> protocol.println("unknown " + cmd[0]);
      }
    }
    System.exit(0); // the shutdown hook closes the nodes and deletes their data
  }

  private static void shutdown(OpenSearchRunner runner) {
    try {
      runner.close();
    } catch (Exception e) {
      System.err.println("closing the cluster: " + e.getMessage());
    }
    try {
      runner.clean();
    } catch (Exception e) {
      System.err.println("deleting the cluster's data: " + e.getMessage());
    }
  }

  private static void usage(String problem) {
    System.err.println("LocalCluster: " + problem);
    System.err.println("usage: LocalCluster --name NAME --dir DIR [--port 9240] [--nodes 3]");
    System.exit(2);
  }
}
