package io.switchboard.node.s2s;

import io.netty.channel.ChannelHandlerContext;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.s2s.OutboundLinks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0288 on one incoming stream: the feature is offered until the peer authenticates; once the
 * peer asked for a bidirectional stream, each domain pair it authenticates is offered to the pair's
 * {@code RemoteDomain} entity ({@link BidiLinks}), and an entity that attaches gets a
 * {@link OutboundLinks.Link} that writes our stanzas on this stream instead of dialling out. When the
 * stream is gone the pairs are withdrawn and the attached entities hear {@code down()}.
 *
 * <p>Runs on the stream's event loop; entities call in from other threads and hop there.
 */
final class InboundBidi implements BidiLinks.Carrier {
  /** The stream's logger: these lines are the incoming stream's. */
  private static final Logger log = LoggerFactory.getLogger(InboundStream.class);

  private final S2sContext deps;
  private final ChannelHandlerContext ctx;
  private final S2sWire wire;
  private final InboundState stream;
  /** XEP-0288: the peer asked for a bidirectional stream. */
  private boolean requested;
  /** The entities' links on this bidirectional stream, by "local remote". */
  private final Map<String, BidiLink> links = new HashMap<>();

  InboundBidi(S2sContext deps, ChannelHandlerContext ctx, S2sWire wire, InboundState stream) {
    this.deps = deps;
    this.ctx = ctx;
    this.wire = wire;
    this.stream = stream;
  }

  /** XEP-0288 §2.1, until the peer has authenticated. */
  void feature(XmlElement.Builder f) {
    if (deps.settings().bidi() && stream.pairs().isEmpty()) {
      f.child(XmlElement.builder("bidi", Namespaces.BIDI_FEATURE));
    }
  }

  /**
   * XEP-0288 §2.2: the peer asks for a bidirectional stream (it should before authenticating; a
   * pair already authenticated is offered at once). Nothing is answered.
   */
  void request(S2sStreams.Entry entry, String peer) {
    if (requested) {
      return;
    }
    requested = true;
    entry.bidi = true;
    log.info("s2s in {} ({}): the peer asked for a bidirectional stream", stream.remote(), peer);
    for (String p : stream.pairs()) {
      int space = p.indexOf(' ');
      deps.bidi().offer(p.substring(space + 1), p.substring(0, space), this);
    }
  }

  /** A pair was authenticated on the stream: offered if the peer asked for bidi. */
  void authenticated(String localDomain, String remoteDomain) {
    if (requested) {
      deps.bidi().offer(localDomain, remoteDomain, this);
    }
  }

  @Override
  public void attach(String localDomain, String remoteDomain, OutboundLinks.Listener listener, Runnable orElse) {
    try {
      ctx.executor().execute(() -> {
        if (stream.isClosed() || !stream.pairs().contains(S2sAddressing.pair(remoteDomain, localDomain))) {
          orElse.run();
          return;
        }
        BidiLink link = new BidiLink(localDomain + " " + remoteDomain, listener);
        links.put(link.key, link); // a newer entity (or attempt) replaces an older one
        log.info("s2s in {}: carrying {} -> {} on the peer's bidirectional stream", stream.remote(), localDomain,
            remoteDomain);
        listener.up(link);
      });
    } catch (RejectedExecutionException e) {
      orElse.run();
    }
  }

  /** The stream is gone: its entities send again on their next stream, which is not this one. */
  void end() {
    for (String p : stream.pairs()) {
      int space = p.indexOf(' ');
      deps.bidi().withdraw(p.substring(space + 1), p.substring(0, space), this);
    }
    List<BidiLink> gone = List.copyOf(links.values());
    links.clear();
    gone.forEach(l -> l.listener.down("the peer's bidirectional stream closed", false));
  }

  /** One entity's use of this stream as its outgoing stream. */
  private final class BidiLink implements OutboundLinks.Link {
    final String key;
    final OutboundLinks.Listener listener;

    BidiLink(String key, OutboundLinks.Listener listener) {
      this.key = key;
      this.listener = listener;
    }

    private boolean current() {
      return !stream.isClosed() && links.get(key) == this;
    }

    @Override
    public void send(long seq, XmlElement stanza) {
      onLoop(() -> {
        if (!current()) {
          return; // the entity hears down() and sends it again on its next stream
        }
        if (!wire.sendQueued(seq, stanza, deps.settings().maxPendingOutboundBytes(), listener)) {
          log.warn("s2s in {} ({}): the peer does not read ({} bytes pending); closing", stream.remote(),
              stream.peers(), wire.pendingBytes());
          stream.fail(StreamErrorCondition.RESOURCE_CONSTRAINT, "the peer does not read");
          return;
        }
        deps.streams().metrics().stanza("out");
      });
    }

    @Override
    public void ping(XmlElement iq) {
      onLoop(() -> {
        if (current()) {
          wire.send(S2sNamespace.toServer(iq));
        }
      });
    }

    /** The entity is done with it; the stream stays the peer's. */
    @Override
    public void close() {
      onLoop(() -> links.remove(key, this));
    }
  }

  private void onLoop(Runnable task) {
    try {
      ctx.executor().execute(task);
    } catch (RejectedExecutionException e) {
      // The node is stopping; the entities send again from their journals.
    }
  }
}
