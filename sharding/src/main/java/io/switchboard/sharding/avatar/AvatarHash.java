package io.switchboard.sharding.avatar;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import io.switchboard.sharding.module.PresenceStage;
import io.switchboard.sharding.session.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * XEP-0398 §4: the server puts the XEP-0153 hash of the user's vCard photo into every available
 * presence the user sends (broadcast and directed, so MUC joins too), so clients need not fetch
 * their own vCard to compute it. A presence with a {@code <photo/>} of its own (empty: "no
 * avatar", or a hash) is left as it is; an {@code <x/>} without one is replaced. A user without a
 * vCard photo: unchanged.
 */
final class AvatarHash implements PresenceStage {

  @Override
  public XmlElement outgoing(Account state, XmlElement presence) {
    if (presence.attr("type") != null) {
      return presence; // only available presence carries the hash
    }
    Optional<XmlElement> x = presence.child("x", Namespaces.VCARD_UPDATE);
    if (x.isPresent() && x.get().child("photo", Namespaces.VCARD_UPDATE).isPresent()) {
      return presence;
    }
    Optional<Avatar> avatar = Avatar.fromVcard(state.vcard());
    if (avatar.isEmpty()) {
      return presence;
    }
    List<XmlNode> kept = new ArrayList<>();
    for (XmlNode n : presence.children()) {
      if (!(n instanceof XmlElement e && e.is("x", Namespaces.VCARD_UPDATE))) {
        kept.add(n);
      }
    }
    kept.add(XmlElement.builder("x", Namespaces.VCARD_UPDATE).textChild("photo", avatar.get().sha1()).build());
    return presence.withChildren(kept);
  }
}
