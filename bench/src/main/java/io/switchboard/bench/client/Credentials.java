package io.switchboard.bench.client;

import java.util.Objects;

/**
 * Account naming: user {@code n} is {@code <userPrefix>n@domain} with password
 * {@code <passwordPrefix>n} (tsung's convention, user1/pass1 ...). The generator never creates
 * accounts; they must exist.
 */
public record Credentials(String domain, String userPrefix, String passwordPrefix) {
  public Credentials {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(userPrefix, "userPrefix");
    Objects.requireNonNull(passwordPrefix, "passwordPrefix");
  }

  public String username(int user) {
    return userPrefix + user;
  }

  public String password(int user) {
    return passwordPrefix + user;
  }

  public String bareJid(int user) {
    return userPrefix + user + "@" + domain;
  }
}
