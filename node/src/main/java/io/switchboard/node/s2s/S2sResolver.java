package io.switchboard.node.s2s;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a remote domain's XMPP server listens (RFC 6120 §3.2, XEP-0368): the static override in
 * {@code switchboard.s2s.hosts} if the domain is listed; else the SRV records
 * {@code _xmpps-server._tcp} (direct TLS) and {@code _xmpp-server._tcp} (STARTTLS), in priority
 * order (direct TLS first among equals); else, when the domain has no SRV records at all, the
 * domain itself on port 5269 (A/AAAA fallback). A single SRV record with target "." means the
 * domain offers no service. Each target's addresses are looked up too, through the configured DNS
 * server or the system's resolver. Lookups block, so they run on {@code executor}.
 */
public final class S2sResolver {
  private static final Logger log = LoggerFactory.getLogger(S2sResolver.class);
  static final int DEFAULT_PORT = 5269;

  /** One address to try, in order. */
  public record Endpoint(InetAddress address, int port, boolean directTls, String host) {}

  /** The endpoints, or none with why; {@code unreachable} when the domain has no server at all. */
  public record Resolution(List<Endpoint> endpoints, boolean unreachable, String problem) {}

  private final S2sSettings settings;
  private final Executor executor;

  public S2sResolver(S2sSettings settings, Executor executor) {
    this.settings = settings;
    this.executor = executor;
  }

  public CompletableFuture<Resolution> resolve(String domain) {
    return CompletableFuture.supplyAsync(() -> resolveNow(domain), executor);
  }

  Resolution resolveNow(String domain) {
    List<S2sSettings.Target> targets = new ArrayList<>();
    S2sSettings.Target fixed = settings.hosts().get(domain);
    if (fixed != null) {
      targets.add(fixed);
    } else {
      // Each lookup on its own: a server refusing or failing one name must not hide the other's records.
      List<Srv> srv = new ArrayList<>();
      srv.addAll(srv("_xmpps-server._tcp." + domain, true));
      srv.addAll(srv("_xmpp-server._tcp." + domain, false));
      if (srv.size() == 1 && srv.get(0).target().equals(".")) {
        return new Resolution(List.of(), true, "the SRV record says " + domain + " offers no XMPP service");
      }
      targets.addAll(order(srv));
      if (targets.isEmpty()) {
        targets.add(new S2sSettings.Target(domain, DEFAULT_PORT, false));
      }
    }
    List<Endpoint> endpoints = new ArrayList<>();
    String problem = null;
    for (S2sSettings.Target t : targets) {
      try {
        for (InetAddress a : addresses(t.host())) {
          endpoints.add(new Endpoint(a, t.port(), t.directTls(), t.host()));
        }
      } catch (UnknownHostException | NamingException e) {
        problem = "no address for " + t.host();
      }
    }
    if (endpoints.isEmpty()) {
      return new Resolution(List.of(), true, problem == null ? "no address for " + domain : problem);
    }
    return new Resolution(endpoints, false, null);
  }

  /**
   * The targets of SRV records in the order to try them: lowest priority first, direct TLS before
   * STARTTLS among equal priorities (XEP-0368), then heavier weight first; "." targets dropped.
   */
  static List<S2sSettings.Target> order(List<Srv> records) {
    return records.stream().filter(s -> !s.target().equals("."))
        .sorted(Comparator.comparingInt(Srv::priority).thenComparing(s -> !s.directTls())
            .thenComparing(Comparator.comparingInt(Srv::weight).reversed()))
        .map(s -> new S2sSettings.Target(s.target(), s.port(), s.directTls()))
        .toList();
  }

  record Srv(int priority, int weight, int port, String target, boolean directTls) {}

  private List<Srv> srv(String name, boolean directTls) {
    List<String> records;
    try {
      records = lookup(name, "SRV");
    } catch (NamingException e) {
      log.debug("SRV lookup for {} failed: {}", name, e.toString());
      return List.of();
    }
    List<Srv> out = new ArrayList<>();
    for (String record : records) {
      parseSrv(record, directTls).ifPresent(out::add);
    }
    return out;
  }

  /** One SRV record's text ("priority weight port target"), or empty when it is malformed. */
  static Optional<Srv> parseSrv(String record, boolean directTls) {
    String[] f = record.trim().split("\\s+");
    if (f.length != 4) {
      return Optional.empty();
    }
    try {
      String target = f[3].endsWith(".") && f[3].length() > 1 ? f[3].substring(0, f[3].length() - 1) : f[3];
      int port = Integer.parseInt(f[2]);
      if (port < 0 || port > 65535) {
        return Optional.empty();
      }
      return Optional.of(new Srv(Integer.parseInt(f[0]), Integer.parseInt(f[1]), port, target, directTls));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private List<InetAddress> addresses(String host) throws UnknownHostException, NamingException {
    if (settings.dnsServer().isEmpty() || isLiteral(host)) {
      return List.of(InetAddress.getAllByName(host));
    }
    List<InetAddress> out = new ArrayList<>();
    for (String type : new String[] {"A", "AAAA"}) {
      try {
        for (String a : lookup(host, type)) {
          out.add(InetAddress.getByName(a.trim()));
        }
      } catch (NamingException e) {
        log.debug("{} lookup for {} failed: {}", type, host, e.toString());
      }
    }
    if (out.isEmpty()) {
      throw new UnknownHostException(host);
    }
    return out;
  }

  private static boolean isLiteral(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  /** Records of {@code type} for {@code name}; empty when the name or type does not exist. */
  private List<String> lookup(String name, String type) throws NamingException {
    Hashtable<String, String> env = new Hashtable<>();
    env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
    Optional<String> server = settings.dnsServer();
    env.put("java.naming.provider.url", server.map(s -> "dns://" + s).orElse("dns:"));
    env.put("com.sun.jndi.dns.timeout.initial", String.valueOf(Math.max(100, settings.dnsTimeout().toMillis() / 2)));
    env.put("com.sun.jndi.dns.timeout.retries", "2");
    DirContext ctx = new InitialDirContext(env);
    try {
      Attributes attrs = ctx.getAttributes(name, new String[] {type});
      Attribute attr = attrs.get(type);
      List<String> out = new ArrayList<>();
      if (attr != null) {
        NamingEnumeration<?> values = attr.getAll();
        while (values.hasMore()) {
          out.add(String.valueOf(values.next()));
        }
      }
      return out;
    } catch (NameNotFoundException e) {
      return List.of();
    } finally {
      ctx.close();
    }
  }
}
