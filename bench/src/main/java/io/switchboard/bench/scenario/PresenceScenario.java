package io.switchboard.bench.scenario;

import io.switchboard.bench.client.ClientSession;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;

/**
 * Presence fan-out: every online user broadcasts a presence change ({@code <show/>} alternating
 * away/chat, a stamped {@code <status/>}) {@code ratePerUser} times per second; the server sends
 * it to each contact with a subscription to the user (RFC 6121 §4.4.2). Receivers record latency;
 * "delivered / sent" is the achieved fan-out.
 *
 * <p>Rosters: user {@code u}'s contacts are its {@code contacts} ring neighbours over all users
 * ({@link UserRange#contact}). With {@code subscribe} on, each user sends a subscription request
 * to each contact when it comes online and approves every request it receives, so after one
 * ramp the subscriptions are mutual ("both"); the servers store them, and requests to users who
 * are not online yet are delivered when they log in. Re-running with subscriptions in place is
 * harmless (servers ignore a subscribe for an existing subscription).
 */
public final class PresenceScenario implements Scenario {
  public static final String NAME = "presence";

  private final ScenarioSettings settings;

  public PresenceScenario(ScenarioSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Every online user broadcasts at the per-user rate. */
  @Override
  public double offeredPerSecond(int online) {
    return settings.ratePerUser() * online;
  }

  @Override
  public ScenarioLoop onLoop(LoopContext loop) {
    return new PresenceLoop(loop, settings);
  }

  private static final class PresenceLoop implements ScenarioLoop {
    private final LoopContext loop;
    private final ScenarioSettings settings;
    private final PacedTicker ticker;
    private final int contacts;
    private int cursor;
    private boolean away;

    PresenceLoop(LoopContext loop, ScenarioSettings settings) {
      this.loop = loop;
      this.settings = settings;
      this.contacts = Math.min(settings.contacts() + (settings.contacts() & 1), loop.users().totalUsers() - 1);
      this.ticker = new PacedTicker(loop, () -> settings.ratePerUser() * loop.online().size(), this::broadcastOne);
    }

    @Override
    public void onOnline(ClientSession session) {
      if (!settings.subscribe()) {
        return;
      }
      for (int k = 0; k < contacts; k++) {
        String to = loop.credentials().bareJid(loop.users().contact(session.user(), k));
        session.send("<presence to='" + to + "' type='subscribe'/>");
      }
      loop.metrics().extra("subscribeSent").add(contacts);
    }

    @Override
    public void startTraffic() {
      ticker.start();
    }

    @Override
    public void stopTraffic() {
      ticker.stop();
    }

    private void broadcastOne() {
      int n = loop.online().size();
      if (n == 0) {
        return;
      }
      cursor = (cursor + 1) % n;
      ClientSession sender = loop.online().get(cursor);
      if (!sender.isWritable()) {
        loop.metrics().sendsBlocked.increment();
        return;
      }
      away = !away;
      sender.send("<presence><show>" + (away ? "away" : "chat") + "</show><status>"
          + Stamp.text(loop.clock().nowMicros(), settings.payloadChars()) + "</status></presence>");
      loop.metrics().sent.increment();
    }

    @Override
    public void onStanza(ClientSession session, XmlElement stanza) {
      if (!stanza.name().equals("presence")) {
        return;
      }
      String type = stanza.attr("type");
      String from = stanza.attr("from");
      if ("subscribe".equals(type) && from != null) {
        session.send("<presence to='" + bare(from) + "' type='subscribed'/>");
        loop.metrics().extra("subscriptionsApproved").increment();
        return;
      }
      if ("error".equals(type)) {
        loop.metrics().stanzaErrors.increment();
        return;
      }
      long stamp = type == null
          ? Stamp.parse(stanza.childText("status", Namespaces.JABBER_CLIENT).orElse(null))
          : -1;
      if (stamp >= 0) {
        loop.metrics().delivered.increment();
        loop.metrics().recordStanzaLatency(loop.clock().nowMicros() - stamp);
      } else {
        loop.metrics().extra("presenceOther").increment();
      }
    }

    private static String bare(String jid) {
      int slash = jid.indexOf('/');
      String bare = slash < 0 ? jid : jid.substring(0, slash);
      return bare.replace("'", "&apos;").replace("<", "&lt;");
    }
  }
}
