package io.switchboard.persistence.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A stored API token's metadata; the secret itself is never stored (only its SHA-256).
 *
 * @param name the operator's name for it, unique
 * @param scopes what it may do, e.g. {@code pubsub:publish}, {@code messages:send}
 * @param created when it was created
 */
public record ApiToken(String name, Set<String> scopes, Instant created) {
  public ApiToken {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(created, "created");
    scopes = Set.copyOf(scopes);
  }

  public boolean allows(String scope) {
    return scopes.contains(scope);
  }
}
