package io.switchboard.node.s2s;

import io.switchboard.protocol.error.StreamErrorCondition;
import java.util.Set;

/**
 * What the XEP parts of an incoming stream ({@link InboundBidi}, {@link InboundDialback},
 * {@link InboundPing}) read of their {@link InboundStream} and may ask of it; on its event loop only.
 */
interface InboundState {
  /** The stream ended or is ending: nothing more is read or written. */
  boolean isClosed();

  /** The domain pairs authenticated on it, as "remote local" ({@link S2sAddressing#pair}). */
  Set<String> pairs();

  /** The remote domains authenticated on it. */
  Set<String> peers();

  /** The domain the peer's header named, or null. */
  String peer();

  /** The current stream's id (new with every header). */
  String streamId();

  /** The peer's address, for logs. */
  Object remote();

  boolean certificateValidFor(String domain);

  void authenticated(String remoteDomain, String localDomain, String how);

  /** Ends the stream with this stream error. */
  void fail(StreamErrorCondition condition, String text);
}
