package io.switchboard.sharding.session;

import io.switchboard.sharding.serialization.CborSerializable;
import io.switchboard.sharding.session.sm.ParkedResource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The persisted record of the account's resources: those bound when last recorded with the
 * cluster node of each one's connection ({@code online}: what a restarted incarnation must expect
 * to re-attach, or else announce as gone), the XEP-0198 sessions parked for resumption
 * ({@code parked}), when a resource last went offline ({@code lastOffline}, XEP-0012) and when
 * one was last bound ({@code lastLogin}, XEP-0133; a resumed XEP-0198 session is not a login);
 * each null when unknown (snapshots and events written before it was recorded). Immutable.
 */
public record OnlineRecord(Map<String, String> online, Map<String, ParkedResource> parked, Instant lastOffline,
    Instant lastLogin) implements CborSerializable {

  public static final OnlineRecord EMPTY = new OnlineRecord(Map.of(), Map.of(), null, null);

  public OnlineRecord {
    online = Map.copyOf(online == null ? Map.of() : online);
    parked = Map.copyOf(parked == null ? Map.of() : parked);
  }

  /** A record without a known last login. */
  public OnlineRecord(Map<String, String> online, Map<String, ParkedResource> parked, Instant lastOffline) {
    this(online, parked, lastOffline, null);
  }

  /** {@code resource} bound on {@code node}; {@code at} (when not null) is the last login. */
  OnlineRecord bound(String resource, String node, Instant at) {
    Map<String, String> o = new LinkedHashMap<>(online);
    o.put(resource, node);
    return new OnlineRecord(o, parked, lastOffline, at == null ? lastLogin : at);
  }

  OnlineRecord unbound(String resource, Instant at) {
    Map<String, String> o = new LinkedHashMap<>(online);
    o.remove(resource);
    Map<String, ParkedResource> p = new LinkedHashMap<>(parked);
    p.remove(resource);
    return new OnlineRecord(o, p, at == null ? lastOffline : at, lastLogin);
  }

  OnlineRecord park(String resource, ParkedResource session) {
    Map<String, ParkedResource> p = new LinkedHashMap<>(parked);
    p.put(resource, session);
    return new OnlineRecord(online, p, lastOffline, lastLogin);
  }

  OnlineRecord resumed(String resource, String node) {
    Map<String, ParkedResource> p = new LinkedHashMap<>(parked);
    p.remove(resource);
    return bound(resource, node, null).withParked(p);
  }

  private OnlineRecord withParked(Map<String, ParkedResource> p) {
    return new OnlineRecord(online, p, lastOffline, lastLogin);
  }

  /** Nothing online and nothing parked (the times of the last logout and login are kept). */
  OnlineRecord cleared() {
    return new OnlineRecord(Map.of(), Map.of(), lastOffline, lastLogin);
  }
}
