package io.switchboard.persistence.token;

/** {@link TokenStore#create} found a token with that name. */
public final class TokenExistsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TokenExistsException(String name) {
    super("an API token named '" + name + "' already exists");
  }
}
