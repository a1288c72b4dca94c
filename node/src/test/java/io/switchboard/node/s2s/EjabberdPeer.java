package io.switchboard.node.s2s;

import io.switchboard.persistence.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's ejabberd 23.01 as a peer of the federation tests: one Erlang VM started directly with
 * {@code erl} (no {@code ejabberdctl}, no Erlang distribution, so no epmd and no node name shared
 * with anyone), its own config, Mnesia spool and log under {@code target/}, c2s and s2s on free
 * loopback ports. Users are registered by an {@code -eval} after {@code -s ejabberd} (which returns
 * once the application has started), which then prints a marker the test waits for.
 *
 * <p>Name resolution: ejabberd 23.01's outgoing streams look SRV records up with Erlang's own
 * resolver ({@code inet_res}) but the addresses of their targets with the C library's
 * {@code getaddrinfo} ({@code net:getaddrinfo}, xmpp 1.6.1), which knows nothing of test domains
 * and answered {@code enoname} in earlier tries. So an inetrc file points {@code inet_res} at the
 * test's {@link Dnsmasq} (with {@code resolv_conf} switched off: otherwise {@code inet_res}
 * re-reads {@code /etc/resolv.conf} before each lookup and asks the machine's resolver instead)
 * and the SRV records ejabberd looks up name {@code 127.0.0.1} as their target, which
 * {@code getaddrinfo} parses as an address without a lookup.
 */
final class EjabberdPeer extends PeerProcess {
  static final Path ERL = Path.of("/usr/bin/erl");
  static final Path LIBS = Path.of("/usr/lib/x86_64-linux-gnu");
  private static final String READY = "switchboard-test: ejabberd ready";

  /** A virtual host and its certificate (covering its {@code conference.} and {@code pubsub.} services). */
  record Host(String domain, Path cert, Path key) {}

  private EjabberdPeer(Process process, Path dir, int c2sPort) {
    super(process, dir, c2sPort, dir.resolve("ejabberd.log"), 8000);
  }

  /** Whether Debian's ejabberd package (its beams under {@link #LIBS}) and Erlang are installed. */
  static boolean installed() {
    if (!Files.isExecutable(ERL) || !Files.isDirectory(LIBS)) {
      return false;
    }
    try (var entries = Files.list(LIBS)) {
      return entries.anyMatch(p -> p.getFileName().toString().startsWith("ejabberd-")
          && Files.exists(p.resolve("ebin").resolve("ejabberd.beam")));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * @param caFile the trust anchors for peers' certificates (ejabberd's global {@code ca_file})
   * @param users the accounts to register before the test starts
   */
  static EjabberdPeer start(Path dir, int c2sPort, int s2sPort, int dnsPort, Path caFile, List<Host> hosts,
      List<User> users) throws Exception {
    // A fresh Mnesia spool each run: rooms and rosters of an earlier run would interfere.
    freshDirectory(dir, "db");
    Path inetrc = dir.resolve("inetrc");
    Files.writeString(inetrc, "{resolv_conf, \"\"}.\n{hosts_file, \"\"}.\n{nameserver, {127,0,0,1}, " + dnsPort
        + "}.\n{lookup, [dns]}.\n");
    Path config = dir.resolve("ejabberd.yml");
    Files.writeString(config, config(c2sPort, s2sPort, caFile, hosts));
    StringBuilder register = new StringBuilder();
    for (User u : users) {
      register.append("ok = ejabberd_auth:try_register(<<\"").append(u.name()).append("\">>, <<\"").append(u.domain())
          .append("\">>, <<\"").append(u.password()).append("\">>), ");
    }
    register.append("io:format(\"").append(READY).append("~n\").");
    List<String> cmd = new ArrayList<>(List.of(ERL.toString(), "-noinput", "-noshell",
        "-mnesia", "dir", "\"" + dir.resolve("db") + "\"", "-s", "ejabberd", "-eval", register.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("ejabberd.out").toFile());
    pb.environment().put("ERL_LIBS", LIBS.toString());
    pb.environment().put("EJABBERD_CONFIG_PATH", config.toString());
    pb.environment().put("EJABBERD_LOG_PATH", dir.resolve("ejabberd.log").toString());
    pb.environment().put("ERL_INETRC", inetrc.toString());
    pb.environment().put("ERL_CRASH_DUMP", dir.resolve("erl_crash.dump").toString());
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    EjabberdPeer peer = new EjabberdPeer(p, dir, c2sPort);
    // Two minutes: on a loaded 2-core machine the VM took longer than one to start.
    // Not Await.until: its AssertionError would leave the VM running after the test JVM is gone.
    Await.quietly(Duration.ofSeconds(120), () -> !p.isAlive() || peer.out().contains(READY));
    if (!p.isAlive() || !peer.out().contains(READY)) {
      peer.close();
      throw new IOException("ejabberd did not start: " + peer.out() + "\n" + peer.log());
    }
    return peer;
  }

  /**
   * Writes {@code keys}' private key as a PEM "EC PRIVATE KEY" (RFC 5915) that carries its public
   * key. The JDK's PKCS#8 encoding of an EC key leaves the public key out, and ejabberd 23.01
   * (p1_pkix) then cannot match the key to its certificate ("no matching private key found for
   * this certificate") and refuses to start.
   */
  static Path writeKey(java.security.KeyPair keys, Path file) throws IOException {
    var priv = (java.security.interfaces.ECPrivateKey) keys.getPrivate();
    var spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    var curve = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(priv.getEncoded()).getPrivateKeyAlgorithm()
        .getParameters();
    var ec = new org.bouncycastle.asn1.sec.ECPrivateKey(priv.getParams().getOrder().bitLength(), priv.getS(),
        new org.bouncycastle.asn1.DERBitString(spki.getPublicKeyData().getBytes()), curve);
    try (var w = Files.newBufferedWriter(file); var pem = new org.bouncycastle.util.io.pem.PemWriter(w)) {
      pem.writeObject(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", ec.getEncoded()));
    }
    return file;
  }

  private static String config(int c2sPort, int s2sPort, Path caFile, List<Host> hosts) {
    StringBuilder y = new StringBuilder();
    y.append("hosts:\n");
    hosts.forEach(h -> y.append("  - \"").append(h.domain()).append("\"\n"));
    y.append("loglevel: debug\nlog_rotate_count: 0\n");
    y.append("certfiles:\n");
    hosts.forEach(h -> y.append("  - \"").append(h.cert()).append("\"\n  - \"").append(h.key()).append("\"\n"));
    y.append("ca_file: \"").append(caFile).append("\"\n");
    y.append("listen:\n")
        .append("  - port: ").append(c2sPort).append("\n    ip: \"127.0.0.1\"\n    module: ejabberd_c2s\n")
        .append("    starttls_required: true\n")
        .append("  - port: ").append(s2sPort).append("\n    ip: \"127.0.0.1\"\n    module: ejabberd_s2s_in\n");
    y.append("s2s_use_starttls: required\n")
        // The SRV lookups go to the test's dnsmasq on loopback: a short timeout, one retry.
        .append("s2s_dns_timeout: 5\ns2s_dns_retries: 1\n")
        .append("auth_method: internal\n")
        .append("modules:\n")
        .append("  mod_roster: {}\n  mod_disco: {}\n  mod_version: {}\n  mod_s2s_dialback: {}\n  mod_ping: {}\n")
        .append("  mod_caps: {}\n  mod_offline: {}\n")
        .append("  mod_muc:\n    host: \"conference.@HOST@\"\n    access_create: all\n")
        .append("  mod_pubsub:\n    host: \"pubsub.@HOST@\"\n    access_createnode: all\n")
        .append("    plugins:\n      - \"flat\"\n      - \"pep\"\n");
    return y.toString();
  }

  private String out() {
    try {
      return Files.readString(dir().resolve("ejabberd.out"));
    } catch (IOException e) {
      return "";
    }
  }
}
