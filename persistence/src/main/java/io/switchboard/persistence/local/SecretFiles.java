package io.switchboard.persistence.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Secrets a node keeps in files of its own: generated credentials, keys and tokens of dev mode.
 * Directories are created owner-only (0700) and files owner-readable only (0600), written to a
 * temporary name and moved into place, so a reader never sees half a file. Generation happens under
 * an OS file lock in the directory, so processes sharing the directory (the nodes of
 * {@code ./switchboard cluster N}) agree on one value.
 */
public final class SecretFiles {
  public static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
  private static final String LOCK = ".generate.lock";
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretFiles() {}

  /** Something that writes one or more secret files into a directory. */
  @FunctionalInterface
  public interface Generator {
    void generate() throws IOException;
  }

  /**
   * The secrets directory: {@code switchboard.secrets-dir}, or {@code <data-dir>/secrets} when
   * that is empty. Secrets generated in dev mode live there; nodes of one cluster share it.
   */
  public static Path secretsDir(com.typesafe.config.Config root) {
    String configured = root.hasPath("switchboard.secrets-dir") ? root.getString("switchboard.secrets-dir").trim() : "";
    if (!configured.isEmpty()) {
      return Path.of(configured).toAbsolutePath();
    }
    return Path.of(root.getString("switchboard.data-dir")).resolve("secrets").toAbsolutePath();
  }

  /** Creates {@code dir} (and parents) if needed and makes it owner-only (0700). */
  public static Path privateDir(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
    return dir;
  }

  /**
   * Runs {@code generator} under {@code dir}'s lock unless every one of {@code files} exists
   * (checked again once the lock is held, so of two processes only the first generates).
   */
  public static void generateOnce(Path dir, Generator generator, Path... files) throws IOException {
    if (allExist(files)) {
      return;
    }
    privateDir(dir);
    try (FileChannel ch = FileChannel.open(dir.resolve(LOCK), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        FileLock ignored = ch.lock()) {
      if (!allExist(files)) {
        generator.generate();
      }
    }
  }

  /**
   * The text of {@code file}, trimmed; if it does not exist, a new random token of {@code bytes}
   * random bytes (base64url) is written there first.
   */
  public static String readOrCreateToken(Path file, int bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    generateOnce(dir, () -> {
      byte[] b = new byte[bytes];
      RANDOM.nextBytes(b);
      writePrivate(file, Base64.getUrlEncoder().withoutPadding().encodeToString(b) + "\n");
    }, file);
    return Files.readString(file).trim();
  }

  /** Writes {@code content} to {@code file} as an owner-only file, atomically. */
  public static void writePrivate(Path file, String content) throws IOException {
    writePrivate(file, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Writes {@code content} to {@code file} as an owner-only file, atomically. */
  public static void writePrivate(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create " + tmp + ": it appeared meanwhile", e);
    }
    Files.write(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Makes an existing file owner-only (0600). */
  public static void restrict(Path file) throws IOException {
    Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
  }

  private static boolean allExist(Path... files) {
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        return false;
      }
    }
    return true;
  }
}
