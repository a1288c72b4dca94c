package io.switchboard.node.stream;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.sasl.ChannelBindings;
import io.switchboard.protocol.sasl2.Sasl2Elements;
import io.switchboard.protocol.xml.XmlElement;

/**
 * The {@code <stream:features/>} a client stream offers at each step (RFC 6120 §4.3.2): before
 * authentication STARTTLS (required by default) and, once TLS is on or not required, the SASL
 * mechanisms (the -PLUS ones and XEP-0440's channel binding types where the connection can bind)
 * and XEP-0077 registration with XEP-0445 invitations; after authentication resource binding, the RFC 3921
 * session (optional), XEP-0198 and roster versioning. The server's XEP-0115 caps go with both.
 */
final class StreamFeatures {
  private StreamFeatures() {}

  static XmlElement of(ClientStream stream) {
    StreamServices services = stream.services;
    StreamTransport transport = stream.transport;
    XmlElement.Builder f = XmlElement.builder("features", Namespaces.STREAMS);
    if (stream.user() == null) {
      if (!transport.isSecure() && transport.canStartTls()) {
        XmlElement.Builder starttls = XmlElement.builder("starttls", Namespaces.TLS);
        if (services.tlsRequired()) {
          starttls.child(XmlElement.of("required", Namespaces.TLS));
        }
        f.child(starttls);
      }
      if (stream.mayRegisterOrAuthenticate()) {
        ChannelBindings bindings = transport.channelBindings();
        f.child(services.sasl().feature(transport.isSecure(), bindings));
        // XEP-0388 SASL2 with XEP-0386 Bind2, XEP-0198 and XEP-0484 FAST inline.
        // FAST only over TLS: HT-*-NONE binds nothing, so its message could be replayed in the clear.
        f.child(Sasl2Elements.feature(services.sasl().offered(transport.isSecure(), bindings), true,
            transport.isSecure() ? services.fast().mechanisms() : java.util.List.of()));
        services.sasl().channelBindingFeature(bindings).ifPresent(f::child);
        if (services.registration().offered()) {
          f.child(XmlElement.of("register", Namespaces.REGISTER_FEATURE));
          f.child(XmlElement.of("register", Namespaces.IBR_TOKEN_FEATURE));
        }
      }
    } else {
      f.child(XmlElement.of("bind", Namespaces.BIND));
      f.child(XmlElement.builder("session", Namespaces.SESSION).child(XmlElement.of("optional", Namespaces.SESSION)));
      f.child(XmlElement.of("sm", Namespaces.STREAM_MANAGEMENT));
      f.child(XmlElement.of("ver", Namespaces.ROSTER_VERSIONING));
      for (StreamExtension e : services.extensions()) {
        e.features().forEach(f::child);
      }
    }
    f.child(services.serverIq().capsElement());
    return f.build();
  }
}
