package org.askdocs.opensearch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real 3-node OpenSearch cluster in its own java process (the askdocs-cluster module's
 * LocalCluster on its own class path: its Lucene would clash with ours in this JVM). A unique
 * cluster name, free HTTP ports below 9299, a fresh data folder; {@link #close} stops it by closing
 * its stdin (then by PID if it lingers) and deletes the folder.
 */
public final class LocalClusterProcess implements AutoCloseable {
  static final int NODES = 3;
  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> replies = new ArrayBlockingQueue<>(16);
  private final Path dir;
  public final String urls;

  private LocalClusterProcess(Process process, Path dir, String urls) {
    this.process = process;
    this.dir = dir;
    this.urls = urls;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Starts a cluster and waits (up to two minutes) until it is green. */
  public static LocalClusterProcess start() throws IOException, InterruptedException {
    Path module = Path.of("").toAbsolutePath();
    Path target = module.resolveSibling("cluster").resolve("target");
    Path classpath = target.resolve("classpath.txt");
    if (!Files.exists(classpath)) {
      throw new IllegalStateException(
          classpath + " is missing: build the askdocs-cluster module first (bin/test does)");
    }
    String cp =
        Files.readString(classpath).strip()
            + java.io.File.pathSeparator
            + target.resolve("classes");
    String java = ProcessHandle.current().info().command().orElse("java");
    Path dir = Files.createTempDirectory("askdocs-cluster-");
    int port = freePorts();
    String name = "askdocs-test-" + ProcessHandle.current().pid() + "-" + port;
    Path log = dir.resolveSibling(dir.getFileName() + ".log");
    Process p =
        new ProcessBuilder(
                java,
                "-Xms384m",
                "-Xmx768m",
                "-XX:+UseSerialGC",
                "-cp",
                cp,
                "org.askdocs.cluster.LocalCluster",
                "--name",
                name,
                "--port",
                Integer.toString(port),
                "--nodes",
                Integer.toString(NODES),
                "--dir",
                dir.toString())
            .redirectError(log.toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(64);
    Thread reader =
        new Thread(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  lines.put(line);
                }
              } catch (IOException | InterruptedException e) {
                // The process ended.
              }
            },
            "cluster-stdout");
    reader.setDaemon(true);
    reader.start();
    String ready = lines.poll(120, TimeUnit.SECONDS);
    if (ready == null || !ready.startsWith("ready ")) {
      p.destroyForcibly();
      throw new IllegalStateException("the cluster did not start (" + ready + "); see " + log);
    }
    LocalClusterProcess c = new LocalClusterProcess(p, dir, ready.substring("ready ".length()));
    Thread relay =
        new Thread(
            () -> {
              try {
                while (true) {
                  c.replies.put(lines.take());
                }
              } catch (InterruptedException e) {
                // Done.
              }
            },
            "cluster-replies");
    relay.setDaemon(true);
    relay.start();
    return c;
  }

  /** A base port whose next {@value #NODES} ports are free, below 9299 (the runner's limit). */
  private static int freePorts() {
    for (int base = 9200 + (int) (ProcessHandle.current().pid() % 50);
        base + NODES < 9299;
        base += NODES + 1) {
      boolean free = true;
      for (int n = 1; n <= NODES; n++) {
        free &= free(base + n) && free(base + 100 + n); // HTTP and transport ports
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no free ports between 9200 and 9299 for a test cluster");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return s.isBound();
    } catch (IOException e) {
      return false;
    }
  }

  List<String> nodeUrls() {
    return List.of(urls.split(","));
  }

  /** Stops node n (1-based) and waits until it is closed. */
  public void stop(int n) throws IOException, InterruptedException {
    command("stop " + n, "stopped " + n);
  }

  public void startNode(int n) throws IOException, InterruptedException {
    command("start " + n, "started " + n);
  }

  private void command(String line, String expected) throws IOException, InterruptedException {
    commands.write(line + "\n");
    commands.flush();
    String reply = replies.poll(60, TimeUnit.SECONDS);
    if (!expected.equals(reply)) {
      throw new IllegalStateException("the cluster answered '" + reply + "' to '" + line + "'");
    }
  }

  @Override
  public void close() throws IOException {
    try {
      commands.close();
    } catch (IOException e) {
      // Already gone.
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteTree(dir);
    Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + ".log"));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
