package io.switchboard.sharding.avatar;

import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.module.PresenceStage;
import io.switchboard.sharding.pep.PepClient;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.session.AccountIqHandler;
import java.util.List;

/**
 * XEP-0398 user avatar to vCard-based avatar conversion: an avatar set through either storage
 * appears in the other. A vCard {@code PHOTO} the owner stores is published to the XEP-0084 PEP
 * nodes ({@link VcardAvatars}); XEP-0084 metadata the owner publishes becomes the vCard's
 * {@code PHOTO} ({@link PepAvatars}); the user's available presences carry the photo's XEP-0153
 * hash ({@link AvatarHash}). The account announces {@code urn:xmpp:pep-vcard-conversion:0}.
 * Register before {@code VcardIq} and PEP (it takes their vCard sets and metadata publishes).
 */
public final class AvatarConversion implements Module {
  private final List<AccountIqHandler> handlers;

  public AvatarConversion(PepHandler pep) {
    PepClient client = new PepClient(pep);
    this.handlers = pep.features().isEmpty() ? List.of()
        : List.of(new VcardAvatars(client), new PepAvatars(pep, client));
  }

  /** The hash goes into presences even without PEP: the vCard photo is there either way. */
  @Override
  public List<PresenceStage> presenceStages() {
    return List.of(new AvatarHash());
  }

  @Override
  public String name() {
    return "XEP-0398 avatar conversion between vCard and PEP";
  }

  /** Nothing without a PEP service: vCards are then stored as they are. */
  @Override
  public List<AccountIqHandler> accountIq() {
    return handlers;
  }
}
