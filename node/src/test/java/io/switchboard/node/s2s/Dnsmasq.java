package io.switchboard.node.s2s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's dnsmasq as a private DNS server on a free loopback port, answering only the test's own
 * names: A records (a domain and all its subdomains) and {@code _xmpp-server._tcp} SRV records.
 * Peers (Prosody through lua-unbound, ejabberd through Erlang's resolver, Switchboard through
 * {@code switchboard.s2s.dns-server}) are pointed at it, so nothing on the machine changes.
 */
final class Dnsmasq implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/sbin/dnsmasq");

  private final Process process;
  private final int port;

  private Dnsmasq(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /**
   * @param addresses domain → IPv4 address (covers its subdomains)
   * @param srv domain → port of its {@code _xmpp-server._tcp} record (target: the domain itself)
   */
  static Dnsmasq start(Path dir, int port, Map<String, String> addresses, Map<String, Integer> srv)
      throws IOException, InterruptedException {
    return start(dir, port, addresses, srv, Map.of());
  }

  /**
   * As above, with SRV targets other than the domain itself for the domains in {@code targets}
   * (domain → target name). ejabberd resolves an SRV target with the C library, not with this
   * server, so its peers' records name a literal address ({@code 127.0.0.1}) as the target.
   */
  static Dnsmasq start(Path dir, int port, Map<String, String> addresses, Map<String, Integer> srv,
      Map<String, String> targets) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--keep-in-foreground", "--no-resolv", "--no-hosts",
        "--no-poll", "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + port, "--user=root",
        "--pid-file=" + dir.resolve("dnsmasq.pid"), "--log-facility=" + dir.resolve("dnsmasq.log"), "--log-queries"));
    // --local: answer every other type and name under these domains here (NODATA/NXDOMAIN) instead
    // of REFUSED for want of an upstream server.
    addresses.forEach((d, a) -> {
      cmd.add("--address=/" + d + "/" + a);
      cmd.add("--local=/" + d + "/");
    });
    srv.forEach((d, p) -> cmd.add("--srv-host=_xmpp-server._tcp." + d + "," + targets.getOrDefault(d, d) + "," + p));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("dnsmasq.out").toFile()).start();
    Thread.sleep(300);
    if (!p.isAlive()) {
      throw new IOException("dnsmasq exited: " + Files.readString(dir.resolve("dnsmasq.out")));
    }
    return new Dnsmasq(p, port);
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
