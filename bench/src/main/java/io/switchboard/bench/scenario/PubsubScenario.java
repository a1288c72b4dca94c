package io.switchboard.bench.scenario;

import io.switchboard.bench.client.ClientSession;
import io.switchboard.protocol.xml.XmlElement;
import java.util.concurrent.TimeUnit;

/**
 * Pub-sub fan-out (XEP-0060): one publisher, every other user a subscriber of one node.
 *
 * <p>The publisher is the run's first user ({@link UserRange#firstUser()}); whichever process and
 * event loop holds its session drives the publishing. When it comes online it creates the node
 * (a {@code conflict} answer means the node is there from an earlier run, which is fine). Every
 * other user subscribes its bare JID when it comes online; a subscription refused because the node
 * does not exist yet is retried once a second, at most {@value #SUBSCRIBE_ATTEMPTS} times, so the
 * order in which sessions log in does not matter. In the measured phase the publisher publishes
 * {@code ratePerUser} items per second, each carrying its send time ({@link Stamp}); every
 * subscriber that receives the notification records the end-to-end latency.
 *
 * <p>A notification stamped before this run started (a server replaying an earlier run's last item
 * to a new subscriber) counts as {@code notificationsOther}, not as a delivery.
 *
 * <p>"delivered / publishAcked" is the achieved fan-out, to be compared with the
 * {@code subscribed} count. Subscriptions stay on the server after the run (a re-run subscribes
 * again, which servers accept or answer with the existing subscription).
 */
public final class PubsubScenario implements Scenario {
  public static final String NAME = "pubsub";
  public static final String PUBSUB = "http://jabber.org/protocol/pubsub";
  public static final String PUBSUB_EVENT = "http://jabber.org/protocol/pubsub#event";
  static final String ITEM_NS = "urn:switchboard:bench";
  /** Items published by a feed (Switchboard's feeds): an Atom entry whose title carries the stamp. */
  static final String ATOM = "http://www.w3.org/2005/Atom";
  static final int SUBSCRIBE_ATTEMPTS = 60;
  private static final String CREATE_ID = "sb-create";
  private static final String SUBSCRIBE_ID = "sb-sub-";
  private static final String PUBLISH_ID = "sb-pub-";

  private final ScenarioSettings settings;

  public PubsubScenario(ScenarioSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** One publisher publishes at the rate; subscribers only receive. */
  @Override
  public double offeredPerSecond(int online) {
    return settings.ratePerUser();
  }

  @Override
  public ScenarioLoop onLoop(LoopContext loop) {
    return new PubsubLoop(loop, settings);
  }

  private static final class PubsubLoop implements ScenarioLoop {
    private final LoopContext loop;
    private final String service;
    private final String node;
    private final PacedTicker ticker;
    /** Items stamped before this are replays of an earlier run's last item (send_last_published_item). */
    private final long createdMicros;
    private ClientSession publisher;
    private long published;

    PubsubLoop(LoopContext loop, ScenarioSettings settings) {
      this.loop = loop;
      this.service = settings.pubsubService() != null ? settings.pubsubService() : "pubsub." + loop.credentials().domain();
      this.node = settings.pubsubNode();
      this.createdMicros = loop.clock().nowMicros();
      this.ticker = new PacedTicker(loop, () -> publisher != null && publisher.isOnline() ? settings.ratePerUser() : 0,
          this::publishOne);
    }

    @Override
    public void onOnline(ClientSession session) {
      if (session.user() == loop.users().firstUser()) {
        publisher = session;
        session.send("<iq type='set' id='" + CREATE_ID + "' to='" + service + "'><pubsub xmlns='" + PUBSUB
            + "'><create node='" + node + "'/></pubsub></iq>");
      } else {
        subscribe(session, 1);
      }
    }

    /** Dropped by {@link ClientSession#send} when the session has closed meanwhile. */
    private void subscribe(ClientSession session, int attempt) {
      session.send("<iq type='set' id='" + SUBSCRIBE_ID + attempt + "' to='" + service + "'><pubsub xmlns='" + PUBSUB
          + "'><subscribe node='" + node + "' jid='" + session.bareJid() + "'/></pubsub></iq>");
    }

    @Override
    public void startTraffic() {
      ticker.start();
    }

    @Override
    public void stopTraffic() {
      ticker.stop();
    }

    private void publishOne() {
      if (!publisher.isWritable()) {
        loop.metrics().sendsBlocked.increment();
        return;
      }
      published++;
      publisher.send("<iq type='set' id='" + PUBLISH_ID + published + "' to='" + service + "'><pubsub xmlns='" + PUBSUB
          + "'><publish node='" + node + "'><item><entry xmlns='" + ITEM_NS + "'>"
          + Stamp.text(loop.clock().nowMicros(), loop.settings().payloadChars())
          + "</entry></item></publish></pubsub></iq>");
      loop.metrics().sent.increment();
    }

    @Override
    public void onStanza(ClientSession session, XmlElement stanza) {
      switch (stanza.name()) {
        case "iq" -> onIqAnswer(session, stanza);
        case "message" -> onNotification(stanza);
        default -> { }
      }
    }

    private void onIqAnswer(ClientSession session, XmlElement iq) {
      String id = iq.attr("id");
      boolean ok = "result".equals(iq.attr("type"));
      if (id == null) {
        return;
      }
      if (id.equals(CREATE_ID)) {
        loop.metrics().extra(ok ? "nodeCreated" : hasCondition(iq, "conflict") ? "nodeExisted" : "nodeCreateFailed")
            .increment();
      } else if (id.startsWith(SUBSCRIBE_ID)) {
        if (ok) {
          loop.metrics().extra("subscribed").increment();
          return;
        }
        int attempt = Integer.parseInt(id.substring(SUBSCRIBE_ID.length()));
        if (hasCondition(iq, "item-not-found") && attempt < SUBSCRIBE_ATTEMPTS) {
          loop.metrics().extra("subscribeRetries").increment();
          loop.eventLoop().schedule(() -> subscribe(session, attempt + 1), 1, TimeUnit.SECONDS);
        } else {
          loop.metrics().extra("subscribeFailed").increment();
          loop.metrics().stanzaErrors.increment();
        }
      } else if (id.startsWith(PUBLISH_ID)) {
        if (ok) {
          loop.metrics().extra("publishAcked").increment();
        } else {
          loop.metrics().extra("publishFailed").increment();
          loop.metrics().stanzaErrors.increment();
        }
      }
    }

    private void onNotification(XmlElement message) {
      if ("error".equals(message.attr("type"))) {
        loop.metrics().stanzaErrors.increment();
        return;
      }
      XmlElement item = message.child("event", PUBSUB_EVENT)
          .flatMap(event -> event.child("items", PUBSUB_EVENT))
          .filter(items -> node.equals(items.attr("node")))
          .flatMap(items -> items.child("item", PUBSUB_EVENT))
          .orElse(null);
      if (item == null) {
        return;
      }
      long stamp = item.child("entry", ITEM_NS).map(entry -> Stamp.parse(entry.text()))
          .or(() -> item.child("entry", ATOM).flatMap(entry -> entry.childText("title", ATOM)).map(Stamp::parse))
          .orElse(-1L);
      if (stamp >= createdMicros) {
        loop.metrics().delivered.increment();
        loop.metrics().recordStanzaLatency(loop.clock().nowMicros() - stamp);
      } else {
        loop.metrics().extra("notificationsOther").increment(); // an earlier run's last item, or not ours
      }
    }

    private static boolean hasCondition(XmlElement iq, String condition) {
      return iq.child("error", iq.namespace())
          .map(error -> error.elements().stream().anyMatch(e -> e.name().equals(condition)))
          .orElse(false);
    }
  }
}
