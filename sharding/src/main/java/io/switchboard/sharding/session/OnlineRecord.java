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
 * ({@code parked}), and when a resource last went offline ({@code lastOffline}, XEP-0012; null
 * when unknown). Immutable.
 */
public record OnlineRecord(Map<String, String> online, Map<String, ParkedResource> parked, Instant lastOffline)
    implements CborSerializable {

  public static final OnlineRecord EMPTY = new OnlineRecord(Map.of(), Map.of(), null);

  public OnlineRecord {
    online = Map.copyOf(online == null ? Map.of() : online);
    parked = Map.copyOf(parked == null ? Map.of() : parked);
  }

  OnlineRecord bound(String resource, String node) {
    Map<String, String> o = new LinkedHashMap<>(online);
    o.put(resource, node);
    return new OnlineRecord(o, parked, lastOffline);
  }

  OnlineRecord unbound(String resource, Instant at) {
    Map<String, String> o = new LinkedHashMap<>(online);
    o.remove(resource);
    Map<String, ParkedResource> p = new LinkedHashMap<>(parked);
    p.remove(resource);
    return new OnlineRecord(o, p, at == null ? lastOffline : at);
  }

  OnlineRecord park(String resource, ParkedResource session) {
    Map<String, ParkedResource> p = new LinkedHashMap<>(parked);
    p.put(resource, session);
    return new OnlineRecord(online, p, lastOffline);
  }

  OnlineRecord resumed(String resource, String node) {
    Map<String, ParkedResource> p = new LinkedHashMap<>(parked);
    p.remove(resource);
    return bound(resource, node).withParked(p);
  }

  private OnlineRecord withParked(Map<String, ParkedResource> p) {
    return new OnlineRecord(online, p, lastOffline);
  }

  /** Nothing online and nothing parked (the time of the last logout is kept). */
  OnlineRecord cleared() {
    return new OnlineRecord(Map.of(), Map.of(), lastOffline);
  }
}
