package io.switchboard.sharding.session;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.IqType;
import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.AccountIqHandler.Origin;
import io.switchboard.sharding.session.delivery.Delivery;
import io.switchboard.sharding.trace.Trace;
import java.util.Optional;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a stanza goes inside one account: from the user's own client (RFC 6120 §10, RFC 6121 §8.5
 * for the user's own JIDs) and from anyone to the user (RFC 6121 §8.5.2 bare JID, §8.5.3 full JID).
 * Messages to the user pass through the delivery pipeline, presence through presence and
 * subscriptions, IQs to the bare JID through the registered handlers (by payload namespace).
 * Blocking (XEP-0191) is applied at the account's boundary, both ways. Stateless.
 */
final class StanzaDispatch {
  private static final Logger log = LoggerFactory.getLogger(StanzaDispatch.class);

  // ---------------------------------------------------------------------------------------------
  // From the user's own client

  Outcome fromClient(SessionContext ctx, Account state, String resource, XmlElement fromClient) {
    // The modules' presence stages (XEP-0398's avatar hash) see the user's presence first.
    XmlElement stanza = fromClient.name().equals("presence") ? ctx.modules().ownPresence(state, fromClient) : fromClient;
    String toAttr = stanza.attr("to");
    Jid to = null;
    if (toAttr != null) {
      to = Jids.parse(toAttr).orElse(null);
      if (to == null) {
        Stanzas.errorReply(stanza.withoutAttribute("to"), StanzaError.of(StanzaErrorCondition.JID_MALFORMED))
            .ifPresent(ctx::deliverLocal);
        return Outcome.none();
      }
    }
    boolean toOwnAccount = to == null || to.toString().equals(ctx.bare());
    boolean toOwnResource = !toOwnAccount && to.asBareJid().toString().equals(ctx.bare());
    switch (stanza.name()) {
      case "iq":
        if (toOwnAccount) {
          return ownIq(ctx, state, resource, stanza, to == null);
        }
        return toOwnResource ? toUser(ctx, state, stanza) : outbound(ctx, state, resource, stanza, to);
      case "presence":
        if (to == null) {
          return ctx.presence().onOwn(ctx, state, resource, stanza);
        }
        if (toOwnAccount || toOwnResource) {
          return PresenceType.of(stanza).map(PresenceType::isSubscription).orElse(false)
              ? Outcome.none()
              : toUser(ctx, state, stanza);
        }
        return outbound(ctx, state, resource, stanza, to);
      case "message":
        if (toOwnAccount || toOwnResource) {
          // RFC 6121 §8.1.1.1: no 'to' means the user's own bare JID.
          return toUser(ctx, state, to == null ? stanza.withAttribute("to", ctx.bare()) : stanza);
        }
        return outbound(ctx, state, resource, stanza, to);
      default:
        log.info("{}: dropping unknown stanza <{}/>", ctx.bare(), stanza.name());
        return Outcome.none();
    }
  }

  /** A stanza from the user to someone else (another user, a domain, a remote JID). */
  private Outcome outbound(SessionContext ctx, Account state, String resource, XmlElement stanza, Jid to) {
    boolean presence = stanza.name().equals("presence");
    if (state.isBlocked(to)) {
      // XEP-0191 §3.5: nothing reaches a blocked JID; messages and IQs are told why.
      if (!presence) {
        Stanzas.errorReply(stanza, StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE)
                .withType(StanzaErrorType.CANCEL)
                .withApplicationCondition(XmlElement.of("blocked", Namespaces.BLOCKING_ERRORS)))
            .ifPresent(ctx::deliverLocal);
      }
      return Outcome.none();
    }
    if (presence) {
      PresenceType type = PresenceType.of(stanza).orElse(null);
      if (type != null && type.isSubscription()) {
        return ctx.subscriptions().onOutbound(ctx, state, stanza, to.asBareJid(), type);
      }
      if (type == PresenceType.PROBE) {
        return Outcome.none(); // RFC 6121 §4.3: probes are the server's business.
      }
      ctx.presence().recordDirected(ctx, resource, to, type);
    }
    XmlElement out = stanza.name().equals("message") ? ctx.modules().pipeline().send(ctx, state, resource, stanza) : stanza;
    if (out != null) {
      Receipt receipt = ctx.takeReceipt();
      if (Trace.enabled()) {
        Trace.hop(Trace.of(receipt), null, "{}: <{}/> from {} routed to {}", ctx.bare(), out.name(), resource, to);
      }
      ctx.routing().route(out, receipt);
    }
    return Outcome.none();
  }

  /** An IQ the user sent to its own account: no 'to', or the bare JID. */
  private Outcome ownIq(SessionContext ctx, Account state, String resource, XmlElement iq, boolean noTo) {
    if (!isRequest(iq)) {
      return onResponse(ctx, state, iq); // results to roster pushes, answers to caps queries
    }
    Optional<XmlElement> payload = iq.firstElement();
    if (payload.isEmpty()) {
      Stanzas.errorReply(iq, StanzaErrorCondition.BAD_REQUEST).ifPresent(ctx::deliverLocal);
      return Outcome.none();
    }
    AccountIqHandler.Request request =
        new AccountIqHandler.Request(iq, payload.get(), noTo ? Origin.OWN_NO_TO : Origin.OWN, resource);
    Optional<AccountIqHandler> handler = ctx.modules().accountHandler(request);
    if (handler.isPresent()) {
      return handler.get().handle(ctx, state, request);
    }
    if (noTo) {
      // RFC 6120 §10.3.3: handled by the server on the user's behalf (ping, version, disco).
      ctx.routing().route(iq.withAttribute("to", ctx.domain()));
    } else {
      Stanzas.errorReply(iq, StanzaErrorCondition.SERVICE_UNAVAILABLE).ifPresent(ctx::deliverLocal);
    }
    return Outcome.none();
  }

  // ---------------------------------------------------------------------------------------------
  // To the user, from anyone (RFC 6121 §8.5.2 bare JID, §8.5.3 full JID)

  Outcome toUser(SessionContext ctx, Account state, XmlElement stanza) {
    Jid from = Jids.parse(stanza.attr("from")).orElse(null);
    Jid to = Jids.parse(stanza.attr("to")).orElse(ctx.user());
    boolean fromSelf = from != null && from.asBareJid().toString().equals(ctx.bare());
    if (from != null && !fromSelf && state.isBlocked(from)) {
      // XEP-0191 §3.6: presence is dropped; messages and IQ requests get service-unavailable,
      // which does not tell the sender it is blocked.
      if (!stanza.name().equals("presence")) {
        Stanzas.errorReply(stanza, StanzaError.of(StanzaErrorCondition.SERVICE_UNAVAILABLE))
            .ifPresent(ctx.routing()::route);
      }
      return Outcome.none();
    }
    String resource = to.hasResource() ? to.getResourceOrThrow().toString() : null;
    switch (stanza.name()) {
      case "message":
        ctx.modules().pipeline().deliver(ctx, state, Delivery.of(stanza, resource));
        return Outcome.none();
      case "presence":
        PresenceType type = PresenceType.of(stanza).orElse(null);
        if (type != null && type.isSubscription()) {
          return from == null ? Outcome.none() : ctx.subscriptions().onInbound(ctx, state, stanza, from.asBareJid(), type);
        }
        return ctx.presence().onInbound(ctx, state, stanza, from, resource);
      case "iq":
        return inboundIq(ctx, state, stanza, resource);
      default:
        return Outcome.none();
    }
  }

  private Outcome inboundIq(SessionContext ctx, Account state, XmlElement stanza, String resource) {
    if (resource != null) {
      OnlineResources.Resource r = ctx.resources().get(resource);
      if (r != null) {
        ctx.deliver(r, stanza); // §8.5.3.1
      } else {
        // §8.5.3.2.2
        Stanzas.errorReply(stanza, StanzaError.of(StanzaErrorCondition.SERVICE_UNAVAILABLE))
            .ifPresent(ctx.routing()::route);
      }
      return Outcome.none();
    }
    if (!isRequest(stanza)) {
      return onResponse(ctx, state, stanza);
    }
    // §8.5.2.1.3 / §8.5.2.2.3: an IQ to the bare JID is answered by the account itself.
    Optional<XmlElement> payload = stanza.firstElement();
    if (payload.isEmpty()) {
      Stanzas.errorReply(stanza, StanzaErrorCondition.BAD_REQUEST).ifPresent(ctx.routing()::route);
      return Outcome.none();
    }
    AccountIqHandler.Request request = new AccountIqHandler.Request(stanza, payload.get(), Origin.OTHER, null);
    Optional<AccountIqHandler> handler = ctx.modules().accountHandler(request);
    if (handler.isPresent()) {
      return handler.get().handle(ctx, state, request);
    }
    Stanzas.errorReply(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE).ifPresent(ctx.routing()::route);
    return Outcome.none();
  }

  /** An IQ result or error to the account: to the module that asked, else to PEP (caps queries). */
  private static Outcome onResponse(SessionContext ctx, Account state, XmlElement iq) {
    Optional<io.switchboard.sharding.module.IqResponseHandler> handler = ctx.modules().responseHandler(iq);
    if (handler.isPresent()) {
      return handler.get().onResponse(ctx, state, iq);
    }
    ctx.pep().onIqResponse(iq);
    return Outcome.none();
  }

  private static boolean isRequest(XmlElement iq) {
    return IqType.fromWireName(iq.attr("type")).map(IqType::isRequest).orElse(false);
  }
}
