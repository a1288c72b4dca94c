package io.switchboard.sharding.blocking;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.blocking.BlockingEvent.BlocklistCleared;
import io.switchboard.sharding.blocking.BlockingEvent.JidsBlocked;
import io.switchboard.sharding.blocking.BlockingEvent.JidsUnblocked;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jxmpp.jid.Jid;

/** The account's XEP-0191 blocklist: JIDs as written by the user. Immutable. */
public record BlockList(Set<String> jids) implements CborSerializable {
  public static final BlockList EMPTY = new BlockList(Set.of());

  public BlockList {
    jids = Set.copyOf(jids == null ? Set.of() : jids);
  }

  public boolean isEmpty() {
    return jids.isEmpty();
  }

  /** XEP-0191 JID matching (as XEP-0016): full JID, bare JID, domain/resource or domain. */
  public boolean isBlocked(Jid jid) {
    if (jids.isEmpty()) {
      return false;
    }
    if (jids.contains(jid.toString()) || jids.contains(jid.asBareJid().toString())) {
      return true;
    }
    String domain = jid.asDomainBareJid().toString();
    if (jids.contains(domain)) {
      return true;
    }
    return jid.hasResource() && jids.contains(domain + "/" + jid.getResourceOrThrow());
  }

  /** How many of {@code more} the list does not hold yet (duplicates counted once). */
  public int newEntries(List<Jid> more) {
    Set<String> fresh = new java.util.HashSet<>();
    for (Jid j : more) {
      if (!jids.contains(j.toString())) {
        fresh.add(j.toString());
      }
    }
    return fresh.size();
  }

  /** The blocked JIDs, parsed. */
  public List<Jid> parsed() {
    List<Jid> out = new ArrayList<>();
    for (String s : jids) {
      Jids.parse(s).ifPresent(out::add);
    }
    return out;
  }

  public BlockList apply(BlockingEvent event) {
    if (event instanceof JidsBlocked e) {
      Set<String> b = new LinkedHashSet<>(jids);
      e.jids().forEach(j -> b.add(j.toString()));
      return new BlockList(b);
    } else if (event instanceof JidsUnblocked e) {
      Set<String> b = new LinkedHashSet<>(jids);
      e.jids().forEach(j -> b.remove(j.toString()));
      return new BlockList(b);
    } else if (event == BlocklistCleared.INSTANCE) {
      return EMPTY;
    }
    throw new IllegalArgumentException("unknown blocking event " + event);
  }
}
