package io.switchboard.node.testing;

import org.jivesoftware.smack.packet.Nonza;
import org.jivesoftware.smack.packet.XmlEnvironment;

/** Bytes Smack writes as they are (to send what no client library would). */
public final class RawNonza {
  private RawNonza() {}

  public static Nonza of(String xml) {
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
