package org.askdocs.daemon;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where the helper of one askdocs installation listens: a Unix domain socket in a folder only its
 * user can enter ({@code $XDG_RUNTIME_DIR/askdocs}, else {@code askdocs-USER} in the temporary
 * folder), named after the installation, the jar's version on disk and the launcher's JVM options,
 * so that a rebuilt jar or other options never talk to an old helper. Stateless; cheap enough for
 * the client's start-up (no hashing provider, no user lookup beyond the folder's owner).
 */
final class HelperSocket {
  static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private HelperSocket() {}

  /** The per-user folder of helper sockets (not created). */
  static Path folder() {
    String runtime = System.getenv("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
      return Path.of(runtime, "askdocs");
    }
    return Path.of(
        System.getProperty("java.io.tmpdir"), "askdocs-" + System.getProperty("user.name"));
  }

  /** The socket of this installation's helper, in {@code folder}. */
  static Path socket(Path folder) throws IOException {
    return folder.resolve(key() + ".sock");
  }

  /**
   * Whether a folder is safe to meet a helper in: a real folder (not a link), owned by this
   * process's user, that nobody else can enter. Anyone could have made a folder of that name in a
   * shared temporary folder first.
   */
  static boolean safe(Path folder) {
    try {
      PosixFileAttributes a =
          Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isDirectory()
          && a.owner().getName().equals(System.getProperty("user.name"))
          && a.permissions().equals(OWNER_ONLY);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Creates the folder owner-only when missing; whether it is {@linkplain #safe safe} to use. */
  static boolean prepare(Path folder) {
    try {
      Files.createDirectories(folder.getParent());
      Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // made earlier (checked below)
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
    return safe(folder);
  }

  /**
   * Names this installation's helper: askdocs home, the jar (path, size, time) and the launcher's
   * JVM options.
   */
  static String key() throws IOException {
    Path jar = jar();
    String identity =
        System.getProperty("askdocs.home", "")
            + "\n"
            + jar
            + "\n"
            + Files.size(jar)
            + "\n"
            + Files.getLastModifiedTime(jar).toMillis()
            + "\n"
            + System.getenv().getOrDefault("ASKDOCS_JAVA_OPTS", "");
    long h = 0xcbf29ce484222325L; // 64-bit FNV-1a: names a file, guards nothing (the folder does)
    for (byte b : identity.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return Long.toHexString(h);
  }

  /** The jar (or classes folder) this code runs from. */
  static Path jar() throws IOException {
    try {
      return Path.of(HelperSocket.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toAbsolutePath();
    } catch (URISyntaxException | RuntimeException e) {
      throw new IOException("cannot tell which jar askdocs runs from", e);
    }
  }
}
