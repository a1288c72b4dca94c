package io.switchboard.sharding.avatar;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AvatarTest {
  private static final byte[] IMAGE = "not really a png, but bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final String B64 = Base64.getEncoder().encodeToString(IMAGE);

  private static XmlElement vcard(String type, String binval) {
    XmlElement.Builder photo = XmlElement.builder("PHOTO", Namespaces.VCARD_TEMP);
    if (type != null) {
      photo.textChild("TYPE", type);
    }
    return XmlElement.builder("vCard", Namespaces.VCARD_TEMP).textChild("FN", "Alice")
        .child(photo.textChild("BINVAL", binval)).build();
  }

  @Test
  void fromVcard_hashOfTheDecodedImage_whitespaceIgnored_typeDefaultsToPng() {
    Avatar a = Avatar.fromVcard(vcard(null, B64.substring(0, 8) + "\n  " + B64.substring(8))).orElseThrow();
    assertThat(a.sha1()).isEqualTo(Avatar.sha1(IMAGE)).hasSize(40);
    assertThat(a.bytes()).isEqualTo(IMAGE.length);
    assertThat(a.type()).isEqualTo("image/png");
    assertThat(a.base64()).isEqualTo(B64);
  }

  @Test
  void fromVcard_noPhotoOrNotBase64_none() {
    assertThat(Avatar.fromVcard(null)).isEmpty();
    assertThat(Avatar.fromVcard(XmlElement.of("vCard", Namespaces.VCARD_TEMP))).isEmpty();
    assertThat(Avatar.fromVcard(vcard("image/png", "%%% not base64"))).isEmpty();
  }

  @Test
  void intoVcard_replacesOnlyThePhoto_andRemovesIt() {
    Avatar a = Avatar.of("image/jpeg", B64).orElseThrow();
    XmlElement withNew = Avatar.intoVcard(vcard("image/png", Base64.getEncoder().encodeToString(new byte[] {1, 2})), a);
    assertThat(withNew.child("FN", Namespaces.VCARD_TEMP).orElseThrow().text()).isEqualTo("Alice");
    assertThat(withNew.elements("PHOTO", Namespaces.VCARD_TEMP)).hasSize(1);
    assertThat(Avatar.fromVcard(withNew)).contains(a);
    XmlElement removed = Avatar.intoVcard(withNew, null);
    assertThat(removed.child("PHOTO", Namespaces.VCARD_TEMP)).isEmpty();
    assertThat(removed.child("FN", Namespaces.VCARD_TEMP)).isPresent();
    assertThat(Avatar.fromVcard(Avatar.intoVcard(null, a))).contains(a);
  }

  @Test
  void pepPayloads_dataAndMetadata_infoSkipsUrls() {
    Avatar a = Avatar.of("image/png", B64).orElseThrow();
    assertThat(a.dataPayload().text()).isEqualTo(B64);
    XmlElement meta = XmlElement.builder("metadata", Namespaces.AVATAR_METADATA)
        .child(XmlElement.builder("info", Namespaces.AVATAR_METADATA).attr("id", "elsewhere").attr("url", "https://x/y"))
        .child(a.metadataPayload().elements("info", Namespaces.AVATAR_METADATA).get(0))
        .build();
    assertThat(Avatar.infoOf(meta)).contains(new Avatar.Info(a.sha1(), "image/png"));
    assertThat(Avatar.infoOf(Avatar.noMetadata())).isEmpty();
    assertThat(a.metadataPayload().elements().get(0).attr("bytes")).isEqualTo(Integer.toString(IMAGE.length));
  }
}
