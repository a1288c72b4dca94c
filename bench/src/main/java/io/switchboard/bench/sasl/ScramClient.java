package io.switchboard.bench.sasl;

import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * Client side of SCRAM-SHA-1/256/512 without channel binding (RFC 5802 §3 and §7, RFC 7677):
 * gs2 header {@code n,,}, so the server must not offer only -PLUS variants.
 *
 * <pre>
 * client-first  = "n,," "n=" saslname ",r=" c-nonce
 * server-first  = "r=" c-nonce s-nonce ",s=" salt ",i=" iterations
 * client-final  = "c=biws,r=" nonce ",p=" base64(ClientKey XOR HMAC(StoredKey, AuthMessage))
 * server-final  = "v=" base64(HMAC(ServerKey, AuthMessage))
 * </pre>
 *
 * The PBKDF2 step (Hi) is the expensive part on the client: one per login. The iteration count
 * the server asks for is bounded by {@link #MAX_ITERATIONS} so a hostile server cannot stall the
 * generator's event loop.
 */
public final class ScramClient implements SaslClient {
  /** Upper bound on the server's iteration count (RFC 7677 asks for at least 4096). */
  public static final int MAX_ITERATIONS = 100_000;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);
  private static final String GS2_HEADER = "n,,";

  private final ScramAlgorithm algorithm;
  private final String username;
  private final String password;
  private final String clientNonce;
  private final ScramKeyCache cache;
  private String clientFirstBare;
  private byte[] expectedServerSignature;

  ScramClient(ScramAlgorithm algorithm, String username, String password, String clientNonce, ScramKeyCache cache) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.username = Objects.requireNonNull(username, "username");
    this.password = Objects.requireNonNull(password, "password");
    this.clientNonce = Objects.requireNonNull(clientNonce, "clientNonce");
    this.cache = cache;
  }

  /** A client with a fresh random nonce and no key cache. */
  public static ScramClient create(ScramAlgorithm algorithm, String username, String password) {
    return create(algorithm, username, password, null);
  }

  /**
   * A client with a fresh random nonce.
   *
   * @param cache derived keys from earlier logins, or null; filled on a miss
   */
  public static ScramClient create(ScramAlgorithm algorithm, String username, String password, ScramKeyCache cache) {
    byte[] nonce = new byte[18];
    RANDOM.nextBytes(nonce);
    return new ScramClient(algorithm, username, password, Base64.getEncoder().encodeToString(nonce), cache);
  }

  /** With a fixed client nonce, for test vectors. */
  public static ScramClient withNonce(ScramAlgorithm algorithm, String username, String password, String nonce) {
    return new ScramClient(algorithm, username, password, nonce, null);
  }

  /** With a fixed client nonce and a key cache, for tests. */
  static ScramClient withNonce(ScramAlgorithm algorithm, String username, String password, String nonce,
      ScramKeyCache cache) {
    return new ScramClient(algorithm, username, password, nonce, cache);
  }

  @Override
  public String mechanismName() {
    return algorithm.mechanism();
  }

  @Override
  public byte[] initialResponse() {
    clientFirstBare = "n=" + saslName(username) + ",r=" + clientNonce;
    return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] respond(byte[] challenge) throws SaslClientException {
    if (clientFirstBare == null) {
      throw new SaslClientException("challenge before the initial response");
    }
    if (expectedServerSignature != null) {
      throw new SaslClientException("unexpected second challenge");
    }
    String serverFirst = new String(challenge, StandardCharsets.UTF_8);
    String nonce = null;
    String salt = null;
    String iterations = null;
    for (String field : serverFirst.split(",", -1)) {
      if (field.startsWith("m=")) {
        throw new SaslClientException("mandatory extension not supported");
      } else if (field.startsWith("r=")) {
        nonce = field.substring(2);
      } else if (field.startsWith("s=")) {
        salt = field.substring(2);
      } else if (field.startsWith("i=")) {
        iterations = field.substring(2);
      }
    }
    if (nonce == null || salt == null || iterations == null) {
      throw new SaslClientException("server-first-message lacks r, s or i");
    }
    if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
      throw new SaslClientException("server nonce does not extend the client nonce");
    }
    int count;
    byte[] saltBytes;
    try {
      count = Integer.parseInt(iterations);
      saltBytes = Base64.getDecoder().decode(salt);
    } catch (IllegalArgumentException e) {
      throw new SaslClientException("bad salt or iteration count");
    }
    if (count < 1 || count > MAX_ITERATIONS) {
      throw new SaslClientException("iteration count out of range: " + count);
    }
    ScramKeyCache.Keys keys = cache == null ? null : cache.get(algorithm, username, salt, count);
    if (keys == null) {
      byte[] salted = ScramCredentials.saltedPassword(algorithm, password, saltBytes, count);
      keys = new ScramKeyCache.Keys(ScramCredentials.hmac(algorithm, salted, CLIENT_KEY),
          ScramCredentials.hmac(algorithm, salted, SERVER_KEY));
      if (cache != null) {
        cache.put(algorithm, username, salt, count, keys);
      }
    }
    byte[] clientKey = keys.clientKey();
    byte[] storedKey = ScramCredentials.hash(algorithm, clientKey);
    String withoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.UTF_8))
        + ",r=" + nonce;
    byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
    byte[] clientSignature = ScramCredentials.hmac(algorithm, storedKey, authMessage);
    byte[] proof = new byte[clientKey.length];
    for (int i = 0; i < proof.length; i++) {
      proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
    }
    expectedServerSignature = ScramCredentials.hmac(algorithm, keys.serverKey(), authMessage);
    return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean verifySuccess(byte[] additionalData) {
    if (expectedServerSignature == null) {
      return false;
    }
    String serverFinal = new String(additionalData, StandardCharsets.UTF_8);
    if (!serverFinal.startsWith("v=")) {
      return false; // "e=..." or garbage
    }
    int end = serverFinal.indexOf(',');
    String value = end < 0 ? serverFinal.substring(2) : serverFinal.substring(2, end);
    try {
      return MessageDigest.isEqual(Base64.getDecoder().decode(value), expectedServerSignature);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** RFC 5802 §5.1: ',' as "=2C" and '=' as "=3D". */
  static String saslName(String name) {
    if (name.indexOf(',') < 0 && name.indexOf('=') < 0) {
      return name;
    }
    return name.replace("=", "=3D").replace(",", "=2C");
  }
}
