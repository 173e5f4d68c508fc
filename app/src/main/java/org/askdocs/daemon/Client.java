package org.askdocs.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The launcher's fast path for {@code askdocs ask}: hands the command line to this installation's
 * {@link Helper} and prints exactly what it printed, exiting with its exit code. When there is no
 * helper, or it goes away before answering, exits with {@link #NO_HELPER} having printed nothing,
 * and the launcher runs the command in process. Loads a handful of JDK classes and nothing of
 * askdocs' engine, so it starts about as fast as the JVM itself.
 */
public final class Client {
  /** The exit code that tells the launcher to answer in process (askdocs' own codes are 0 to 4). */
  public static final int NO_HELPER = 100;

  static final int PROTOCOL = 1;

  private Client() {}

  public static void main(String[] args) throws IOException {
    Path folder = HelperSocket.folder();
    Response r =
        HelperSocket.safe(folder)
            ? ask(HelperSocket.socket(folder), Path.of("").toAbsolutePath(), List.of(args))
            : null;
    if (r == null) {
      System.exit(NO_HELPER);
    }
    System.out.write(r.out());
    System.out.flush();
    System.err.write(r.err());
    System.err.flush();
    System.exit(r.code());
  }

  /** What the helper printed, and its exit code. */
  record Response(int code, byte[] out, byte[] err) {}

  /**
   * Runs a command line on the helper listening at {@code socket}, as if run in {@code cwd}; null
   * when no helper answers (none listening, or gone before its whole answer arrived).
   */
  static Response ask(Path socket, Path cwd, List<String> args) {
    if (!Files.exists(socket)) {
      return null;
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
      out.writeInt(PROTOCOL);
      writeString(out, cwd.toString());
      out.writeInt(args.size());
      for (String a : args) {
        writeString(out, a);
      }
      out.flush();
      DataInputStream in =
          new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
      int code = in.readInt();
      byte[] stdout = readBytes(in);
      byte[] stderr = readBytes(in);
      return new Response(code, stdout, stderr);
    } catch (IOException e) {
      return null; // refused, reset or cut short: the launcher answers in process
    }
  }

  static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static String readString(DataInputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 64 << 20) {
      throw new IOException("a helper message of " + n + " bytes");
    }
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new java.io.EOFException("a helper message cut short");
    }
    return b;
  }
}
