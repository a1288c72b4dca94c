package io.switchboard.node.s2s;

import io.switchboard.protocol.s2s.DialbackKey;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.Locale;
import java.util.Set;

/**
 * What the s2s streams of one node share.
 *
 * @param hostedDomains the domains this cluster serves (its own and its services'), lower-case
 * @param routing the Router: accepted incoming stanzas go there
 * @param ping XEP-0199 on incoming streams
 * @param cluster where pings and the incoming streams' lives are reported
 * @param bidi the incoming streams of this node that may carry our stanzas too (XEP-0288)
 */
record S2sContext(
    S2sSettings settings,
    Set<String> hostedDomains,
    S2sTls tls,
    PeerCertificates certificates,
    DialbackKey dialbackKey,
    DialbackVerifier verifier,
    StanzaRouting routing,
    S2sStreams streams,
    io.switchboard.sharding.s2s.S2sPing ping,
    S2sCluster cluster,
    BidiLinks bidi) {

  S2sContext {
    hostedDomains = Set.copyOf(hostedDomains);
  }

  boolean hosted(String domain) {
    return domain != null && hostedDomains.contains(domain.toLowerCase(Locale.ROOT));
  }
}
