package io.switchboard.node.testing;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.bosh.BOSHConfiguration;
import org.jivesoftware.smack.bosh.XMPPBOSHConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor;

/**
 * Smack clients over the browser transports of a node's HTTP port (issue #19): XMPP over
 * WebSocket (Smack's modular connection with its java.net.http WebSocket) and BOSH (Smack's
 * jbosh connection). Plain ws/http: the node under test must count the port as encrypted
 * ({@code switchboard.web.front = always}) or not require TLS.
 */
public final class WebClients {
  static {
    DefaultPrefixAsNull.install();
  }

  private WebClients() {}

  public static ModularXmppClientToServerConnection websocket(String domain, int httpPort, String user, String password,
      String resource) throws Exception {
    ModularXmppClientToServerConnectionConfiguration.Builder b = ModularXmppClientToServerConnectionConfiguration.builder()
        .setXmppDomain(domain)
        .setUsernameAndPassword(user, password)
        .setResource(resource)
        .setSecurityMode(SecurityMode.disabled)
        .setSendPresence(true)
        .removeAllModules();
    b.addModule(XmppWebSocketTransportModuleDescriptor.getBuilder(b)
        .explicitlySetWebSocketEndpointAndDiscovery("ws://127.0.0.1:" + httpPort + "/xmpp-websocket", false)
        .build());
    return new ModularXmppClientToServerConnection(b.build());
  }

  public static XMPPBOSHConnection bosh(String domain, int httpPort, String user, String password, String resource)
      throws Exception {
    BOSHConfiguration c = BOSHConfiguration.builder()
        .setXmppDomain(domain)
        // A host name: Smack 4.5's BOSHConfiguration writes an address as "/127.0.0.1" into its URI.
        .setHost("localhost")
        .setPort(httpPort)
        .setFile("/http-bind")
        .setUsernameAndPassword(user, password)
        .setResource(resource)
        .setSecurityMode(SecurityMode.disabled)
        .setSendPresence(true)
        .build();
    return new XMPPBOSHConnection(c);
  }
}
