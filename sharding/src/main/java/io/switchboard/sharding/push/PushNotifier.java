package io.switchboard.sharding.push;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.hints.Hints;
import io.switchboard.protocol.stanza.MessageType;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.IqResponseHandler;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.OnlineResources;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.session.delivery.Delivery;
import io.switchboard.sharding.session.delivery.DeliveryStage;
import io.switchboard.sharding.session.sm.ParkedResource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0357 §7: publishes a notification to each registration whose device cannot see a message
 * live: when the message goes to offline storage (no resource takes it), to every registration;
 * when the registration's resource is a parked XEP-0198 session, always (nothing is written to it
 * until it resumes). A registration whose resource gets the message live gets no push. The
 * notification is an IQ set from the account's bare JID, so the app server's answer comes back
 * here: an error disables the registration (§7.1).
 *
 * <p>The {@code urn:xmpp:push:summary} form counts the messages notified since the device was
 * last seen (kept in the entity's memory, so a restarted entity counts from 1 again), names the
 * last sender (unless the server hides senders) and carries the body only where the client asked
 * for it and the server allows it.
 */
final class PushNotifier implements DeliveryStage, IqResponseHandler {
  private static final Logger log = LoggerFactory.getLogger(PushNotifier.class);
  private static final String ID_PREFIX = "push-";
  private static final AtomicLong SEQ = new AtomicLong();

  private final PushSettings settings;

  PushNotifier(PushSettings settings) {
    this.settings = settings;
  }

  private static final String OFF = "off:";
  private static final String LEAVING = "leaving:";

  /** Messages counted per registration since its device was last seen; in the entity's memory. */
  static final class Counts {
    private final Map<String, Integer> counts = new HashMap<>();
    /** What "away" meant when a registration's count started (park token or last logout). */
    private final Map<String, String> since = new HashMap<>();

    int next(String key, String absence) {
      String before = since.get(key);
      if (before != null && before.startsWith(LEAVING) && absence.startsWith(OFF)) {
        // The device was still going (bound, unavailable) at the last count, and has gone since:
        // the same absence, not a new one. (Without this, a message between the unavailable
        // presence and the unbind restarted the count: a CI run of MobileIT saw count=1 twice.)
        since.put(key, absence);
      } else if (!Objects.equals(before, absence)) {
        since.put(key, absence);
        counts.remove(key);
      }
      return counts.merge(key, 1, Integer::sum);
    }

    void seen(String key) {
      counts.remove(key);
      since.remove(key);
    }
  }

  @Override
  public Phase phase() {
    return Phase.ADDRESSED;
  }

  @Override
  public Delivery apply(SessionContext ctx, Account state, Delivery d) {
    if (state.push().isEmpty() || !worthPushing(d.stanza())) {
      return d;
    }
    OnlineResources resources = ctx.resources();
    boolean toStorage = d.targets().isEmpty();
    List<PushRegistration> due = new ArrayList<>();
    for (PushRegistration r : state.push().all()) {
      boolean parked = resources.get(r.resource()) != null && resources.isParked(r.resource());
      if (toStorage || parked) {
        // Nothing goes to the device live: to storage (a resource still bound here is leaving,
        // unavailable or of negative priority), or to a parked session that gets nothing now.
        due.add(r);
      } else if (d.targets().stream().anyMatch(t -> t.name().equals(r.resource()))) {
        ctx.memory(Counts.class, Counts::new).seen(key(r)); // it is reading: count afresh
      }
    }
    for (PushRegistration r : due) {
      ParkedResource p = state.parked().get(r.resource());
      String absence = p != null ? "park:" + p.token()
          : resources.get(r.resource()) != null ? LEAVING + state.resources().lastOffline()
          : OFF + state.resources().lastOffline();
      int count = ctx.memory(Counts.class, Counts::new).next(key(r), absence);
      ctx.routing().route(notification(ctx, r, d.stanza(), count));
    }
    return d;
  }

  /** Messages a user would want to be woken for: chat or normal with a body or encrypted content. */
  static boolean worthPushing(XmlElement m) {
    MessageType type = MessageType.of(m);
    if ((type != MessageType.CHAT && type != MessageType.NORMAL) || Hints.NO_STORE.in(m)) {
      return false;
    }
    for (XmlElement c : m.elements()) {
      String ns = c.namespace();
      if (c.name().equals("body") || ns.equals(Namespaces.OMEMO) || ns.equals(Namespaces.OMEMO_LEGACY)
          || ns.equals(Namespaces.OPENPGP)) {
        return true;
      }
    }
    return false;
  }

  XmlElement notification(SessionContext ctx, PushRegistration r, XmlElement message, int count) {
    DataForm.Builder summary = DataForm.builder("submit", Namespaces.PUSH_SUMMARY)
        .field("message-count", null, List.of(Integer.toString(count)));
    if (settings.includeSender() && message.attr("from") != null) {
      summary.field("last-message-sender", null, List.of(message.attr("from")));
    }
    if (r.includeBody()) {
      message.childText("body", message.namespace()).or(() -> message.childText("body", Namespaces.JABBER_CLIENT))
          .ifPresent(body -> summary.field("last-message-body", null, List.of(body)));
    }
    XmlElement.Builder publish = XmlElement.builder("publish", Namespaces.PUBSUB).attr("node", r.node())
        .child(XmlElement.builder("item", Namespaces.PUBSUB)
            .child(XmlElement.builder("notification", Namespaces.PUSH).child(summary.build())));
    XmlElement.Builder pubsub = XmlElement.builder("pubsub", Namespaces.PUBSUB).child(publish);
    if (r.publishOptions() != null) {
      pubsub.child(XmlElement.builder("publish-options", Namespaces.PUBSUB).child(r.publishOptions()));
    }
    return XmlElement.builder("iq", Namespaces.JABBER_CLIENT)
        .attr("type", "set")
        .attr("from", ctx.bare())
        .attr("to", r.jid())
        .attr("id", ID_PREFIX + encode(r.node()) + "-" + SEQ.incrementAndGet())
        .child(pubsub)
        .build();
  }

  // ---------------------------------------------------------------------------------------------
  // The app server's answers

  @Override
  public boolean accepts(XmlElement iq) {
    String id = iq.attr("id");
    return id != null && id.startsWith(ID_PREFIX);
  }

  @Override
  public Outcome onResponse(SessionContext ctx, Account state, XmlElement iq) {
    if (!"error".equals(iq.attr("type"))) {
      return Outcome.none();
    }
    String id = iq.attr("id");
    int dash = id.lastIndexOf('-');
    String node = decode(id.substring(ID_PREFIX.length(), Math.max(ID_PREFIX.length(), dash)));
    String jid = iq.attr("from");
    if (node == null || jid == null) {
      return Outcome.none();
    }
    boolean registered = state.push().all().stream().anyMatch(r -> r.sameTarget(jid, node));
    if (!registered) {
      return Outcome.none();
    }
    log.info("{}: push service {} node {} answered with an error; notifications to it are disabled",
        ctx.bare(), jid, node);
    return Outcome.persist(new PushEvent.PushDisabled(jid, node));
  }

  private static String key(PushRegistration r) {
    return r.jid() + "\u0000" + r.node();
  }

  private static String encode(String node) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(node.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String s) {
    try {
      return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
