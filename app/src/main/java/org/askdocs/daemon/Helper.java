package org.askdocs.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.askdocs.AskDocs;
import org.askdocs.cli.Engines;
import org.askdocs.cli.Main;

/**
 * Keeps askdocs' engines open between one-shot {@code askdocs ask} commands, so that a question
 * costs a JVM start and a search instead of opening the index and loading the model every time. The
 * first {@code ask} of a session starts it in the background ({@code bin/askdocs}); it listens on a
 * Unix domain socket that only its own user can reach ({@link HelperSocket}; the peer's user is
 * checked too), runs each command line it receives exactly as {@code askdocs} would in process
 * (same parser, same writers, same exit codes) and sends back what it printed. Before each question
 * its engine is {@linkplain AskDocs#refresh() refreshed}, so a changed corpus is re-indexed as the
 * in-process command would. It exits after {@link #IDLE} without questions, when its jar changes,
 * or when its socket is taken away.
 *
 * <p>Thread-safe: questions are answered concurrently, one virtual thread each; engines are opened
 * and refreshed one at a time. Costs what a server costs: the index files mapped and, with meaning,
 * the model (about 150 MB resident in all on the bundled corpus).
 */
public final class Helper implements AutoCloseable {
  /** How long the helper waits for a question before it exits. */
  public static final Duration IDLE = Duration.ofMinutes(15);

  private final Path socket;
  private final ServerSocketChannel server;
  private final Kept engines = new Kept();
  private final AtomicLong lastUsed = new AtomicLong(System.nanoTime());
  private volatile boolean closed;

  private Helper(Path socket, ServerSocketChannel server) {
    this.socket = socket;
    this.server = server;
  }

  /**
   * Starts this installation's helper unless one runs already, warmed up with a command line (the
   * question that started it), and serves until idle. Prints nothing: it runs detached.
   */
  public static void main(String[] args) throws Exception {
    Main.quietLibraries();
    Path folder = HelperSocket.folder();
    if (!HelperSocket.prepare(folder)) {
      System.exit(1);
    }
    Path socket = HelperSocket.socket(folder);
    Path jar = HelperSocket.jar();
    long jarTime = Files.getLastModifiedTime(jar).toMillis();
    // One helper per socket: the one holding the lock owns it; a second start leaves quietly.
    try (FileChannel lockFile =
            FileChannel.open(
                folder.resolve(socket.getFileName() + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock()) {
      if (lock == null) {
        return;
      }
      try (Helper helper = listen(socket)) {
        if (args.length > 0) {
          helper.run(
              Path.of("").toAbsolutePath(), List.of(args)); // the first question opens its engine
        }
        Thread.ofPlatform().daemon().start(() -> helper.serve());
        while (!helper.closed) {
          Thread.sleep(5_000);
          boolean idle = System.nanoTime() - helper.lastUsed.get() > IDLE.toNanos();
          boolean jarChanged =
              !Files.exists(jar) || Files.getLastModifiedTime(jar).toMillis() != jarTime;
          if (idle || jarChanged || !Files.exists(socket)) {
            break;
          }
        }
      }
    }
    System.exit(0);
  }

  /**
   * Listens at {@code socket} (replacing a file left there by a helper that died: the caller holds
   * the lock), reachable by this user only.
   */
  static Helper listen(Path socket) throws IOException {
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return new Helper(socket, server);
  }

  /** Answers connections until closed, each on its own virtual thread. */
  void serve() {
    while (!closed) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (IOException e) {
        if (!closed) {
          closed = true; // the socket broke: clients will answer in process
        }
        return;
      }
      Thread.ofVirtual().start(() -> answer(ch));
    }
  }

  private void answer(SocketChannel ch) {
    try (ch) {
      if (!sameUser(
          ch.getOption(ExtendedSocketOptions.SO_PEERCRED), System.getProperty("user.name"))) {
        return; // closed without an answer
      }
      lastUsed.set(System.nanoTime());
      DataInputStream in =
          new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
      if (in.readInt() != Client.PROTOCOL) {
        return;
      }
      Path cwd = Path.of(Client.readString(in));
      int n = in.readInt();
      if (n < 0 || n > 10_000) {
        return;
      }
      List<String> args = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        args.add(Client.readString(in));
      }
      Client.Response r = run(cwd, args);
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
      out.writeInt(r.code());
      out.writeInt(r.out().length);
      out.write(r.out());
      out.writeInt(r.err().length);
      out.write(r.err());
      out.flush();
      lastUsed.set(System.nanoTime());
    } catch (IOException | RuntimeException e) {
      // the client went away or sent garbage; it answers in process
    }
  }

  /** Whether a connecting process runs as the helper's own user. */
  static boolean sameUser(UnixDomainPrincipal peer, String user) {
    return peer != null && peer.user().getName().equals(user);
  }

  /** Runs a command line as {@code askdocs} would in {@code cwd}, capturing what it prints. */
  Client.Response run(Path cwd, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintWriter o = writer(out);
    PrintWriter e = writer(err);
    int code =
        Main.run(
            args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), o, e, engines, cwd);
    o.flush();
    e.flush();
    return new Client.Response(code, out.toByteArray(), err.toByteArray());
  }

  /** As {@link Main#main} writes to stdout and stderr. */
  private static PrintWriter writer(OutputStream to) {
    return new PrintWriter(new OutputStreamWriter(to, StandardCharsets.UTF_8), true);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    try {
      server.close();
      Files.deleteIfExists(socket);
    } finally {
      engines.close();
    }
  }

  /**
   * Engines kept open by corpus and index; refreshed before each question (the corpus may have
   * changed).
   */
  static final class Kept implements Engines, AutoCloseable {
    private final Map<Key, AskDocs> open = new HashMap<>();

    @Override
    public synchronized Lease lease(Key key, Opener opener) throws IOException {
      Objects.requireNonNull(key, "key");
      if (key.index() == null) {
        return new Lease(opener.open(), true); // a cluster: nothing to keep warm here
      }
      AskDocs docs = open.remove(key);
      if (docs != null) {
        try {
          docs.refresh();
          open.put(key, docs);
          return new Lease(docs, false);
        } catch (IOException | RuntimeException e) {
          close(docs); // opened afresh below, so a failure reads as it would in process
        }
      }
      docs = opener.open();
      open.put(key, docs);
      return new Lease(docs, false);
    }

    @Override
    public synchronized void close() {
      open.values().forEach(Kept::close);
      open.clear();
    }

    private static void close(AskDocs docs) {
      try {
        docs.close();
      } catch (IOException | RuntimeException e) {
        // closing a broken engine: nothing more to release
      }
    }
  }
}
