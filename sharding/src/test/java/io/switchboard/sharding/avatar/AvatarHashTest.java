package io.switchboard.sharding.avatar;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.vcard.VcardStored;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AvatarHashTest {
  private static final String B64 = Base64.getEncoder().encodeToString(new byte[] {9, 8, 7, 6});
  private final AvatarHash stage = new AvatarHash();
  private final Account withPhoto = Account.EMPTY.apply(new VcardStored(Avatar.intoVcard(null,
      Avatar.of("image/png", B64).orElseThrow())));
  private final String hash = Avatar.of("image/png", B64).orElseThrow().sha1();

  private static XmlElement presence(XmlElement... children) {
    XmlElement.Builder b = XmlElement.builder("presence", Namespaces.JABBER_CLIENT);
    for (XmlElement c : children) {
      b.child(c);
    }
    return b.build();
  }

  private static String photoOf(XmlElement p) {
    return p.child("x", Namespaces.VCARD_UPDATE).flatMap(x -> x.child("photo", Namespaces.VCARD_UPDATE))
        .map(XmlElement::text).orElse(null);
  }

  @Test
  void availablePresence_getsTheHash_anEmptyXIsReplaced() {
    assertThat(photoOf(stage.outgoing(withPhoto, presence()))).isEqualTo(hash);
    XmlElement out = stage.outgoing(withPhoto, presence(XmlElement.of("x", Namespaces.VCARD_UPDATE)));
    assertThat(out.elements("x", Namespaces.VCARD_UPDATE)).hasSize(1);
    assertThat(photoOf(out)).isEqualTo(hash);
  }

  @Test
  void aPhotoOfTheClients_unavailable_orNoVcardPhoto_leftAlone() {
    XmlElement empty = presence(XmlElement.builder("x", Namespaces.VCARD_UPDATE)
        .child(XmlElement.of("photo", Namespaces.VCARD_UPDATE)).build());
    assertThat(stage.outgoing(withPhoto, empty)).isEqualTo(empty);
    XmlElement gone = XmlElement.builder("presence", Namespaces.JABBER_CLIENT).attr("type", "unavailable").build();
    assertThat(stage.outgoing(withPhoto, gone)).isEqualTo(gone);
    assertThat(stage.outgoing(Account.EMPTY, presence())).isEqualTo(presence());
  }
}
