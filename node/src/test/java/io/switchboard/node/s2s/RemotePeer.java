package io.switchboard.node.s2s;

import java.nio.file.Path;

/**
 * What {@link FederationScenarios} needs to know of the server on the other side: which of its
 * domains federates with Switchboard by which authentication, its accounts, its services and its
 * log.
 */
interface RemotePeer {
  /** How the streams between Switchboard and one of the peer's domains authenticate. */
  enum Auth {
    /** Both sides trust each other's certificate: SASL EXTERNAL both ways. */
    SASL_EXTERNAL("sasl-external", "ca"),
    /** A certificate neither side trusts: XEP-0220 dialback both ways. */
    DIALBACK("dialback", "self");

    private final String reported;
    private final String tag;

    Auth(String reported, String tag) {
      this.reported = reported;
      this.tag = tag;
    }

    /** The name the node's status gives a stream authenticated this way. */
    String reported() {
      return reported;
    }

    /** A short tag for names (nodes, rooms) that must differ between the two domains. */
    String tag() {
      return tag;
    }
  }

  /** The server's product name, as its software version (XEP-0092) contains it. */
  String product();

  /** The peer's domain whose streams with Switchboard authenticate by {@code auth}. */
  String domain(Auth auth);

  /** The local part of the account of {@code domain}'s that the scenarios use; its password is {@code user-pw}. */
  String user(String domain);

  /** The c2s port serving {@code domain}. */
  int c2sPort(String domain);

  /** The certificate {@code domain}'s c2s clients trust. */
  Path certificate(String domain);

  /** The MUC service of {@code domain}. */
  default String mucService(String domain) {
    return "conference." + domain;
  }

  /** The pub-sub service of {@code domain}. */
  default String pubsubService(String domain) {
    return "pubsub." + domain;
  }

  /** The tail of the peer's log(s), for failure messages. */
  String log();
}
