package io.switchboard.sharding.session.delivery;

import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.MessageType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.OnlineResources;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * How a message addressed to the account reaches its resources (RFC 6121 §8.5.2, §8.5.3), as
 * ordered stages that features plug into without touching the entity:
 *
 * <ol>
 *   <li>{@link DeliveryStage.Phase#RECEIVED} stages, in registration order;
 *   <li>the targets are chosen: the addressed resource if bound (§8.5.3.1), else, for the bare JID,
 *       by type: errors are dropped (§8.5.2.1.1), groupchat is answered service-unavailable,
 *       headline goes to every non-negative available resource, chat and normal to those of the
 *       highest non-negative priority;
 *   <li>{@link DeliveryStage.Phase#ADDRESSED} stages;
 *   <li>the message is written to each target; with no target,
 *   <li>{@link DeliveryStage.Phase#UNDELIVERABLE} stages (the last of which is offline storage).
 * </ol>
 *
 * <p>Messages the user sends to others pass the {@link DeliveryStage.Phase#SENT} stages before
 * they are routed ({@link #send}).
 *
 * Immutable; one per node.
 */
public final class DeliveryPipeline {
  private final List<DeliveryStage> received;
  private final List<DeliveryStage> addressed;
  private final List<DeliveryStage> undeliverable;
  private final List<DeliveryStage> sent;

  public DeliveryPipeline(List<DeliveryStage> stages) {
    List<DeliveryStage> r = new ArrayList<>();
    List<DeliveryStage> a = new ArrayList<>();
    List<DeliveryStage> u = new ArrayList<>();
    List<DeliveryStage> o = new ArrayList<>();
    for (DeliveryStage s : stages) {
      switch (s.phase()) {
        case RECEIVED -> r.add(s);
        case ADDRESSED -> a.add(s);
        case UNDELIVERABLE -> u.add(s);
        case SENT -> o.add(s);
      }
    }
    this.received = List.copyOf(r);
    this.addressed = List.copyOf(a);
    this.undeliverable = List.copyOf(u);
    this.sent = List.copyOf(o);
  }

  /** Delivers {@code delivery} (no targets yet) through every stage. */
  public void deliver(SessionContext ctx, Account state, Delivery delivery) {
    Delivery d = run(received, ctx, state, delivery);
    if (d == null) {
      return;
    }
    addressAndWrite(ctx, state, d);
  }

  /**
   * Delivers a message that already passed the {@link DeliveryStage.Phase#RECEIVED} stages of
   * this account once (the unacknowledged messages of a parked session whose window ended): it
   * is neither checked for duplicates nor archived again.
   */
  public void redeliver(SessionContext ctx, Account state, Delivery delivery) {
    addressAndWrite(ctx, state, delivery);
  }

  /**
   * A message the user's {@code resource} sends to someone else: the message to route after the
   * {@link DeliveryStage.Phase#SENT} stages, or null when a stage ended it.
   */
  public XmlElement send(SessionContext ctx, Account state, String resource, XmlElement message) {
    if (sent.isEmpty()) {
      return message;
    }
    Delivery d = run(sent, ctx, state, Delivery.of(message, resource));
    return d == null ? null : d.stanza();
  }

  private void addressAndWrite(SessionContext ctx, Account state, Delivery delivery) {
    Delivery d = chooseTargets(ctx, delivery);
    if (d == null) {
      return;
    }
    d = run(addressed, ctx, state, d);
    if (d == null) {
      return;
    }
    if (!d.targets().isEmpty()) {
      if (Trace.enabled()) {
        Trace.hop(Trace.of(ctx.peekReceipt()), null, "{}: <message/> from {} to resource(s) {}", ctx.bare(),
            d.stanza().attr("from"), d.targets().stream().map(Resource::name).toList());
      }
      for (Resource r : d.targets()) {
        ctx.deliver(r, d.stanza());
      }
      return;
    }
    if (Trace.enabled()) {
      Trace.hop(Trace.of(ctx.peekReceipt()), null, "{}: <message/> from {} to no resource: offline storage or an error",
          ctx.bare(), d.stanza().attr("from"));
    }
    run(undeliverable, ctx, state, d);
  }

  private static Delivery run(List<DeliveryStage> stages, SessionContext ctx, Account state, Delivery d) {
    for (DeliveryStage s : stages) {
      d = s.apply(ctx, state, d);
      if (d == null) {
        return null;
      }
    }
    return d;
  }

  /** RFC 6121 §8.5.2 and §8.5.3 (see the class comment); null when the message ends here. */
  private static Delivery chooseTargets(SessionContext ctx, Delivery d) {
    OnlineResources resources = ctx.resources();
    if (d.resource() != null) {
      Resource r = resources.get(d.resource());
      if (r != null && !resources.isParked(d.resource())) {
        return d.withTargets(List.of(r)); // §8.5.3.1
      }
      // §8.5.3.2.1: no such resource: treat as addressed to the bare JID (below).
    }
    switch (MessageType.of(d.stanza())) {
      case ERROR -> {
        return null; // §8.5.2.1.1: silently dropped
      }
      case GROUPCHAT -> {
        Stanzas.errorReply(d.stanza(), io.switchboard.protocol.error.StanzaError.of(StanzaErrorCondition.SERVICE_UNAVAILABLE))
            .ifPresent(ctx.routing()::route);
        return null;
      }
      case HEADLINE -> {
        return d.withTargets(resources.nonNegative());
      }
      default -> {
        return d.withTargets(resources.highestPriority());
      }
    }
  }
}
