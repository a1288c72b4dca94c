package io.switchboard.protocol.sasl2;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.sm.Enable;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;

/**
 * XEP-0386 §3: {@code <bind xmlns='urn:xmpp:bind:0'><tag/>...</bind>} inside SASL2's
 * {@code <authenticate/>}: the client's tag (the start of its resource) and whether it asks XEP-0198
 * enabled inline. Other inline enables (XEP-0280 carbons) are not offered, so they are ignored.
 */
public record BindRequest(Optional<String> tag, Optional<Enable> streamManagement) {
  public static final String ELEMENT = "bind";

  public static BindRequest parse(XmlElement bind) {
    Optional<String> tag = bind.childText("tag", Sasl2.BIND2).map(String::trim).filter(t -> !t.isEmpty());
    Optional<Enable> sm = bind.child("enable", Namespaces.STREAM_MANAGEMENT).flatMap(Enable::parse);
    return new BindRequest(tag, sm);
  }
}
