package io.switchboard.node.server;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * XEP-0115 entity capabilities of the server: the verification string over its disco#info
 * (§5.1: identities "category/type/lang/name<" then features "feature<", each sorted, SHA-1,
 * Base64) and the {@code <c/>} element announcing it.
 */
public final class EntityCaps {
  public static final String NODE = "https://switchboard.invalid/caps";

  private EntityCaps() {}

  public static String verification(List<XmlElement> identities, List<String> features) {
    StringBuilder s = new StringBuilder();
    identities.stream()
        .map(i -> nz(i.attr("category")) + "/" + nz(i.attr("type")) + "/" + nz(i.attr("xml:lang")) + "/" + nz(i.attr("name")))
        .sorted()
        .forEach(i -> s.append(i).append('<'));
    features.stream().sorted().forEach(f -> s.append(f).append('<'));
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(s.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static XmlElement element(String ver) {
    return XmlElement.builder("c", Namespaces.CAPS)
        .attr("hash", "sha-1")
        .attr("node", NODE)
        .attr("ver", ver)
        .build();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
