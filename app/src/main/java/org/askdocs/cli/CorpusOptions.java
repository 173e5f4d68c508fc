package org.askdocs.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.askdocs.ingest.Corpus;
import picocli.CommandLine.Option;

/**
 * Where the documents and their index live. Relative defaults resolve against the askdocs
 * installation (the {@code askdocs.home} system property the launcher sets), so {@code bin/askdocs}
 * works from any folder; each corpus gets its own index folder, so switching corpora never thrashes
 * one index.
 */
final class CorpusOptions {
  @Option(names = "--corpus", paramLabel = "DIR", description = "Folder of documents (default: the bundled corpus/).")
  Path corpus;

  @Option(names = "--index", paramLabel = "DIR", description = "Folder for the index (default: index/ beside the bundled corpus, one subfolder per corpus).")
  Path index;

  Path corpus() {
    return corpus != null ? corpus.toAbsolutePath().normalize() : home().resolve("corpus");
  }

  Path index() {
    if (index != null) {
      return index.toAbsolutePath().normalize();
    }
    Path c = corpus();
    String name = c.getFileName() == null ? "corpus" : c.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
    String hash = Corpus.sha256(c.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 8);
    return home().resolve("index").resolve(name + "-" + hash);
  }

  static Path home() {
    String h = System.getProperty("askdocs.home");
    return Path.of(h == null || h.isBlank() ? "." : h).toAbsolutePath().normalize();
  }
}
