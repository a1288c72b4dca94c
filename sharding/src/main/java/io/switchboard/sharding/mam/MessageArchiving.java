package io.switchboard.sharding.mam;

import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.delivery.DeliveryStage;
import java.util.List;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0313 message archive management for accounts, with XEP-0359 stanza-ids and XEP-0441
 * preferences: the archive's stages in message delivery ({@link ArchiveWriter}) and its IQs
 * ({@link MamIq}). Registered only when {@code switchboard.mam.enabled}; then every account's
 * disco#info announces {@code urn:xmpp:mam:2}, its {@code #extended} features and
 * {@code urn:xmpp:sid:0}.
 */
public final class MessageArchiving implements Module {
  private static final Logger log = LoggerFactory.getLogger(MessageArchiving.class);

  private final MessageArchive archive;
  private final ArchiveWriter writer;
  private final MamIq iq;

  public MessageArchiving(MessageArchive archive, MamSettings settings) {
    this.archive = archive;
    this.writer = new ArchiveWriter(archive, settings);
    this.iq = new MamIq(archive, settings);
  }

  @Override
  public String name() {
    return "XEP-0313 message archive (XEP-0359 stanza-ids, XEP-0441 preferences)";
  }

  @Override
  public List<AccountIqHandler> accountIq() {
    return List.of(iq);
  }

  @Override
  public List<DeliveryStage> deliveryStages() {
    return List.of(writer.received(), writer.sent());
  }

  @Override
  public void accountRemoved(EntityBareJid user) {
    archive.deleteAll(user).whenComplete((ok, failure) -> {
      if (failure != null) {
        log.warn("{}: deleting the archive failed: {}", user, failure.toString());
      }
    });
  }
}
