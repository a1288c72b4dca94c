package io.switchboard.node.stream;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.router.Router;
import io.switchboard.sharding.session.BindResult;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.ResourceRecord;
import io.switchboard.sharding.session.ResumeResult;
import io.switchboard.sharding.session.sm.SmTicket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.jxmpp.jid.EntityFullJid;

/**
 * What a client stream and its {@link ConnectionActor} say to the cluster: bind and resume a
 * resource, hand on what the client sends, re-attach, park, unbind (the {@link Router}'s session
 * operations), and route a stanza anywhere. An interface so the stream and the actor can be tested
 * alone.
 */
public interface SessionGateway {

  CompletionStage<BindResult> bind(EntityFullJid jid, ActorRef<ConnectionMessage> connection,
      java.time.Instant accountCreatedAt, Duration timeout);

  CompletionStage<ResumeResult> resume(EntityFullJid jid, String token, long clientH, Duration resumeFor,
      ActorRef<ConnectionMessage> connection, Duration timeout);

  /** Routes a stanza whose {@code from} is final, with its receipt (see {@link Router#route(XmlElement, Receipt)}). */
  void route(XmlElement stanza, Receipt receipt);

  void fromClient(EntityFullJid sender, XmlElement stanza, Receipt receipt);

  CompletionStage<BindResult> reattach(EntityFullJid jid, ActorRef<ConnectionMessage> connection,
      ResourceRecord record, SmTicket ticket, Duration timeout);

  void streamManagementEnabled(EntityFullJid jid, ActorRef<ConnectionMessage> connection, SmTicket ticket);

  void park(EntityFullJid jid, ActorRef<ConnectionMessage> connection, long ackedBase, List<XmlElement> unacked,
      List<Receipt> receipts);

  void unbind(EntityFullJid jid, ActorRef<ConnectionMessage> connection);

  /** The gateway through the node's Router. */
  static SessionGateway of(Router router) {
    return new SessionGateway() {
      @Override
      public CompletionStage<BindResult> bind(EntityFullJid jid, ActorRef<ConnectionMessage> connection,
          java.time.Instant accountCreatedAt, Duration timeout) {
        return router.bind(jid, connection, accountCreatedAt, timeout);
      }

      @Override
      public CompletionStage<ResumeResult> resume(EntityFullJid jid, String token, long clientH, Duration resumeFor,
          ActorRef<ConnectionMessage> connection, Duration timeout) {
        return router.resume(jid, token, clientH, resumeFor, connection, timeout);
      }

      @Override
      public void route(XmlElement stanza, Receipt receipt) {
        router.route(stanza, receipt);
      }

      @Override
      public void fromClient(EntityFullJid sender, XmlElement stanza, Receipt receipt) {
        router.fromClient(sender, stanza, receipt);
      }

      @Override
      public CompletionStage<BindResult> reattach(EntityFullJid jid, ActorRef<ConnectionMessage> connection,
          ResourceRecord record, SmTicket ticket, Duration timeout) {
        return router.reattach(jid, connection, record, ticket, timeout);
      }

      @Override
      public void streamManagementEnabled(EntityFullJid jid, ActorRef<ConnectionMessage> connection, SmTicket ticket) {
        router.streamManagementEnabled(jid, connection, ticket);
      }

      @Override
      public void park(EntityFullJid jid, ActorRef<ConnectionMessage> connection, long ackedBase,
          List<XmlElement> unacked, List<Receipt> receipts) {
        router.park(jid, connection, ackedBase, unacked, receipts);
      }

      @Override
      public void unbind(EntityFullJid jid, ActorRef<ConnectionMessage> connection) {
        router.unbind(jid, connection);
      }
    };
  }
}
