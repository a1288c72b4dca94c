package io.switchboard.node.metrics;

import org.jivesoftware.smack.packet.Nonza;
import org.jivesoftware.smack.packet.XmlEnvironment;

/** Bytes Smack writes as they are (to send what no client library would). */
final class RawNonza {
  private RawNonza() {}

  static Nonza of(String xml) {
    return new Nonza() {
      @Override
      public String getNamespace() {
        return "jabber:client";
      }

      @Override
      public String getElementName() {
        return "raw";
      }

      @Override
      public CharSequence toXML(XmlEnvironment env) {
        return xml;
      }
    };
  }
}
