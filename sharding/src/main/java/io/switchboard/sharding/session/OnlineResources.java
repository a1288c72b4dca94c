package io.switchboard.sharding.session;

import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The in-memory half of a {@link UserSession}: the bound resources and their presence. Not event
 * sourced on purpose: a resource lives exactly as long as its connection, and a restarted entity
 * has none until connections bind again. Mutable, but only ever touched by the entity's actor.
 */
public final class OnlineResources {

  /**
   * One bound resource. {@code presence} is the last available presence it broadcast (from
   * stamped, no to), {@code available} whether it sent initial presence and not yet unavailable,
   * {@code interested} whether it requested the roster (RFC 6121 §2.1.6), {@code blocklistInterested}
   * whether it requested the blocklist (XEP-0191 pushes), {@code directed} the JIDs it sent directed
   * presence to (RFC 6121 §4.6) that must hear its unavailable presence, {@code flags} what
   * modules switched on for it (XEP-0280 carbons: the feature's namespace).
   */
  public record Resource(
      String name,
      ActorRef<ConnectionMessage> connection,
      XmlElement presence,
      int priority,
      boolean available,
      boolean interested,
      boolean blocklistInterested,
      Set<String> directed,
      Set<String> flags) {

    public Resource {
      flags = flags == null ? Set.of() : flags;
    }

    public static Resource bound(String name, ActorRef<ConnectionMessage> connection) {
      return new Resource(name, connection, null, 0, false, false, false, Set.of(), Set.of());
    }

    /** Whether a module switched {@code flag} on for this resource. */
    public boolean has(String flag) {
      return flags.contains(flag);
    }

    /** This resource with {@code flag} on or off. */
    public Resource withFlag(String flag, boolean on) {
      if (flags.contains(flag) == on) {
        return this;
      }
      Set<String> f = new LinkedHashSet<>(flags);
      if (on) {
        f.add(flag);
      } else {
        f.remove(flag);
      }
      return new Resource(name, connection, presence, priority, available, interested, blocklistInterested,
          directed, Set.copyOf(f));
    }

    /** This resource with the flags of {@code restored} (a parked or re-attached one). */
    public Resource withFlags(Set<String> restored) {
      return new Resource(name, connection, presence, priority, available, interested, blocklistInterested,
          directed, restored == null ? Set.of() : Set.copyOf(restored));
    }

    public Resource withPresence(XmlElement newPresence, int newPriority) {
      return new Resource(name, connection, newPresence, newPriority, true, interested,
          blocklistInterested, directed, flags);
    }

    public Resource unavailable() {
      return new Resource(name, connection, null, 0, false, interested, blocklistInterested,
          Set.of(), flags);
    }

    public Resource withConnection(ActorRef<ConnectionMessage> newConnection) {
      return new Resource(name, newConnection, presence, priority, available, interested,
          blocklistInterested, directed, flags);
    }

    public Resource withInterest() {
      return new Resource(name, connection, presence, priority, available, true,
          blocklistInterested, directed, flags);
    }

    public Resource withBlocklistInterest() {
      return new Resource(name, connection, presence, priority, available, interested, true,
          directed, flags);
    }

    /** What of this resource survives a failover (see {@link ResourceRecord}). */
    public ResourceRecord record() {
      return new ResourceRecord(available ? presence : null, interested, blocklistInterested, directed, flags);
    }

    /**
     * A resource re-attached after its entity restarted: what its connection kept of it;
     * {@code priority} is that of {@code record}'s presence.
     */
    public static Resource restored(String name, ActorRef<ConnectionMessage> connection, ResourceRecord record,
        XmlElement presence, int priority) {
      return new Resource(name, connection, presence, presence == null ? 0 : priority, presence != null,
          record.interested(), record.blocklistInterested(), record.directed(), record.flags());
    }

    public Resource withDirected(String jid, boolean add) {
      Set<String> d = new LinkedHashSet<>(directed);
      if (add) {
        d.add(jid);
      } else {
        d.remove(jid);
      }
      return new Resource(name, connection, presence, priority, available, interested,
          blocklistInterested, Set.copyOf(d), flags);
    }
  }

  private static final Resource[] NONE = {};

  /**
   * The bound resources in binding order. An account has a handful (at most
   * {@code max-resources}), so a plain array searched by name: 24 bytes for one resource, against
   * ~120 for a one-entry LinkedHashMap.
   */
  private Resource[] bound = NONE;
  /**
   * XEP-0198: resources whose stream dropped, waiting to be resumed; nothing is delivered to them.
   * An immutable empty set until the first park (most entities never have one).
   */
  private Set<String> parked = Set.of();

  public void park(String name) {
    if (parked.isEmpty()) {
      parked = new LinkedHashSet<>();
    }
    parked.add(name);
  }

  public void unpark(String name) {
    if (!parked.isEmpty()) {
      parked.remove(name);
    }
  }

  public boolean isParked(String name) {
    return parked.contains(name);
  }

  private int indexOf(String name) {
    for (int i = 0; i < bound.length; i++) {
      if (bound[i].name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  public Resource get(String name) {
    int i = name == null ? -1 : indexOf(name);
    return i < 0 ? null : bound[i];
  }

  /** Adds {@code r}, or replaces the resource of the same name in its place. */
  public void put(Resource r) {
    int i = indexOf(r.name());
    if (i >= 0) {
      bound[i] = r;
    } else {
      bound = Arrays.copyOf(bound, bound.length + 1);
      bound[bound.length - 1] = r;
    }
  }

  public Resource remove(String name) {
    unpark(name);
    int i = indexOf(name);
    if (i < 0) {
      return null;
    }
    Resource gone = bound[i];
    Resource[] rest = bound.length == 1 ? NONE : new Resource[bound.length - 1];
    System.arraycopy(bound, 0, rest, 0, i);
    System.arraycopy(bound, i + 1, rest, i, bound.length - i - 1);
    bound = rest;
    return gone;
  }

  public boolean isEmpty() {
    return bound.length == 0;
  }

  public int size() {
    return bound.length;
  }

  public Collection<Resource> all() {
    return List.of(bound);
  }

  public List<Resource> available() {
    List<Resource> out = new ArrayList<>();
    for (Resource r : bound) {
      if (r.available()) {
        out.add(r);
      }
    }
    return out;
  }

  /** Resource bound to {@code connection}, if any. */
  public Resource byConnection(ActorRef<ConnectionMessage> connection) {
    for (Resource r : bound) {
      if (r.connection().equals(connection)) {
        return r;
      }
    }
    return null;
  }

  /**
   * RFC 6121 §8.5.2.1.1 for chat and normal messages to the bare JID: every available resource that
   * shares the highest non-negative priority. (Delivering to all of them, not one, is the choice
   * RFC 6121 allows and what users with two equal devices expect.)
   */
  public List<Resource> highestPriority() {
    int best = Integer.MIN_VALUE;
    for (Resource r : bound) {
      if (r.available() && r.priority() >= 0 && r.priority() > best && !parked.contains(r.name())) {
        best = r.priority();
      }
    }
    List<Resource> out = new ArrayList<>();
    for (Resource r : bound) {
      if (r.available() && r.priority() >= 0 && r.priority() == best && !parked.contains(r.name())) {
        out.add(r);
      }
    }
    return out;
  }

  /** Headline messages to the bare JID (RFC 6121 §8.5.2.1.1): all non-negative available. */
  public List<Resource> nonNegative() {
    List<Resource> out = new ArrayList<>();
    for (Resource r : bound) {
      if (r.available() && r.priority() >= 0 && !parked.contains(r.name())) {
        out.add(r);
      }
    }
    return out;
  }
}
