package io.switchboard.sharding.remotepresence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one account's entity remembers (in memory, {@code SessionContext.memory}): which remote
 * full JIDs sent available presence that reached which of its resources, so that their unavailable
 * presence can be generated when their domain is lost. At most {@code max} full JIDs; the oldest
 * are forgotten first. Used only on the entity's thread.
 *
 * <p>When a domain is lost, the bare JIDs seen from it are kept as awaiting its return (at most
 * {@code max} in all, deduplicated), so that the account can probe them when the domain comes
 * back ({@link #returned}); one that sends available presence on its own before is no longer
 * awaited. The account stays {@linkplain #watches watching} a domain while it has contacts there
 * or awaits some back from it.
 */
final class RemoteContacts {
  /** A remote full JID and the account's resources that saw it available. */
  record Seen(String full, Set<String> resources) {}

  private final int max;
  private final LinkedHashMap<String, Set<String>> available = new LinkedHashMap<>();
  private final Map<String, Integer> perDomain = new HashMap<>();
  /** Lost domain → the bare JIDs seen from it, to probe when it returns. */
  private final Map<String, Set<String>> awaiting = new HashMap<>();
  private int awaitingCount;

  RemoteContacts(int max) {
    this.max = max;
  }

  /** {@code full} became available to {@code resources}; returns the domains that newly have contacts here. */
  List<String> available(String full, String domain, Set<String> resources) {
    List<String> added = new ArrayList<>();
    stopAwaiting(domain, bareOf(full));
    Set<String> seen = available.remove(full);
    if (seen == null) {
      seen = new LinkedHashSet<>();
      if (perDomain.merge(domain, 1, Integer::sum) == 1) {
        added.add(domain);
      }
    }
    seen.addAll(resources);
    available.put(full, seen);
    return added;
  }

  /** Evicts beyond {@code max}; returns the domains that no longer have contacts here. */
  List<String> trim() {
    List<String> gone = new ArrayList<>();
    Iterator<String> it = available.keySet().iterator();
    while (available.size() > max && it.hasNext()) {
      String full = it.next();
      it.remove();
      decrement(domainOf(full), gone);
    }
    return gone;
  }

  /**
   * Unavailable from {@code jid}: a full JID is forgotten, a bare JID (RFC 6121 §4.5.4: all its
   * resources) forgets all of its full JIDs. Returns the domains that no longer have contacts here.
   */
  List<String> unavailable(String jid) {
    List<String> gone = new ArrayList<>();
    boolean bare = jid.indexOf('/') < 0;
    Iterator<String> it = available.keySet().iterator();
    while (it.hasNext()) {
      String full = it.next();
      if (bare ? full.startsWith(jid + "/") : full.equals(jid)) {
        it.remove();
        decrement(domainOf(full), gone);
      }
    }
    return gone;
  }

  /**
   * The domain is lost: everything seen from it, forgotten here; its bare JIDs are awaited back
   * (as many as fit under {@code max}).
   */
  List<Seen> lost(String domain) {
    List<Seen> out = new ArrayList<>();
    Iterator<Map.Entry<String, Set<String>>> it = available.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Set<String>> e = it.next();
      if (domainOf(e.getKey()).equals(domain)) {
        out.add(new Seen(e.getKey(), Set.copyOf(e.getValue())));
        it.remove();
        String bare = bareOf(e.getKey());
        Set<String> bares = awaiting.computeIfAbsent(domain, k -> new LinkedHashSet<>());
        if (!bares.contains(bare) && awaitingCount < max) {
          bares.add(bare);
          awaitingCount++;
        }
      }
    }
    if (awaiting.getOrDefault(domain, Set.of()).isEmpty()) {
      awaiting.remove(domain);
    }
    perDomain.remove(domain);
    return out;
  }

  /** The domain came back: the bare JIDs awaited from it (each once), no longer awaited. */
  List<String> returned(String domain) {
    Set<String> bares = awaiting.remove(domain);
    if (bares == null) {
      return List.of();
    }
    awaitingCount -= bares.size();
    return List.copyOf(bares);
  }

  /** Whether the account has contacts at {@code domain} or awaits some back from it. */
  boolean watches(String domain) {
    return perDomain.containsKey(domain) || awaiting.containsKey(domain);
  }

  int size() {
    return available.size();
  }

  private void decrement(String domain, List<String> gone) {
    if (perDomain.merge(domain, -1, Integer::sum) <= 0) {
      perDomain.remove(domain);
      if (!awaiting.containsKey(domain)) {
        gone.add(domain);
      }
    }
  }

  private void stopAwaiting(String domain, String bare) {
    Set<String> bares = awaiting.get(domain);
    if (bares != null && bares.remove(bare)) {
      awaitingCount--;
      if (bares.isEmpty()) {
        awaiting.remove(domain);
      }
    }
  }

  private static String bareOf(String jid) {
    int slash = jid.indexOf('/');
    return slash < 0 ? jid : jid.substring(0, slash);
  }

  /** The domain of a JID string ({@code local@domain/resource}). */
  static String domainOf(String jid) {
    int slash = jid.indexOf('/');
    String bare = slash < 0 ? jid : jid.substring(0, slash);
    int at = bare.indexOf('@');
    return at < 0 ? bare : bare.substring(at + 1);
  }
}
