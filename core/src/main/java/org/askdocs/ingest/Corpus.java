package org.askdocs.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The files of a corpus directory: which ones askdocs reads, and how each is decoded and split.
 * Hidden files and folders are ignored; symbolic links are not followed into folders, so link loops
 * cannot trap the walk; a file link is read only when its target lies inside the corpus, and the
 * walk does not cross into other file systems mounted inside it: nothing outside the corpus folder
 * is ever read. Each file's source (its path from the corpus root, with {@code /} between folders)
 * is unique and the same on every run, whatever bytes its name holds. Stateless and thread-safe.
 */
public final class Corpus {
  /** Files larger than this are skipped: no documentation page is that large. */
  public static final long MAX_FILE_BYTES = 64L << 20;

  private static final int SNIFF_BYTES = 8192;

  private Corpus() {}

  /**
   * A file found in the corpus, with what is cheap to know about it.
   *
   * @param path where to read it: for a link inside the corpus, its target
   * @param refusal why it must not be read (found while listing), or null
   */
  public record FileEntry(String source, Path path, long size, long modified, String refusal) {
    public FileEntry {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(path, "path");
    }

    FileEntry(String source, Path path, long size, long modified) {
      this(source, path, size, modified, null);
    }
  }

  /** What reading one file gave: a document, or the reason it was skipped. */
  public sealed interface Outcome permits Read, Skipped {
    String source();
  }

  /** A file read and split. {@code note} says how it was decoded when that was not plain UTF-8. */
  public record Read(String source, SourceDoc doc, String sha256, String note) implements Outcome {}

  /** A file left out, and why, in words for the person who owns the corpus. */
  public record Skipped(String source, String reason) implements Outcome {}

  /**
   * Every regular file under {@code root}, sorted by path, including those of unknown formats (so
   * they can be reported as skipped).
   *
   * @throws IOException when {@code root} is not a readable directory
   */
  public static List<FileEntry> list(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new NoSuchFileException(
          root.toString(), null, "the corpus must be a directory of documents");
    }
    Path base = root.toAbsolutePath().normalize();
    Path realBase = base.toRealPath();
    Object device = device(realBase);
    List<FileEntry> out = new ArrayList<>();
    Files.walkFileTree(
        base,
        Set.<FileVisitOption>of(),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(base)) {
              return FileVisitResult.CONTINUE;
            }
            if (isHidden(dir)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (device != null && !device.equals(device(dir))) {
              out.add(
                  new FileEntry(
                      source(base, dir) + "/",
                      dir,
                      -1,
                      -1,
                      "another file system is mounted here; askdocs reads only the corpus folder's"
                          + " own files"));
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (isHidden(file)) {
              return FileVisitResult.CONTINUE;
            }
            String source = source(base, file);
            if (!attrs.isSymbolicLink()) {
              if (attrs.isRegularFile()) {
                out.add(
                    new FileEntry(source, file, attrs.size(), attrs.lastModifiedTime().toMillis()));
              }
              return FileVisitResult.CONTINUE;
            }
            Path target;
            BasicFileAttributes a;
            try {
              target = file.toRealPath();
              a = Files.readAttributes(target, BasicFileAttributes.class);
            } catch (IOException e) {
              out.add(
                  new FileEntry(
                      source, file, -1,
                      -1)); // a dangling link: listed, then reported as unreadable
              return FileVisitResult.CONTINUE;
            }
            if (!target.startsWith(realBase)) {
              out.add(
                  new FileEntry(
                      source,
                      file,
                      -1,
                      -1,
                      "a link to a file outside the corpus; askdocs reads only files inside the"
                          + " corpus folder"));
            } else if (a.isRegularFile()) {
              out.add(new FileEntry(source, target, a.size(), a.lastModifiedTime().toMillis()));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            out.add(new FileEntry(source(base, file), file, -1, -1));
            return FileVisitResult.CONTINUE;
          }
        });
    out.sort(Comparator.comparing(FileEntry::source));
    return distinct(out);
  }

  /**
   * The source of a file: its path from the root, folders joined by {@code /} (a backslash is a
   * character of the name, not a separator). A name that is not valid UTF-8 is written with its
   * bytes percent-encoded (from the path's URI, which keeps the raw bytes), so two such names never
   * read the same.
   */
  static String source(Path base, Path file) {
    StringBuilder sb = new StringBuilder();
    String[] raw = null;
    int i = 0;
    for (Path part : base.relativize(file)) {
      String name = part.toString();
      if (name.indexOf('\uFFFD') >= 0) {
        if (raw == null) {
          raw =
              file.toUri()
                  .getRawPath()
                  .split("/"); // "", then one entry per name of the absolute path
        }
        name = raw[1 + base.getNameCount() + i];
      }
      if (i++ > 0) {
        sb.append('/');
      }
      sb.append(name);
    }
    return sb.toString();
  }

  /**
   * Two files whose names read the same (only possible with undecodable names): the later one is
   * refused, never merged.
   */
  private static List<FileEntry> distinct(List<FileEntry> sorted) {
    List<FileEntry> out = new ArrayList<>(sorted.size());
    String previous = null;
    int same = 0;
    for (FileEntry f : sorted) {
      if (f.source().equals(previous)) {
        same++;
        out.add(
            new FileEntry(
                f.source() + " (another file " + same + ")",
                f.path(),
                -1,
                -1,
                "its name reads the same as another file's; rename one of them"));
      } else {
        previous = f.source();
        same = 0;
        out.add(f);
      }
    }
    return out;
  }

  private static Object device(Path dir) {
    try {
      return Files.getAttribute(dir, "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (IOException
        | UnsupportedOperationException
        | IllegalArgumentException
        | SecurityException e) {
      return null; // not a Unix file system: mounts are not told apart
    }
  }

  private static boolean isHidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  /**
   * Reads, decodes and splits one file, as the format its extension and content say ({@link
   * Format#forContent}); never throws for a bad file, it reports it as skipped.
   */
  public static Outcome read(FileEntry entry) {
    if (entry.refusal() != null) {
      return new Skipped(entry.source(), entry.refusal());
    }
    // A page of a website has its URL as source; its local copy's name says the format.
    var format =
        Format.ofFileName(
            entry.source().contains("://")
                ? entry.path().getFileName().toString()
                : entry.source());
    if (format.isEmpty()) {
      return new Skipped(
          entry.source(),
          "not a format askdocs reads (Markdown .md, text .txt, HTML .html, PDF .pdf, Word .docx,"
              + " PowerPoint .pptx)");
    }
    if (entry.size() < 0) {
      return new Skipped(
          entry.source(),
          "unreadable (a broken or looping symbolic link, or no permission to see it)");
    }
    byte[] bytes;
    // Not following links here: a file swapped for a link since the listing is not read through it.
    try (var channel =
        Files.newByteChannel(entry.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      if (size > MAX_FILE_BYTES) {
        return new Skipped(
            entry.source(),
            "too large (" + (size >> 20) + " MB; the limit is " + (MAX_FILE_BYTES >> 20) + " MB)");
      }
      bytes = Channels.newInputStream(channel).readNBytes((int) MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      return new Skipped(entry.source(), "deleted while indexing");
    } catch (java.nio.file.AccessDeniedException e) {
      return new Skipped(entry.source(), "unreadable (permission denied)");
    } catch (java.nio.file.FileSystemException e) {
      if (Files.isSymbolicLink(entry.path())) {
        return new Skipped(entry.source(), "became a symbolic link while indexing; not followed");
      }
      return new Skipped(
          entry.source(),
          "unreadable ("
              + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName())
              + ")");
    } catch (IOException | SecurityException e) {
      return new Skipped(entry.source(), "unreadable (" + e.getClass().getSimpleName() + ")");
    }
    if (bytes.length > MAX_FILE_BYTES) {
      return new Skipped(
          entry.source(), "too large (grew past " + (MAX_FILE_BYTES >> 20) + " MB while reading)");
    }
    if (format.get().binary()) {
      try {
        SourceDoc doc = format.get().read(entry.source(), bytes);
        if (doc.sections().isEmpty()) {
          return new Skipped(entry.source(), "no text to index");
        }
        return new Read(entry.source(), doc, sha256(bytes), null);
      } catch (Unreadable e) {
        return new Skipped(entry.source(), e.reason());
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError | LinkageError e) {
        // A parser failing on one hostile file must not stop the corpus from indexing.
        return new Skipped(
            entry.source(), "could not be parsed (" + e.getClass().getSimpleName() + ")");
      }
    }
    Decoded decoded = decode(bytes);
    if (decoded == null) {
      return new Skipped(entry.source(), "binary content, not text");
    }
    try {
      SourceDoc doc = format.get().forContent(decoded.text()).split(entry.source(), decoded.text());
      if (doc.sections().isEmpty()) {
        return new Skipped(entry.source(), "no text to index");
      }
      return new Read(entry.source(), doc, sha256(bytes), decoded.note());
    } catch (RuntimeException | StackOverflowError e) {
      // A parser failing on one hostile file must not stop the corpus from indexing.
      return new Skipped(
          entry.source(), "could not be parsed (" + e.getClass().getSimpleName() + ")");
    }
  }

  record Decoded(String text, String note) {}

  /**
   * Text from bytes: BOMs honoured, strict UTF-8 first, Windows-1252 as the fallback; null for
   * binary.
   */
  static Decoded decode(byte[] bytes) {
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      return checked(utf8(bytes, 3), null);
    }
    if (startsWith(bytes, 0xFF, 0xFE)) {
      return checked(
          new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE), "decoded as UTF-16LE");
    }
    if (startsWith(bytes, 0xFE, 0xFF)) {
      return checked(
          new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE), "decoded as UTF-16BE");
    }
    int sniff = Math.min(bytes.length, SNIFF_BYTES);
    int control = 0;
    for (int i = 0; i < sniff; i++) {
      int b = bytes[i] & 0xFF;
      if (b == 0) {
        return null;
      }
      if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
        control++;
      }
    }
    if (sniff > 0 && control * 10 > sniff) {
      return null;
    }
    String text = utf8(bytes, 0);
    if (text != null) {
      return new Decoded(text, null);
    }
    return checked(
        new String(bytes, Charset.forName("windows-1252")),
        "not valid UTF-8; decoded as Windows-1252");
  }

  private static Decoded checked(String text, String note) {
    if (text == null || text.indexOf('\u0000') >= 0) {
      return null;
    }
    return new Decoded(text, note);
  }

  private static String utf8(byte[] bytes, int offset) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
