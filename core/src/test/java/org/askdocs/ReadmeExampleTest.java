package org.askdocs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java library example of the documentation (docs/chatbots.md) compiles against askdocs-core
 * alone and prints the answer.
 */
class ReadmeExampleTest {
  static final String MARKER = "<!-- library example: compiled and run by ReadmeExampleTest -->";

  @Test
  void theReadmeLibraryExampleRuns(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("../docs/chatbots.md"));
    int at = readme.indexOf(MARKER);
    assertTrue(at >= 0, "the documentation marks its library example");
    int start = readme.indexOf("```java\n", at) + "```java\n".length();
    String source = readme.substring(start, readme.indexOf("```", start));
    Path file = dir.resolve("Example.java");
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(
        0,
        javac.run(
            null,
            null,
            null,
            "-d",
            dir.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            file.toString()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      loader
          .loadClass("Example")
          .getMethod("main", String[].class)
          .invoke(null, (Object) new String[] {"../corpus", dir.resolve("index").toString()});
    } finally {
      System.setOut(old);
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(
        "AVS is responsible for periodic security patching of managed VMware software (ESXi,"
            + " vCenter, and NSX).",
        lines.get(0));
    assertEquals(
        "  — Vulnerability and patch management,"
            + " avs-security-overview.md#vulnerability-and-patch-management",
        lines.get(1));
    assertTrue(
        lines
            .get(2)
            .startsWith(
                "[1] Azure VMware Solutions (AVS) - Security for AVS Services › Vulnerability and"
                    + " patch management"),
        lines.get(2));
  }
}
