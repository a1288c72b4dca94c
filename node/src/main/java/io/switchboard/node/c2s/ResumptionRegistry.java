package io.switchboard.node.c2s;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jxmpp.jid.EntityBareJid;

/**
 * XEP-0198 sessions whose socket dropped, waiting to be resumed on this node. Each is parked with
 * a timer; when it fires first, the session is finished (its unacknowledged messages re-routed),
 * when a resume comes first, the session is taken and the timer cancelled.
 */
final class ResumptionRegistry {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ConcurrentHashMap<String, Parked> parked = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;

  ResumptionRegistry(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  static String newId() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  void park(ClientSession session, Duration timeout, Consumer<ClientSession> onExpiry) {
    String id = session.smId();
    ScheduledFuture<?> expiry = timer.schedule(() -> {
      Parked p = parked.remove(id);
      if (p != null) {
        onExpiry.accept(p.session);
      }
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    parked.put(id, new Parked(session, expiry));
  }

  /** Takes a parked session of {@code user} with this id, if there is one. */
  Optional<ClientSession> take(String id, EntityBareJid user) {
    Parked p = parked.get(id);
    if (p == null || !p.session.jid().asEntityBareJid().equals(user) || !parked.remove(id, p)) {
      return Optional.empty();
    }
    p.expiry.cancel(false);
    return Optional.of(p.session);
  }

  /** Everything parked, removed (for shutdown). */
  List<ClientSession> drain() {
    List<ClientSession> all = new ArrayList<>();
    for (String id : parked.keySet()) {
      Parked p = parked.remove(id);
      if (p != null) {
        p.expiry.cancel(false);
        all.add(p.session);
      }
    }
    return all;
  }

  private record Parked(ClientSession session, ScheduledFuture<?> expiry) {}
}
