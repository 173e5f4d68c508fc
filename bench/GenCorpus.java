// Generates a large corpus for benchmarks: copies of real documentation files with perturbed
// words (so postings are not just duplicated), written file by file, never held in memory.
// Usage: java bench/GenCorpus.java SOURCE_DIR TARGET_DIR MEGABYTES [SEED]
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.regex.*;
import java.util.stream.*;

public class GenCorpus {
  public static void main(String[] args) throws IOException {
    Path source = Path.of(args[0]);
    Path target = Path.of(args[1]);
    long budget = Long.parseLong(args[2]) << 20;
    Random random = new Random(args.length > 3 ? Long.parseLong(args[3]) : 42);
    List<Path> files;
    try (Stream<Path> s = Files.walk(source)) {
      files = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
    // A vocabulary of real words from the sources, to swap in.
    List<String> vocabulary = new ArrayList<>();
    Pattern word = Pattern.compile("\\b[a-z]{4,12}\\b");
    for (Path f : files) {
      Matcher m = word.matcher(Files.readString(f));
      while (m.find() && vocabulary.size() < 200_000) {
        vocabulary.add(m.group());
      }
    }
    Files.createDirectories(target);
    long written = 0;
    int copy = 0;
    while (written < budget) {
      Path dir = target.resolve(String.format("copy-%04d", copy));
      for (Path f : files) {
        if (written >= budget) {
          break;
        }
        String text = Files.readString(f);
        StringBuilder out = new StringBuilder(text.length() + 64);
        Matcher m = word.matcher(text);
        int last = 0;
        while (m.find()) {
          out.append(text, last, m.start());
          // About one word in eight becomes another real word.
          out.append(random.nextInt(8) == 0 ? vocabulary.get(random.nextInt(vocabulary.size())) : m.group());
          last = m.end();
        }
        out.append(text, last, text.length());
        Path dest = dir.resolve(source.relativize(f));
        Files.createDirectories(dest.getParent());
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(dest, bytes);
        written += bytes.length;
      }
      copy++;
    }
    System.out.printf("generated %.1f MB in %d copies of %d files under %s%n", written / 1e6, copy, files.size(), target);
  }
}
