package io.switchboard.node.proxy65;

import io.switchboard.sharding.router.Services;
import io.switchboard.protocol.jid.Jids;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import org.jxmpp.jid.DomainBareJid;

/**
 * The node's SOCKS5 Bytestreams proxy (XEP-0065 §6, mediated connections), at
 * {@code proxy.<domain>}, like ejabberd's and Prosody's mod_proxy65: file transfers between
 * clients that cannot reach each other directly go through it.
 *
 * <p>Two halves: {@link #service()} is the XMPP side (discovery, StreamHost address,
 * activation), registered in the node's {@link Services} and routed to by the Router; the SOCKS5 listener
 * is bound with {@link #bind}. Both parties' connections and the activation IQ must reach the same
 * node, so {@code switchboard.proxy65.host} must be this node's own address, not a load
 * balancer's.
 *
 * <p>Lifecycle: {@link #create}, hand {@link #service()} to the server, {@link #bind}, and
 * {@link #close} at shutdown (which also cuts transfers in progress).
 */
public final class Proxy65 implements AutoCloseable {
  /** The name in the server's disco#items and the proxy's identity. */
  public static final String NAME = "SOCKS5 Bytestreams Service";

  private final DomainBareJid jid;
  private final Proxy65Settings settings;
  private final Proxy65Server server;
  private final Proxy65Iq iq;

  private Proxy65(DomainBareJid jid, Proxy65Settings settings, LongSupplier nanoTicker) {
    this.jid = jid;
    this.settings = settings;
    this.server = new Proxy65Server(settings, nanoTicker);
    this.iq = new Proxy65Iq(jid, NAME, settings.host(), this::announcedPort, server);
  }

  /** The proxy's address for a server domain: {@code proxy.<domain>}. */
  public static DomainBareJid jidFor(DomainBareJid domain) {
    return Jids.domain("proxy." + domain);
  }

  /** A proxy for {@code domain}'s users; nothing listens until {@link #bind}. */
  public static Proxy65 create(DomainBareJid domain, Proxy65Settings settings) {
    return create(domain, settings, System::nanoTime);
  }

  static Proxy65 create(DomainBareJid domain, Proxy65Settings settings, LongSupplier nanoTicker) {
    return new Proxy65(jidFor(domain), settings, nanoTicker);
  }

  public DomainBareJid jid() {
    return jid;
  }

  /** The XMPP side, registered with the node's {@link Services}. */
  public Services.Service service() {
    return new Services.Service(jid, NAME, iq);
  }

  /**
   * Binds the SOCKS5 listener on {@code address} at the configured port.
   *
   * @throws IllegalStateException naming the address when the port cannot be bound
   */
  public void bind(String address) {
    server.bind(address, settings.port());
  }

  /** Where the listener is bound, or null before {@link #bind}. */
  public InetSocketAddress boundAddress() {
    return server.localAddress();
  }

  /** Stops accepting SOCKS5 connections; transfers in progress go on until {@link #close}. */
  public void stopAccepting() {
    server.stopAccepting();
  }

  /** Closes the listener and every proxied connection, and stops the event loops. */
  @Override
  public void close() {
    server.close();
  }

  private int announcedPort() {
    InetSocketAddress bound = server.localAddress();
    return bound == null ? settings.port() : bound.getPort();
  }
}
