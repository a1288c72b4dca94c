package io.switchboard.node.sasl2;

import io.switchboard.node.testing.RawClient;
import io.switchboard.protocol.sasl2.HashedToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The client's side of SCRAM-SHA-256 (RFC 5802/7677, no channel binding) inside XEP-0388's
 * {@code <authenticate/>}, {@code <challenge/>} and {@code <response/>}, for the raw-XML tests.
 * Keys derived once per salt are kept in {@code cache} when one is given.
 */
final class Sasl2Scram {
  private static final Pattern CHALLENGE = Pattern.compile("<challenge xmlns=\"urn:xmpp:sasl:2\">([^<]+)</challenge>");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Sasl2Scram() {}

  /**
   * Sends {@code header} and the {@code <authenticate/>} (with {@code inline} after the initial
   * response) in one write, answers the challenge and returns everything up to the outcome.
   */
  static String login(RawClient c, String header, String user, String password, String inline,
      Map<String, byte[]> cache) throws Exception {
    byte[] n = new byte[18];
    RANDOM.nextBytes(n);
    String first = "n=" + user + ",r=" + Base64.getEncoder().encodeToString(n);
    c.send(header + "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='SCRAM-SHA-256'><initial-response>"
        + b64("n,," + first) + "</initial-response>" + inline + "</authenticate>");
    c.readUntil("</stream:features>");
    String challenge = c.readUntilAny("</challenge>", "</failure>");
    Matcher m = CHALLENGE.matcher(challenge);
    if (!m.find()) {
      return challenge;
    }
    String serverFirst = new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
    Map<String, String> f = new HashMap<>();
    for (String kv : serverFirst.split(",")) {
      f.put(kv.substring(0, 1), kv.substring(2));
    }
    int iterations = Integer.parseInt(f.get("i"));
    String cacheKey = f.get("s") + "/" + iterations + "/" + password;
    byte[] clientKey = cache == null ? null : cache.get(cacheKey);
    if (clientKey == null) {
      byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password.toCharArray(), Base64.getDecoder().decode(f.get("s")), iterations, 256))
          .getEncoded();
      clientKey = HashedToken.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
      if (cache != null) {
        cache.put(cacheKey, clientKey);
      }
    }
    byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
    String finalNoProof = "c=biws,r=" + f.get("r");
    byte[] signature = HashedToken.hmac(storedKey,
        (first + "," + serverFirst + "," + finalNoProof).getBytes(StandardCharsets.UTF_8));
    byte[] proof = new byte[clientKey.length];
    for (int i = 0; i < proof.length; i++) {
      proof[i] = (byte) (clientKey[i] ^ signature[i]);
    }
    c.send("<response xmlns='urn:xmpp:sasl:2'>"
        + b64(finalNoProof + ",p=" + Base64.getEncoder().encodeToString(proof)) + "</response>");
    return c.readUntilAny("</success>", "</failure>");
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
