package io.switchboard.persistence.token;

/**
 * The answer to {@link TokenStore#create}: the metadata and the bearer secret, which exists only
 * here (show it once; the store keeps its hash).
 */
public record CreatedToken(ApiToken token, String secret) {
  @Override
  public String toString() {
    return "CreatedToken[" + token + ", secret=***]";
  }
}
