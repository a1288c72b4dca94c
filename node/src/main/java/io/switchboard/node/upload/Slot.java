package io.switchboard.node.upload;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;

/**
 * A granted slot: a random id and the signed PUT and GET URLs (XEP-0363 §4). The file name is the
 * requested one made safe ({@link FileNames}).
 */
record Slot(String id, String filename, String putUrl, String getUrl) {
  private static final Base64.Encoder ID = Base64.getUrlEncoder().withoutPadding();

  /** The {@code <slot/>} of the IQ result. */
  XmlElement toElement() {
    return XmlElement.builder("slot", Namespaces.HTTP_UPLOAD)
        .child(XmlElement.builder("put", Namespaces.HTTP_UPLOAD).attr("url", putUrl))
        .child(XmlElement.builder("get", Namespaces.HTTP_UPLOAD).attr("url", getUrl))
        .build();
  }

  /** A fresh id: 128 random bits (XEP-0363 §8: long random paths nobody can guess). */
  static String newId(Random random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return ID.encodeToString(b);
  }

  /** Issues a slot for {@code request} by {@code owner} at {@code now}. */
  static Slot issue(SlotRequest.Valid request, String owner, Instant now, UploadSettings settings,
      UploadSigner signer, SecureRandom random) {
    String id = newId(random);
    String name = FileNames.sanitize(request.filename());
    Instant getExpires = now.plus(settings.retention());
    Instant putExpires = now.plus(settings.slotValidity());
    String path = settings.publicUrl() + "/upload/" + id + "/" + FileNames.encode(name);
    String token = signer.putToken(id, name,
        new UploadSigner.PutGrant(owner, request.size(), request.contentType(), putExpires, getExpires));
    String get = path + "?e=" + getExpires.getEpochSecond() + "&s=" + signer.getSignature(id, name, getExpires);
    return new Slot(id, name, path + "?token=" + token, get);
  }
}
