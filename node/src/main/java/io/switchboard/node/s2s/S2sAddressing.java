package io.switchboard.node.s2s;

import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.jid.Jids;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jxmpp.jid.Jid;

/**
 * Whether a stanza a peer sent may be accepted (RFC 6120 §4.9.3, §13.12): the same rule on an
 * incoming stream and, with XEP-0288, on our outgoing stream. Pure.
 */
final class S2sAddressing {
  private S2sAddressing() {}

  /**
   * The stream error a stanza from {@code from} to {@code to} earns, or empty if it is accepted.
   * {@code pairs}: the domain pairs the peer may speak for on this stream, as "remote local"; a
   * stanza without a valid {@code from} or {@code to} gets {@code <improper-addressing/>}, one to
   * a domain not hosted here {@code <host-unknown/>}, one whose domains are not an authenticated
   * pair {@code <invalid-from/>}.
   */
  static Optional<StreamErrorCondition> check(String from, String to, Predicate<String> hosted, Set<String> pairs) {
    Jid f = Jids.parse(from).orElse(null);
    Jid t = Jids.parse(to).orElse(null);
    if (f == null || t == null) {
      return Optional.of(StreamErrorCondition.IMPROPER_ADDRESSING);
    }
    String toDomain = t.getDomain().toString();
    if (!hosted.test(toDomain)) {
      return Optional.of(StreamErrorCondition.HOST_UNKNOWN);
    }
    if (!pairs.contains(pair(f.getDomain().toString(), toDomain))) {
      return Optional.of(StreamErrorCondition.INVALID_FROM);
    }
    return Optional.empty();
  }

  /** The key of a domain pair in {@link #check}'s {@code pairs}. */
  static String pair(String remote, String local) {
    return remote + " " + local;
  }
}
