package io.switchboard.sharding.mam;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sid.StanzaIds;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.MessageIds;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.session.delivery.Delivery;
import io.switchboard.sharding.session.delivery.DeliveryStage;
import io.switchboard.sharding.trace.Trace;
import java.util.UUID;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the messages an account sends and receives to its archive, behind delivery: the message
 * goes on at once and the write runs beside it. Nothing is lost when a node dies before the write
 * lands, by this acknowledgement rule: the write joins the message's {@link Receipt} (the archive
 * is added to those the receipt waits for), and the sending connection forgets the message only
 * when it was delivered <em>and</em> the archive confirmed the write. A message whose write never
 * landed is therefore sent again, and written again under the same id (the receipt's, chosen once
 * by the sending connection), which is the same row: every message is in the archive exactly
 * once. A message with no receipt (from a component or the HTTP API) is written with a new id and
 * nobody waits for it.
 *
 * <p>Two stages: {@link #received()} for messages to the account (XEP-0359: a stanza-id by the
 * account is stripped from every incoming message, and stamped on those archived) and
 * {@link #sent()} for messages the account's clients send (not stamped: the id goes only to the
 * user's own resources, see {@link Delivery#archivedAs()}). Stateless; shared by every entity.
 */
final class ArchiveWriter {
  private static final Logger log = LoggerFactory.getLogger(ArchiveWriter.class);

  private final MessageArchive archive;
  private final MamSettings settings;

  ArchiveWriter(MessageArchive archive, MamSettings settings) {
    this.archive = archive;
    this.settings = settings;
  }

  DeliveryStage received() {
    return new DeliveryStage() {
      @Override
      public Phase phase() {
        return Phase.RECEIVED;
      }

      @Override
      public Delivery apply(SessionContext ctx, Account state, Delivery d) {
        XmlElement m = StanzaIds.withoutStanzaIdsBy(d.stanza(), ctx.bare());
        Jid from = Jids.parse(m.attr("from")).orElse(null);
        if (from == null || !ArchivePolicy.archivable(m) || !archives(ctx, state, from)) {
          return m == d.stanza() ? d : d.withStanza(m);
        }
        UUID id = write(ctx, m, from, false);
        return d.withStanza(m.withChild(StanzaIds.stanzaId(id.toString(), ctx.bare())));
      }
    };
  }

  DeliveryStage sent() {
    return new DeliveryStage() {
      @Override
      public Phase phase() {
        return Phase.SENT;
      }

      @Override
      public Delivery apply(SessionContext ctx, Account state, Delivery d) {
        XmlElement m = d.stanza();
        Jid to = Jids.parse(m.attr("to")).orElse(null);
        if (to == null || !ArchivePolicy.archivable(m) || !archives(ctx, state, to)) {
          return d;
        }
        return d.withArchivedAs(write(ctx, m, to, true).toString());
      }
    };
  }

  /** XEP-0441 with the server's default for accounts that set no preferences. */
  private boolean archives(SessionContext ctx, Account state, Jid counterpart) {
    MamPreferences prefs = state.mamPreferences() != null
        ? state.mamPreferences() : MamPreferences.of(settings.defaultPreference());
    return prefs.archives(counterpart, j -> state.rosterItems().containsKey(j.toString()));
  }

  /** Starts the write and joins it to the current receipt; returns the message's id. */
  private UUID write(SessionContext ctx, XmlElement message, Jid counterpart, boolean outgoing) {
    Receipt receipt = ctx.peekReceipt();
    UUID id = receipt != null && receipt.id() != null ? receipt.id() : MessageIds.next(ctx.clock().millis());
    String owner = ctx.bare();
    if (receipt != null) {
      ctx.replaceReceipt(receipt.withArchive(owner));
    }
    ArchiveEntry entry = new ArchiveEntry(id, MessageIds.instantOf(id), counterpart.asBareJid().toString(), outgoing,
        message);
    archive.append(ctx.user(), entry).whenComplete((ok, failure) -> {
      if (failure != null) {
        // Not confirmed: the sender's connection sends the message again, and it is written then.
        Trace.logged(Trace.of(receipt), null,
            () -> log.warn("{}: archiving message {} failed: {}", owner, id, failure.toString()));
      } else {
        if (Trace.enabled()) {
          Trace.hop(Trace.of(receipt), null, "{}: archived as {}", owner, id);
        }
        if (receipt != null) {
          receipt.archived(owner);
        }
      }
    });
    return id;
  }
}
