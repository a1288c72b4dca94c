package io.switchboard.protocol.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;

/** A minimal SCRAM client written from RFC 5802 §3, to drive {@link ScramServer} in tests. */
final class ScramTestClient {
  private final ScramAlgorithm algorithm;
  private final String gs2Header;
  private final String clientFirstBare;
  private final String nonce;
  private final byte[] channelBinding;
  private String expectedServerSignature;

  ScramTestClient(ScramAlgorithm algorithm, String gs2Header, String username, String nonce) {
    this(algorithm, gs2Header, username, nonce, new byte[0]);
  }

  /** A client that binds to the channel: {@code gs2Header} is "p=type,," and this its data. */
  ScramTestClient(ScramAlgorithm algorithm, String gs2Header, String username, String nonce, byte[] channelBinding) {
    this.channelBinding = channelBinding.clone();
    this.algorithm = algorithm;
    this.gs2Header = gs2Header;
    this.nonce = nonce;
    this.clientFirstBare = "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + nonce;
  }

  byte[] clientFirst() {
    return (gs2Header + clientFirstBare).getBytes(UTF_8);
  }

  byte[] clientFinal(byte[] serverFirstBytes, String password) {
    String serverFirst = new String(serverFirstBytes, UTF_8);
    String combinedNonce = null;
    byte[] salt = null;
    int iterations = 0;
    for (String field : serverFirst.split(",")) {
      switch (field.charAt(0)) {
        case 'r' -> combinedNonce = field.substring(2);
        case 's' -> salt = Base64.getDecoder().decode(field.substring(2));
        case 'i' -> iterations = Integer.parseInt(field.substring(2));
        default -> { }
      }
    }
    if (combinedNonce == null || !combinedNonce.startsWith(nonce)) {
      throw new IllegalStateException("server nonce does not extend ours");
    }
    byte[] salted = ScramCredentials.saltedPassword(algorithm, password, salt, iterations);
    byte[] clientKey = ScramCredentials.hmac(algorithm, salted, "Client Key".getBytes(UTF_8));
    byte[] storedKey = ScramCredentials.hash(algorithm, clientKey);
    byte[] header = gs2Header.getBytes(UTF_8);
    byte[] cbindInput = java.util.Arrays.copyOf(header, header.length + channelBinding.length);
    System.arraycopy(channelBinding, 0, cbindInput, header.length, channelBinding.length);
    String withoutProof = "c=" + Base64.getEncoder().encodeToString(cbindInput) + ",r=" + combinedNonce;
    byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(UTF_8);
    byte[] signature = ScramCredentials.hmac(algorithm, storedKey, authMessage);
    byte[] proof = new byte[clientKey.length];
    for (int i = 0; i < proof.length; i++) {
      proof[i] = (byte) (clientKey[i] ^ signature[i]);
    }
    byte[] serverKey = ScramCredentials.hmac(algorithm, salted, "Server Key".getBytes(UTF_8));
    expectedServerSignature =
        "v=" + Base64.getEncoder().encodeToString(ScramCredentials.hmac(algorithm, serverKey, authMessage));
    return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(UTF_8);
  }

  String expectedServerFinal() {
    return expectedServerSignature;
  }
}
