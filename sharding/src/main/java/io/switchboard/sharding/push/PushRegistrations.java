package io.switchboard.sharding.push;

import io.switchboard.sharding.serialization.CborSerializable;
import java.util.ArrayList;
import java.util.List;

/** An account's XEP-0357 registrations, in the order they were enabled: its slice of the session state. Immutable. */
public record PushRegistrations(List<PushRegistration> all) implements CborSerializable {
  public static final PushRegistrations NONE = new PushRegistrations(List.of());

  public PushRegistrations {
    all = all == null ? List.of() : List.copyOf(all);
  }

  public boolean isEmpty() {
    return all.isEmpty();
  }

  /** With {@code r}, replacing the registration of the same service and node (XEP-0357 §5: the last options win). */
  public PushRegistrations with(PushRegistration r) {
    List<PushRegistration> out = new ArrayList<>(all.size() + 1);
    for (PushRegistration e : all) {
      if (!e.sameTarget(r.jid(), r.node())) {
        out.add(e);
      }
    }
    out.add(r);
    return new PushRegistrations(out);
  }

  /** Without the registrations of service {@code jid} (and {@code node}, when not null: XEP-0357 §6). */
  public PushRegistrations without(String jid, String node) {
    List<PushRegistration> out = new ArrayList<>(all.size());
    for (PushRegistration e : all) {
      boolean gone = e.jid().equals(jid) && (node == null || e.node().equals(node));
      if (!gone) {
        out.add(e);
      }
    }
    return out.size() == all.size() ? this : new PushRegistrations(out);
  }
}
