package io.switchboard.protocol.sasl2;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.sasl.SaslFailureCondition;
import io.switchboard.protocol.sasl.SaslPayloads;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The server's elements of XEP-0388, XEP-0386 and XEP-0484, as they go on the wire. */
public final class Sasl2Elements {
  private Sasl2Elements() {}

  /**
   * XEP-0388 §2.1 stream feature: the mechanisms, and in {@code <inline/>} what may ride along
   * (Bind2 with XEP-0198 inside it, XEP-0198 resumption, FAST with its token mechanisms).
   */
  public static XmlElement feature(List<String> mechanisms, boolean streamManagement, List<String> fastMechanisms) {
    XmlElement.Builder f = XmlElement.builder("authentication", Sasl2.NAMESPACE);
    for (String m : mechanisms) {
      f.child(XmlElement.builder("mechanism", Sasl2.NAMESPACE).text(m));
    }
    XmlElement.Builder inline = XmlElement.builder("inline", Sasl2.NAMESPACE);
    XmlElement.Builder bindInline = XmlElement.builder("inline", Sasl2.BIND2);
    if (streamManagement) {
      bindInline.child(XmlElement.builder("feature", Sasl2.BIND2).attr("var", Namespaces.STREAM_MANAGEMENT));
    }
    inline.child(XmlElement.builder("bind", Sasl2.BIND2).child(bindInline));
    if (streamManagement) {
      inline.child(XmlElement.of("sm", Namespaces.STREAM_MANAGEMENT));
    }
    if (!fastMechanisms.isEmpty()) {
      XmlElement.Builder fast = XmlElement.builder("fast", Sasl2.FAST);
      fastMechanisms.forEach(m -> fast.child(XmlElement.builder("mechanism", Sasl2.FAST).text(m)));
      inline.child(fast);
    }
    return f.child(inline).build();
  }

  /** XEP-0388 §2.4. */
  public static XmlElement challenge(byte[] data) {
    return XmlElement.builder("challenge", Sasl2.NAMESPACE).text(SaslPayloads.encode(data)).build();
  }

  /** XEP-0388 §2.6: the condition is one of RFC 6120 §6.5, in its namespace. */
  public static XmlElement failure(SaslFailureCondition condition, String text) {
    XmlElement.Builder b = XmlElement.builder("failure", Sasl2.NAMESPACE)
        .child(XmlElement.of(condition.elementName(), Namespaces.SASL));
    if (text != null) {
      b.child(XmlElement.builder("text", Sasl2.NAMESPACE).attr("xml:lang", "en").text(text));
    }
    return b.build();
  }

  /**
   * XEP-0388 §2.5: {@code <success/>} with the mechanism's additional data (if any), the
   * authorised identity (the full JID once bound) and the inline results.
   */
  public static XmlElement success(byte[] additionalData, String authorizationIdentifier, List<XmlElement> inline) {
    XmlElement.Builder b = XmlElement.builder("success", Sasl2.NAMESPACE);
    if (additionalData.length > 0) {
      b.child(XmlElement.builder("additional-data", Sasl2.NAMESPACE).text(SaslPayloads.encode(additionalData)));
    }
    b.child(XmlElement.builder("authorization-identifier", Sasl2.NAMESPACE).text(authorizationIdentifier));
    inline.forEach(b::child);
    return b.build();
  }

  /** XEP-0386 §3: {@code <bound/>} with what was enabled inline (XEP-0198's {@code <enabled/>}). */
  public static XmlElement bound(List<XmlElement> enabled) {
    return XmlElement.builder("bound", Sasl2.BIND2).children(enabled).build();
  }

  /** XEP-0484 §3.2: a new token and its expiry (XEP-0082 date-time, seconds). */
  public static XmlElement token(String token, Instant expiry) {
    return XmlElement.builder("token", Sasl2.FAST)
        .attr("expiry", expiry.truncatedTo(ChronoUnit.SECONDS).toString())
        .attr("token", token)
        .build();
  }
}
