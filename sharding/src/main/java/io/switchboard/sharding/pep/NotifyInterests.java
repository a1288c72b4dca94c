package io.switchboard.sharding.pep;

import io.switchboard.protocol.util.RecentSet;
import io.switchboard.sharding.caps.CapsRef;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * XEP-0163 §4: which full JIDs around an account want notifications of which PEP nodes, learned
 * from the XEP-0115 caps of their available presence ({@code <node>+notify} features). Covers the
 * account's own resources and its contacts. In memory, touched by the entity's actor only; a
 * restarted entity learns it again from the next presences.
 */
final class NotifyInterests {
  private static final String NOTIFY = "+notify";
  private static final int MAX_KNOWN = 256;
  /**
   * Caps queries out at once: a contact (a remote one, over s2s) may never answer, and each new
   * verification string it announces asks again; the eldest unanswered query is forgotten.
   */
  static final int MAX_PENDING = 64;
  /**
   * Available full JIDs remembered (the account's resources and its contacts', remote ones over
   * s2s among them), with the nodes each was sent last items of: past it, the one whose presence
   * came longest ago is forgotten, and gets no notifications until its next presence.
   */
  static final int MAX_AVAILABLE = 1000;

  /** Caps of each available full JID, the latest presence last (at most {@link #MAX_AVAILABLE}). */
  private final Map<String, CapsRef> caps = new LinkedHashMap<>(2); // one or two resources, usually
  /** Feature lists of verification strings this entity has seen resolved (created when first needed). */
  private Map<String, Set<String>> known;
  /**
   * The nodes whose last items each full JID was already sent (XEP-0163 §4.3.2); null until the
   * first (most resources send no +notify caps). Only for full JIDs in {@link #caps}, so bounded
   * with it.
   */
  private Map<String, Set<String>> served;
  /** disco#info queries out: id to the caps they resolve and who was asked (created when first needed; bounded). */
  private Map<String, Pending> pending;

  record Pending(CapsRef ref, String full) {}

  /** {@code full} is available with {@code ref} (empty: no caps). */
  void available(String full, Optional<CapsRef> ref) {
    caps.remove(full); // to the end: the latest
    caps.put(full, ref.orElse(null));
    if (caps.size() > MAX_AVAILABLE) {
      unavailable(caps.keySet().iterator().next());
    }
  }

  int availableCount() {
    return caps.size();
  }

  int servedCount() {
    return served == null ? 0 : served.size();
  }

  void unavailable(String full) {
    caps.remove(full);
    if (served != null) {
      served.remove(full);
    }
  }

  /**
   * The nodes {@code full} now wants notifications of and has not had last items of yet (all of
   * them when it just came online; the new ones when its caps changed), marked as served.
   */
  Set<String> newlyInterested(String full) {
    if (!caps.containsKey(full)) {
      return Set.of();
    }
    Set<String> now = notifyNodes(full);
    if (now.isEmpty()) {
      return Set.of(); // nothing to serve: no entry (most resources send no +notify caps)
    }
    if (served == null) {
      served = new LinkedHashMap<>();
    }
    Set<String> already = served.computeIfAbsent(full, k -> new LinkedHashSet<>());
    Set<String> fresh = new LinkedHashSet<>(now);
    fresh.removeAll(already);
    already.addAll(fresh);
    return fresh;
  }

  Optional<CapsRef> caps(String full) {
    return Optional.ofNullable(caps.get(full));
  }

  boolean isKnown(String ver) {
    return known != null && known.containsKey(ver);
  }

  void learn(String ver, List<String> features) {
    if (known == null) {
      known = RecentSet.boundedMap(MAX_KNOWN);
    }
    known.put(ver, Set.copyOf(features));
  }

  void asked(String id, CapsRef ref, String full) {
    if (pending == null) {
      pending = RecentSet.boundedMap(MAX_PENDING);
    }
    pending.put(id, new Pending(ref, full));
  }

  int pendingCount() {
    return pending == null ? 0 : pending.size();
  }

  Optional<Pending> answered(String id) {
    return pending == null ? Optional.empty() : Optional.ofNullable(pending.remove(id));
  }

  /** The PEP nodes {@code full} wants notifications of (empty while its caps are unresolved). */
  Set<String> notifyNodes(String full) {
    CapsRef ref = caps.get(full);
    Set<String> features = ref == null || known == null ? null : known.get(ref.ver());
    if (features == null) {
      return Set.of();
    }
    Set<String> nodes = new LinkedHashSet<>();
    for (String f : features) {
      if (f.endsWith(NOTIFY) && f.length() > NOTIFY.length()) {
        nodes.add(f.substring(0, f.length() - NOTIFY.length()));
      }
    }
    return nodes;
  }

  /** Every available full JID whose caps ask for {@code node}'s notifications. */
  Set<String> interestedIn(String node) {
    Set<String> out = new LinkedHashSet<>();
    for (String full : caps.keySet()) {
      if (notifyNodes(full).contains(node)) {
        out.add(full);
      }
    }
    return out;
  }

  /** Available full JIDs whose caps use {@code ver}. */
  Set<String> using(String ver) {
    Set<String> out = new LinkedHashSet<>();
    caps.forEach((full, ref) -> {
      if (ref != null && ref.ver().equals(ver)) {
        out.add(full);
      }
    });
    return out;
  }
}
