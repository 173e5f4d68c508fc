package org.askdocs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import jdk.net.UnixDomainPrincipal;
import org.askdocs.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helper answers exactly as the command does in process: same output, errors and exit codes, a
 * changed corpus seen at once; the client falls back when no helper answers; only its own user
 * reaches it.
 */
class HelperTest {
  @TempDir static Path dir;
  static Path corpus;
  static Path socket;
  static Helper helper;

  @BeforeAll
  static void start() throws IOException {
    corpus = Files.createDirectories(dir.resolve("docs"));
    try (var files = Files.list(Path.of("../corpus"))) {
      for (Path f : files.toList()) {
        Files.copy(f, corpus.resolve(f.getFileName()));
      }
    }
    socket = dir.resolve("helper.sock");
    helper = Helper.listen(socket);
    Thread.ofPlatform().daemon().start(helper::serve);
  }

  @AfterAll
  static void stop() throws IOException {
    helper.close();
  }

  record Printed(int code, String out, String err) {}

  /** The command run in this process, as {@code askdocs} would run it from {@code cwd}. */
  static Printed inProcess(Path cwd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> absolute = new ArrayList<>();
    for (int i = 0; i < args.length; i++) { // what the helper resolves against the client's folder
      boolean path = i > 0 && (args[i - 1].equals("--corpus") || args[i - 1].equals("--index"));
      absolute.add(path ? cwd.resolve(args[i]).normalize().toString() : args[i]);
    }
    int code =
        Main.run(
            absolute.toArray(String[]::new),
            new ByteArrayInputStream(new byte[0]),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new Printed(code, out.toString(), err.toString());
  }

  /** The command run by the helper for a client in {@code cwd}. */
  static Printed viaHelper(Path cwd, String... args) {
    Client.Response r = Client.ask(socket, cwd, List.of(args));
    assertNotNull(r, "the helper answered");
    return new Printed(
        r.code(),
        new String(r.out(), StandardCharsets.UTF_8),
        new String(r.err(), StandardCharsets.UTF_8));
  }

  static void assertSame(String... args) {
    Printed here = inProcess(dir, args);
    Printed there = viaHelper(dir, args);
    assertEquals(here.code(), there.code(), there.err());
    assertEquals(withoutTime(here.out()), withoutTime(there.out()));
    assertEquals(here.err(), there.err());
  }

  /** The one field that differs between any two runs. */
  static String withoutTime(String json) {
    return json.replaceAll("\"tookMs\":\\d+", "\"tookMs\":0");
  }

  @Test
  void anAnswerIsPrintedAsInProcess() {
    assertSame(
        "ask",
        "--corpus",
        "docs",
        "--index",
        "index",
        "--semantic",
        "off",
        "who",
        "handles",
        "patching");
    assertEquals(
        0,
        viaHelper(
                dir,
                "ask",
                "--corpus",
                "docs",
                "--index",
                "index",
                "--semantic",
                "off",
                "who handles patching")
            .code());
  }

  @Test
  void meaningRanksAsInProcess() {
    assertSame(
        "ask", "--corpus", "docs", "--index", "meaning-index", "--json", "who handles patching");
  }

  @Test
  void aDeclineAndItsJsonAreAsInProcess() {
    assertSame(
        "ask",
        "--corpus",
        "docs",
        "--index",
        "index",
        "--semantic",
        "off",
        "--json",
        "how much does it cost per month");
    assertEquals(
        1,
        viaHelper(
                dir,
                "ask",
                "--corpus",
                "docs",
                "--index",
                "index",
                "--semantic",
                "off",
                "how much does it cost per month")
            .code());
    assertSame(
        "ask",
        "--corpus",
        "docs",
        "--index",
        "index",
        "--semantic",
        "off",
        "--format",
        "context",
        "who handles patching");
  }

  @Test
  void errorsAndUsageAreAsInProcess() {
    assertSame("ask", "--corpus", "docs", "--index", "index", "--top", "0", "who handles patching");
    assertSame("ask", "--nope", "who handles patching");
    assertSame("ask", "--corpus", "missing", "--index", "index", "who handles patching");
    assertSame("ask", "--help");
    assertEquals(
        3,
        viaHelper(dir, "ask", "--corpus", "missing", "--index", "index", "who handles patching")
            .code());
  }

  @Test
  void aChangedCorpusIsSeenByTheNextQuestion() throws IOException {
    Path changing = Files.createDirectories(dir.resolve("changing"));
    Files.copy(
        corpus.resolve("avs-security-overview.md"), changing.resolve("avs-security-overview.md"));
    String[] ask = {
      "ask",
      "--corpus",
      "changing",
      "--index",
      "changing-index",
      "--semantic",
      "off",
      "--json",
      "who feeds the llamas"
    };
    assertFalse(viaHelper(dir, ask).out().contains("llamas.md"));
    Files.writeString(
        changing.resolve("llamas.md"),
        "# Farm\n\n## Llama care\n\nThe night shift feeds the llamas every evening at six.\n");
    Printed there = viaHelper(dir, ask);
    assertTrue(there.out().contains("\"results\":[{\"rank\":1,\"score\":"), there.out());
    assertTrue(there.out().contains("\"id\":\"llamas.md#llama-care\""), there.out());
    assertSame(ask);
  }

  @Test
  void relativePathsAreTheClientsNotTheHelpers() {
    Printed there =
        viaHelper(
            dir,
            "ask",
            "--corpus",
            "docs",
            "--index",
            "index",
            "--semantic",
            "off",
            "who handles patching");
    assertEquals(0, there.code(), there.err());
    Printed elsewhere =
        viaHelper(
            dir.resolve("docs"),
            "ask",
            "--corpus",
            ".",
            "--index",
            "../index",
            "--semantic",
            "off",
            "who handles patching");
    assertEquals(there.out(), elsewhere.out());
  }

  @Test
  void withoutAHelperTheClientAnswersNothing() throws IOException {
    assertNull(Client.ask(dir.resolve("nobody.sock"), dir, List.of("ask", "who handles patching")));
    Path dead = dir.resolve("dead.sock");
    Helper.listen(dead).close(); // a helper that stopped
    assertNull(Client.ask(dead, dir, List.of("ask", "who handles patching")));
    Path left = dir.resolve("left.sock");
    try (var s = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      s.bind(
          java.net.UnixDomainSocketAddress.of(
              left)); // a helper that died, leaving its socket behind
    }
    assertTrue(Files.exists(left));
    assertNull(Client.ask(left, dir, List.of("ask", "who handles patching")));
  }

  @Test
  void onlyItsOwnUserReachesTheHelper() throws IOException {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    UserPrincipal me = () -> System.getProperty("user.name");
    UserPrincipal other = () -> "mallory";
    GroupPrincipal group = () -> "staff";
    assertTrue(
        Helper.sameUser(new UnixDomainPrincipal(me, group), System.getProperty("user.name")));
    assertFalse(
        Helper.sameUser(new UnixDomainPrincipal(other, group), System.getProperty("user.name")));
    assertFalse(Helper.sameUser(null, System.getProperty("user.name")));

    Path mine = dir.resolve("mine");
    assertTrue(HelperSocket.prepare(mine));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)));
    Path open =
        Files.createDirectory(
            dir.resolve("open"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    assertFalse(HelperSocket.safe(open), "a folder others can enter");
    assertFalse(HelperSocket.prepare(open));
    Path link = Files.createSymbolicLink(dir.resolve("link"), mine);
    assertFalse(HelperSocket.safe(link), "a link to a folder");
  }
}
