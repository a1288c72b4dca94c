package io.switchboard.sharding.avatar;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pep.PepClient;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.vcard.VcardStored;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0398 §4: the owner stores a vCard (as {@code vcard/VcardIq} would), and when its
 * {@code PHOTO} changed, the server publishes it to XEP-0084 PEP: the data item, then the metadata
 * that points at it (or an empty metadata when the photo was removed), so clients that only read
 * PEP avatars see it. The client's answer is sent once the vCard is journaled, before the publish.
 */
final class VcardAvatars implements AccountIqHandler {
  private static final Logger log = LoggerFactory.getLogger(VcardAvatars.class);

  private final PepClient pep;

  VcardAvatars(PepClient pep) {
    this.pep = pep;
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.VCARD_TEMP);
  }

  @Override
  public boolean accepts(Request request) {
    return request.fromOwner() && !request.isGet() && request.payload().is("vCard", Namespaces.VCARD_TEMP);
  }

  @Override
  public java.util.List<String> accountFeatures() {
    return java.util.List.of(Namespaces.PEP_VCARD_CONVERSION);
  }

  @Override
  public Outcome handle(SessionContext ctx, Account state, Request request) {
    Optional<Avatar> before = Avatar.fromVcard(state.vcard());
    Optional<Avatar> after = Avatar.fromVcard(request.payload());
    EntityBareJid owner = ctx.user();
    return Outcome.persist(new VcardStored(request.payload())).then(() -> {
      ctx.deliverLocal(Stanzas.iqResult(request.iq()));
      if (!Objects.equals(before.map(Avatar::sha1), after.map(Avatar::sha1))) {
        publish(owner, after.orElse(null)).whenComplete((v, failure) -> {
          if (failure != null) {
            log.warn("{}: publishing the vCard photo to PEP failed: {}", owner, failure.toString());
          }
        });
      }
    });
  }

  /** Publishes {@code avatar} (null: removed) to the two XEP-0084 nodes, data first. */
  CompletionStage<Void> publish(EntityBareJid owner, Avatar avatar) {
    if (avatar == null) {
      return pep.publish(owner, Namespaces.AVATAR_METADATA, "current", Avatar.noMetadata(), Map.of());
    }
    return pep.publish(owner, Namespaces.AVATAR_DATA, avatar.sha1(), avatar.dataPayload(), Map.of())
        .thenCompose(v -> pep.publish(owner, Namespaces.AVATAR_METADATA, avatar.sha1(), avatar.metadataPayload(),
            Map.of()));
  }
}
