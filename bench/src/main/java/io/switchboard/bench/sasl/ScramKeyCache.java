package io.switchboard.bench.sasl;

import io.switchboard.protocol.sasl.ScramAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ClientKey and ServerKey per (mechanism, user, salt, iterations), as RFC 5802 §5.1 allows a
 * client to keep, so that repeated runs skip the PBKDF2 step (about 1 ms of generator CPU per
 * login at 4096 iterations) and the generator does not cap the login rate it measures. The keys
 * are only valid for the same salt and iteration count, which is part of the key. Thread-safe.
 *
 * <p>The optional file holds one line per entry: {@code MECH user salt iterations clientKey
 * serverKey} (base64). It is password-equivalent for those test accounts; keep it private.
 */
public final class ScramKeyCache {
  /** The two derived keys. */
  public record Keys(byte[] clientKey, byte[] serverKey) {}

  private final Map<String, Keys> entries = new ConcurrentHashMap<>();

  public Keys get(ScramAlgorithm algorithm, String username, String saltBase64, int iterations) {
    return entries.get(key(algorithm.mechanism(), username, saltBase64, iterations));
  }

  public void put(ScramAlgorithm algorithm, String username, String saltBase64, int iterations, Keys keys) {
    entries.put(key(algorithm.mechanism(), username, saltBase64, iterations), keys);
  }

  public int size() {
    return entries.size();
  }

  /** Loads entries from {@code file} if it exists; malformed lines are skipped. */
  public void load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    Base64.Decoder b64 = Base64.getDecoder();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] f = line.trim().split(" ");
      if (f.length != 6) {
        continue;
      }
      try {
        entries.put(key(f[0], f[1], f[2], Integer.parseInt(f[3])), new Keys(b64.decode(f[4]), b64.decode(f[5])));
      } catch (IllegalArgumentException e) {
        // skip the line
      }
    }
  }

  /** Writes all entries to {@code file} (atomically, via a temporary file). */
  public void save(Path file) throws IOException {
    Base64.Encoder b64 = Base64.getEncoder();
    List<String> lines = new ArrayList<>(entries.size());
    entries.forEach((k, v) -> lines.add(k + " " + b64.encodeToString(v.clientKey()) + " " + b64.encodeToString(v.serverKey())));
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, ".scram-keys", ".tmp");
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String key(String mechanism, String username, String saltBase64, int iterations) {
    return mechanism + " " + username + " " + saltBase64 + " " + iterations;
  }
}
