package io.switchboard.node.stream;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.BindResult;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.ResourceRecord;
import io.switchboard.sharding.session.ResumeResult;
import io.switchboard.sharding.session.sm.SmTicket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.pekko.actor.typed.ActorRef;
import org.jxmpp.jid.EntityFullJid;

/**
 * The cluster as a {@link ClientStream} test sees it: binds succeed (or are refused with
 * {@link #refuseBind}), resumptions fail unless {@link #resumeWith} is set, and everything else is
 * recorded as text in {@link #calls}; stanzas from the client are acknowledged at once, or kept
 * in {@link #heldReceipts} unacknowledged while {@link #holdReceipts} is set (a slow cluster).
 */
final class FakeGateway implements SessionGateway {
  final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
  final BlockingQueue<ActorRef<ConnectionMessage>> connections = new LinkedBlockingQueue<>();
  volatile String refuseBind;
  volatile ResumeResult resumeWith = ResumeResult.Failed.INSTANCE;
  volatile boolean holdReceipts;
  final BlockingQueue<Receipt> heldReceipts = new LinkedBlockingQueue<>();

  @Override
  public CompletionStage<BindResult> bind(EntityFullJid jid, ActorRef<ConnectionMessage> connection,
      java.time.Instant accountCreatedAt, Duration timeout) {
    calls.add("bind " + jid);
    connections.add(connection);
    return CompletableFuture.completedFuture(refuseBind != null ? new BindResult.Refused(refuseBind) : new BindResult.Bound(jid));
  }

  @Override
  public CompletionStage<ResumeResult> resume(EntityFullJid jid, String token, long clientH, Duration resumeFor,
      ActorRef<ConnectionMessage> connection, Duration timeout) {
    calls.add("resume " + jid + " " + token + " " + clientH);
    return CompletableFuture.completedFuture(resumeWith);
  }

  @Override
  public void route(XmlElement stanza, Receipt receipt) {
    calls.add("route " + stanza.toXml());
    Receipt.ack(receipt);
  }

  @Override
  public void fromClient(EntityFullJid sender, XmlElement stanza, Receipt receipt) {
    // Acknowledged before it is recorded: a test that waits for the call then finds the
    // acknowledgement ahead of whatever it sends the connection next.
    if (holdReceipts) {
      heldReceipts.add(receipt);
    } else {
      Receipt.ack(receipt);
    }
    calls.add("fromClient " + sender + " " + stanza.toXml());
  }

  @Override
  public CompletionStage<BindResult> reattach(EntityFullJid jid, ActorRef<ConnectionMessage> connection,
      ResourceRecord record, SmTicket ticket, Duration timeout) {
    calls.add("reattach " + jid + " " + record + (ticket == null ? "" : " ticket " + ticket.token()));
    return CompletableFuture.completedFuture(new BindResult.Bound(jid));
  }

  @Override
  public void streamManagementEnabled(EntityFullJid jid, ActorRef<ConnectionMessage> connection, SmTicket ticket) {
    calls.add("smEnabled " + jid);
  }

  @Override
  public void park(EntityFullJid jid, ActorRef<ConnectionMessage> connection, long ackedBase, List<XmlElement> unacked,
      List<Receipt> receipts) {
    calls.add("park " + jid + " " + unacked.size());
    connection.tell(ConnectionMessage.ParkAccepted.INSTANCE);
  }

  @Override
  public void unbind(EntityFullJid jid, ActorRef<ConnectionMessage> connection) {
    calls.add("unbind " + jid);
  }
}
