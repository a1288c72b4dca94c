package io.switchboard.node.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * This node's view of the cluster as its gauges show it: each member's status, the members it
 * sees unreachable, and the leader. Pure and immutable: {@link ClusterGauges} folds Pekko's
 * cluster events into it (members are keyed by their address string, statuses by label).
 *
 * @param members status label (see {@link #label}) by member address
 * @param unreachable addresses this node's failure detector marks unreachable
 * @param leader the leader's address, if there is one
 */
record Membership(Map<String, String> members, Set<String> unreachable, Optional<String> leader) {
  /** The status labels, in the order of a member's life (Pekko's {@code MemberStatus}). */
  static final List<String> STATUSES = List.of("joining", "weakly-up", "up", "leaving", "exiting", "down",
      "preparing-for-shutdown", "ready-for-shutdown");

  static final Membership EMPTY = new Membership(Map.of(), Set.of(), Optional.empty());

  Membership {
    members = Map.copyOf(members);
    unreachable = Set.copyOf(unreachable);
  }

  /**
   * Pekko's status name ({@code MemberStatus.toString()}: {@code Up}, {@code WeaklyUp},
   * {@code PreparingForShutdown}...) as a label: lower case, words joined by '-'.
   */
  static String label(String pekkoStatus) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pekkoStatus.length(); i++) {
      char c = pekkoStatus.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        b.append('-');
      }
      b.append(Character.toLowerCase(c));
    }
    return b.toString();
  }

  /** A member event: the member now has {@code status} (a label). */
  Membership withStatus(String address, String status) {
    Map<String, String> m = new HashMap<>(members);
    m.put(address, status);
    return new Membership(m, unreachable, leader);
  }

  /** The member left the cluster's membership (MemberRemoved): it is no longer counted anywhere. */
  Membership removed(String address) {
    Map<String, String> m = new HashMap<>(members);
    m.remove(address);
    Set<String> u = new HashSet<>(unreachable);
    u.remove(address);
    return new Membership(m, u, leader);
  }

  Membership unreachable(String address) {
    Set<String> u = new HashSet<>(unreachable);
    u.add(address);
    return new Membership(members, u, leader);
  }

  Membership reachable(String address) {
    Set<String> u = new HashSet<>(unreachable);
    u.remove(address);
    return new Membership(members, u, leader);
  }

  Membership leader(Optional<String> address) {
    return new Membership(members, unreachable, address);
  }

  /** Members whose status is {@code label}. */
  long count(String label) {
    return members.values().stream().filter(label::equals).count();
  }

  boolean isLeader(String self) {
    return leader.filter(self::equals).isPresent();
  }
}
