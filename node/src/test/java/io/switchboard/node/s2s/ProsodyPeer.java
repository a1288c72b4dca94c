package io.switchboard.node.s2s;

import io.switchboard.persistence.testkit.Await;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's Prosody 0.12 as an unprivileged-port peer of the federation tests: its own config, data
 * and log under {@code target/}, c2s and s2s on free loopback ports, DNS through lua-unbound
 * forwarding to the test's {@link Dnsmasq}. Each {@link Host} is a VirtualHost with a pub-sub and
 * a MUC component, its own certificate and its own trust anchors (cafile), which decide whether
 * its streams with Switchboard use SASL EXTERNAL or dialback.
 */
final class ProsodyPeer extends PeerProcess {
  static final Path BINARY = Path.of("/usr/bin/prosody");

  /** A virtual host: its certificate (covering its components) and the CA file it trusts. */
  record Host(String domain, Path cert, Path key, Path cafile) {}

  private final int s2sPort;

  private ProsodyPeer(Process process, Path dir, int c2sPort, int s2sPort) {
    super(process, dir, c2sPort, dir.resolve("prosody.log"), 6000);
    this.s2sPort = s2sPort;
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Without XEP-0288 ({@code mod_s2s_bidi} disabled). */
  static ProsodyPeer start(Path dir, int c2sPort, int s2sPort, int dnsPort, List<Host> hosts,
      List<User> users) throws Exception {
    return start(dir, c2sPort, s2sPort, dnsPort, hosts, users, false);
  }

  /**
   * {@code bidi}: Prosody's {@code mod_s2s_bidi} (XEP-0288) loaded: it offers bidirectional
   * streams and asks for them when offered.
   */
  static ProsodyPeer start(Path dir, int c2sPort, int s2sPort, int dnsPort, List<Host> hosts,
      List<User> users, boolean bidi) throws Exception {
    // A fresh store each run: pub-sub nodes and rooms of an earlier run would conflict.
    freshDirectory(dir, "data");
    StringBuilder cfg = new StringBuilder();
    cfg.append("run_as_root = true\n")
        .append("pidfile = \"").append(dir.resolve("prosody.pid")).append("\"\n")
        .append("data_path = \"").append(dir.resolve("data")).append("\"\n")
        .append("log = { debug = \"").append(dir.resolve("prosody.log")).append("\" }\n")
        .append("interfaces = { \"127.0.0.1\" }\n")
        .append("c2s_ports = { ").append(c2sPort).append(" }\n")
        .append("s2s_ports = { ").append(s2sPort).append(" }\n")
        .append("c2s_direct_tls_ports = { }\ns2s_direct_tls_ports = { }\n")
        .append("modules_enabled = { \"roster\"; \"saslauth\"; \"tls\"; \"dialback\"; \"disco\"; \"private\";")
        .append(" \"vcard_legacy\"; \"version\"; \"time\"; \"ping\"; \"pep\"; \"s2s_auth_certs\"")
        .append(bidi ? "; \"s2s_bidi\" }\n" : " }\nmodules_disabled = { \"s2s_bidi\" }\n")
        .append("authentication = \"internal_hashed\"\nstorage = \"internal\"\n")
        .append("c2s_require_encryption = true\ns2s_require_encryption = true\ns2s_secure_auth = false\n")
        .append("allow_registration = false\n")
        // Prosody lets only admins create pub-sub nodes; the test's users create theirs.
        .append("admins = { ").append(users.stream().map(u -> "\"" + u.jid() + "\"")
            .collect(java.util.stream.Collectors.joining(", "))).append(" }\n")
        .append("unbound = { forward = \"127.0.0.1@").append(dnsPort).append("\"; resolvconf = false; hoststxt = false;")
        // libunbound answers .test itself (NXDOMAIN, RFC 6761) unless told to pass it on.
        .append(" options = { [\"local-zone:\"] = \"test. transparent\" } }\n");
    for (Host h : hosts) {
      String ssl = "ssl = { certificate = \"" + h.cert() + "\"; key = \"" + h.key() + "\"; cafile = \"" + h.cafile()
          + "\" }\n";
      cfg.append("VirtualHost \"").append(h.domain()).append("\"\n  ").append(ssl)
          .append("Component \"pubsub.").append(h.domain()).append("\" \"pubsub\"\n  ").append(ssl)
          .append("Component \"conference.").append(h.domain()).append("\" \"muc\"\n  ").append(ssl);
    }
    Path config = dir.resolve("prosody.cfg.lua");
    Files.writeString(config, cfg.toString());
    for (User u : users) {
      Process reg = new ProcessBuilder("prosodyctl", "--config", config.toString(), "register", u.name(), u.domain(),
          u.password())
          .redirectErrorStream(true).start();
      String out = new String(reg.getInputStream().readAllBytes());
      if (reg.waitFor() != 0) {
        throw new IOException("prosodyctl register " + u.jid() + " failed: " + out);
      }
    }
    Process p = new ProcessBuilder(BINARY.toString(), "--config", config.toString(), "-F")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prosody.out").toFile()).start();
    // Not Await.until: its AssertionError would leave Prosody running after the test JVM is gone.
    boolean listening = Await.quietly(Duration.ofSeconds(20), () -> {
      if (!p.isAlive()) {
        return true;
      }
      try (Socket s = new Socket("127.0.0.1", c2sPort)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    });
    ProsodyPeer peer = new ProsodyPeer(p, dir, c2sPort, s2sPort);
    if (!p.isAlive() || !listening) {
      peer.close();
      throw new IOException("prosody exited or does not listen on " + c2sPort + ": "
          + Files.readString(dir.resolve("prosody.out")));
    }
    return peer;
  }

  int s2sPort() {
    return s2sPort;
  }
}
