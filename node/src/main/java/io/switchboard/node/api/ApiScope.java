package io.switchboard.node.api;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What an API token may do; the wire names are what {@code --scope} and the token store hold. */
public enum ApiScope {
  /** {@code POST /api/v1/pubsub/{node}/items}, {@code DELETE .../items/{id}}. */
  PUBSUB_PUBLISH("pubsub:publish"),
  /** {@code POST /api/v1/messages}. */
  MESSAGES_SEND("messages:send"),
  /** List nodes, read a node's configuration, items, subscribers, affiliations and feed. */
  PUBSUB_READ("pubsub:read"),
  /** Create, configure and delete nodes. */
  PUBSUB_MANAGE("pubsub:manage"),
  /** Attach and detach a node's feed; list every feed of the cluster with its status. */
  PUBSUB_FEEDS("pubsub:feeds"),
  /** {@code /api/v1/admin}: create, delete, disable accounts and set passwords; list and end sessions; announce. */
  ADMIN("admin");

  private final String wireName;

  ApiScope(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ApiScope> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }

  /** Every scope's wire name. */
  public static Set<String> all() {
    return Arrays.stream(values()).map(ApiScope::wireName).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * Parses "a,b" into wire names.
   *
   * @throws IllegalArgumentException naming the first unknown scope
   */
  public static Set<String> parseList(String list) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : list.split(",")) {
      String name = s.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (fromWireName(name).isEmpty()) {
        throw new IllegalArgumentException("unknown scope '" + name + "' (known: " + String.join(", ", all()) + ")");
      }
      out.add(name);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no scope given (known: " + String.join(", ", all()) + ")");
    }
    return out;
  }
}
