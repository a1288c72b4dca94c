package io.switchboard.sharding.s2s;

import io.switchboard.protocol.xml.XmlElement;

/**
 * The port through which a {@link RemoteDomain} entity gets an outgoing s2s stream on the node it
 * runs on; the node implements it (DNS, TCP, TLS, authentication). Streams never move between
 * nodes: when the entity moves, it opens a new one where it now lives.
 */
@FunctionalInterface
public interface OutboundLinks {

  /**
   * Starts connecting from {@code key.local()} to {@code key.remote()}. The listener then hears,
   * from any thread, either {@link Listener#up} and later {@link Listener#down}, or only
   * {@link Listener#down}.
   */
  void open(RemoteDomainKey key, Listener listener);

  /** What the stream tells its entity. */
  interface Listener {
    /** The stream is authenticated; stanzas may be sent. */
    void up(Link link);

    /** Stanza {@code seq} (and every one before it) was written to the socket. */
    void written(long seq);

    /**
     * The stream failed or closed. {@code unreachable}: the domain has no server at all (no
     * address, refused by policy), so waiting will not help.
     */
    void down(String reason, boolean unreachable);
  }

  /** An authenticated outgoing stream. Its methods may be called from any thread. */
  interface Link {
    /** Writes a stanza (jabber:client namespace, final from and to), then reports {@link Listener#written}. */
    void send(long seq, XmlElement stanza);

    /**
     * Writes an XEP-0199 ping (see {@link S2sPing}); unlike {@link #send} it is not traffic that
     * keeps an idle stream open, and nothing is reported written.
     */
    default void ping(XmlElement iq) {
      send(-1, iq);
    }

    /** Closes the stream; no {@link Listener#down} follows. */
    void close();
  }
}
