package io.switchboard.sharding.avatar;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One avatar image as XEP-0398 converts it between its two homes: the {@code PHOTO} of a
 * vcard-temp (XEP-0054/XEP-0153: {@code TYPE} and base64 {@code BINVAL}) and the two PEP nodes of
 * XEP-0084 (the data item, keyed by the SHA-1 of the image, and the metadata {@code <info/>}).
 * Pure.
 *
 * @param type the image's media type ({@code image/png} when the vCard names none)
 * @param base64 the image, base64 as both XEPs carry it (whitespace removed)
 * @param sha1 the hex SHA-1 of the decoded image: the XEP-0084 item id and the XEP-0153 hash
 * @param bytes the decoded image's size
 */
public record Avatar(String type, String base64, String sha1, int bytes) {
  private static final String VCARD = Namespaces.VCARD_TEMP;

  /** The avatar of {@code type} whose image is {@code base64}; empty when it is not base64 or empty. */
  public static Optional<Avatar> of(String type, String base64) {
    String clean = base64 == null ? "" : base64.replaceAll("\\s+", "");
    byte[] image;
    try {
      image = Base64.getDecoder().decode(clean);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    if (image.length == 0) {
      return Optional.empty();
    }
    String media = type == null || type.isBlank() ? "image/png" : type.strip();
    return Optional.of(new Avatar(media, clean, sha1(image), image.length));
  }

  /** The avatar in {@code vcard}'s {@code PHOTO} (null vCard: none); an external {@code EXTVAL} photo is none. */
  public static Optional<Avatar> fromVcard(XmlElement vcard) {
    if (vcard == null) {
      return Optional.empty();
    }
    return vcard.child("PHOTO", VCARD).flatMap(photo -> photo.child("BINVAL", VCARD)
        .flatMap(bin -> of(photo.child("TYPE", VCARD).map(XmlElement::text).orElse(null), bin.text())));
  }

  /** {@code vcard} (null: an empty one) with its {@code PHOTO} replaced by {@code avatar}, or removed when null. */
  public static XmlElement intoVcard(XmlElement vcard, Avatar avatar) {
    XmlElement base = vcard != null ? vcard : XmlElement.of("vCard", VCARD);
    List<XmlNode> kept = new ArrayList<>();
    for (XmlNode n : base.children()) {
      if (!(n instanceof XmlElement e && e.is("PHOTO", VCARD))) {
        kept.add(n);
      }
    }
    if (avatar != null) {
      kept.add(XmlElement.builder("PHOTO", VCARD).textChild("TYPE", avatar.type()).textChild("BINVAL", avatar.base64())
          .build());
    }
    return base.withChildren(kept);
  }

  /** The XEP-0084 data item's payload. */
  public XmlElement dataPayload() {
    return XmlElement.builder("data", Namespaces.AVATAR_DATA).text(base64).build();
  }

  /** The XEP-0084 metadata item's payload, announcing this image (no avatar: {@link #noMetadata}). */
  public XmlElement metadataPayload() {
    return XmlElement.builder("metadata", Namespaces.AVATAR_METADATA)
        .child(XmlElement.builder("info", Namespaces.AVATAR_METADATA).attr("id", sha1).attr("type", type)
            .attr("bytes", Integer.toString(bytes)))
        .build();
  }

  /** XEP-0084 §4.2: the metadata that says the avatar was removed. */
  public static XmlElement noMetadata() {
    return XmlElement.of("metadata", Namespaces.AVATAR_METADATA);
  }

  /**
   * The image a XEP-0084 metadata payload announces for conversion: the {@code <info/>} stored in
   * PEP (no {@code url}), as id and type; empty for a metadata without one (the avatar removed).
   */
  public static Optional<Info> infoOf(XmlElement metadata) {
    for (XmlElement info : metadata.elements("info", Namespaces.AVATAR_METADATA)) {
      if (info.attr("url") == null && info.attr("id") != null) {
        return Optional.of(new Info(info.attr("id"), info.attr("type")));
      }
    }
    return Optional.empty();
  }

  /** A metadata {@code <info/>}: the data item's id and the image's type. */
  public record Info(String id, String type) {}

  static String sha1(byte[] image) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(image));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "Avatar[" + type + ", " + bytes + " bytes, sha1 " + sha1 + "]";
  }
}
