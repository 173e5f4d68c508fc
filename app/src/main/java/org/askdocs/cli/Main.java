package org.askdocs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code askdocs} command. Exit codes: 0 ok, 1 no result or declined, 2 bad usage, 3 a failure
 * reading the corpus or the index, 4 an unexpected internal error. Errors go to stderr as one line.
 */
@Command(
    name = "askdocs",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Ask questions of your documentation.",
    subcommands = {
      AskCommand.class,
      ServeCommand.class,
      IndexCommand.class,
      EvalCommand.class,
      McpCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  public static final int OK = 0;
  public static final int NO_RESULT = 1;
  public static final int USAGE = 2;
  public static final int IO_FAILURE = 3;
  public static final int INTERNAL = 4;

  /**
   * Held so the logger keeps its level: java.util.logging forgets the settings of loggers nobody
   * references. Lucene says at start-up whether it uses the incubating vector API; that is a
   * deployment detail, not something a user of the command line needs on every run.
   */
  private static final Logger VECTORIZATION_LOG =
      Logger.getLogger("org.apache.lucene.internal.vectorization");

  public static void main(String[] args) {
    quietLibraries();
    PrintWriter out =
        new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(args, System.in, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the command line with the given writers; what tests call. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, System.in, out, err);
  }

  /** Runs the command line with the given standard input and writers. */
  public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
    return commandLine(in, out, err).execute(args);
  }

  /**
   * Runs the command line for another process (the helper answering a launcher's question): its
   * questions take their engine from {@code engines} and resolve relative paths against {@code
   * cwd}.
   */
  public static int run(
      String[] args,
      InputStream in,
      PrintWriter out,
      PrintWriter err,
      Engines engines,
      java.nio.file.Path cwd) {
    return commandLine(in, out, err, engines, cwd).execute(args);
  }

  /** Quiets what the libraries log at start-up; see {@link #VECTORIZATION_LOG}. */
  public static void quietLibraries() {
    VECTORIZATION_LOG.setLevel(Level.SEVERE);
  }

  static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err) {
    return commandLine(in, out, err, Engines.IN_PROCESS, null);
  }

  private static CommandLine commandLine(
      InputStream in, PrintWriter out, PrintWriter err, Engines engines, java.nio.file.Path cwd) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine cl =
        new CommandLine(
            new Main(),
            new CommandLine.IFactory() {
              @Override
              @SuppressWarnings("unchecked")
              public <K> K create(Class<K> cls) throws Exception {
                return cls == AskCommand.class
                    ? (K) new AskCommand(in, engines, cwd)
                    : defaults.create(cls);
              }
            });
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr()
              .println(
                  "askdocs: "
                      + ex.getMessage()
                      + " (see '"
                      + c.getCommandSpec().qualifiedName()
                      + " --help')");
          return USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parse) -> {
          c.getErr().println("askdocs: " + describe(ex));
          return exitCode(ex);
        });
    return cl;
  }

  /** One line saying what went wrong, for any failure a command can meet. */
  static String describe(Throwable ex) {
    Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
    return switch (t) {
      case NoSuchFileException e ->
          "no such file or folder: "
              + e.getFile()
              + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
      case java.nio.file.AccessDeniedException e -> "permission denied: " + e.getFile();
      case IOException e
          when e.getMessage() != null
              && (e.getMessage().startsWith("cannot ")
                  || e.getMessage().startsWith("OpenSearch")) ->
          e.getMessage();
      case IOException e -> "cannot read or write: " + e.getMessage();
      case IllegalArgumentException e -> e.getMessage();
      default -> "internal error: " + t + " (please report this)";
    };
  }

  static int exitCode(Throwable ex) {
    Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
    return switch (t) {
      case IOException ignored -> IO_FAILURE;
      case IllegalArgumentException ignored -> USAGE;
      default -> INTERNAL;
    };
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"askdocs " + (v == null ? "development build" : v)};
    }
  }
}
