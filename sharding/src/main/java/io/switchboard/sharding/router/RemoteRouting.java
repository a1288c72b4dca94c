package io.switchboard.sharding.router;

import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.StanzaRouting;

/**
 * Where the {@link Router} sends a stanza whose {@code to} is at none of the domains this cluster
 * answers (not its domain, a service domain or a component): the hook federation (s2s) registers
 * in {@link Services#registerRemote}. Without one, {@link #UNREACHABLE} answers messages, IQ
 * requests and subscription requests with {@code remote-server-not-found} and drops the rest.
 */
public interface RemoteRouting {

  /**
   * Takes a stanza for another domain, with final {@code from} and {@code to}. {@code receipt}
   * (null for none) must be acknowledged once the stanza is safe (stored where a node crash does
   * not lose it) or answered with an error; {@code replies} carries error answers back.
   */
  void route(XmlElement stanza, Receipt receipt, StanzaRouting replies);

  /** No federation: every remote domain is unreachable. */
  RemoteRouting UNREACHABLE = (stanza, receipt, replies) -> {
    boolean presence = stanza.name().equals("presence");
    if ((!presence || PresenceType.of(stanza).orElse(null) == PresenceType.SUBSCRIBE) && stanza.attr("from") != null) {
      Stanzas.errorReply(stanza, StanzaError.of(StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND)).ifPresent(replies::route);
    }
    Receipt.ack(receipt);
  };
}
