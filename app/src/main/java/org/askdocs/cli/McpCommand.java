package org.askdocs.cli;

import io.modelcontextprotocol.server.McpSyncServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.askdocs.AskDocs;
import org.askdocs.mcp.DocsMcpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code askdocs mcp}: an MCP server on stdio for chatbots. Stdout carries protocol only;
 * everything else (build progress, warnings) goes to stderr. Ends when the client closes stdin.
 */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Serve the docs to a chatbot over the Model Context Protocol on stdin/stdout.")
final class McpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CorpusOptions where = new CorpusOptions();

  @Override
  public Integer call() throws Exception {
    // The model loads and passages embed in the background: the chatbot's first questions are
    // answered by words.
    AskDocs docs = where.open(Progress.forStderr(spec.commandLine().getErr()), true);
    CountDownLatch closed = new CountDownLatch(1);
    // The raw process streams: the protocol owns them, byte for byte.
    InputStream in =
        new EndWatchingInputStream(new FileInputStream(FileDescriptor.in), closed::countDown);
    McpSyncServer server = DocsMcpServer.stdio(docs, in, new FileOutputStream(FileDescriptor.out));
    closed.await();
    server.closeGracefully();
    docs.close();
    return Main.OK;
  }

  /** Reports the end of its input once: the client has gone. */
  static final class EndWatchingInputStream extends java.io.FilterInputStream {
    private final Runnable onEnd;

    EndWatchingInputStream(InputStream in, Runnable onEnd) {
      super(in);
      this.onEnd = onEnd;
    }

    @Override
    public int read() throws java.io.IOException {
      int b = super.read();
      if (b < 0) {
        onEnd.run();
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws java.io.IOException {
      int n = super.read(buf, off, len);
      if (n < 0) {
        onEnd.run();
      }
      return n;
    }
  }
}
