package io.switchboard.node.sasl2;

import io.switchboard.node.testing.RawClient;
import io.switchboard.node.testing.TwoNodeCluster;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl2.HashedToken;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Login cost, SASL2 SCRAM-SHA-256 against XEP-0484 FAST, measured by hand (not in CI): bounded
 * sequential logins over loopback TLS to one node of the shared two-node cluster, each a new
 * connection up to a bound resource (Bind2). Prints medians; asserts nothing about time.
 * {@code mvn ... -Dit.test=Sasl2LoginCostIT -Dsasl2.bench=true [-Dsasl2.bench.logins=300]}
 */
@EnabledIfSystemProperty(named = "sasl2.bench", matches = "true")
@ExtendWith({CassandraExtension.class, TwoNodeCluster.class})
class Sasl2LoginCostIT {
  private static final Pattern TOKEN = Pattern.compile("<token [^>]*token=\"([^\"]+)\"");
  private final Map<String, byte[]> clientKeys = new HashMap<>();
  /** The last login's time after the TLS handshake: header sent to {@code <success>} read. */
  private long afterTls;

  @Test
  void loginCost_scramVersusFast_mediansPrinted() throws Exception {
    int n = Integer.getInteger("sasl2.bench.logins", 300);
    String user = "cost-" + UUID.randomUUID().toString().substring(0, 8);
    TwoNodeCluster.first().node().persistence().accounts().create(Jids.bare(user + "@localhost"), "pw")
        .toCompletableFuture().join();
    String agent = UUID.randomUUID().toString();
    String token = null;
    for (int i = 0; i < 20; i++) { // warm-up, both paths
      scram(user, false, null);
      token = scram(user, true, agent);
      fast(user, token, agent);
    }
    long[] cold = new long[n];
    long[] cached = new long[n];
    long[] fast = new long[n];
    long[][] stream = new long[3][n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      scram(user, false, null);
      stream[0][i] = afterTls;
      long t1 = System.nanoTime();
      scram(user, true, null);
      stream[1][i] = afterTls;
      long t2 = System.nanoTime();
      fast(user, token, agent);
      stream[2][i] = afterTls;
      long t3 = System.nanoTime();
      cold[i] = t1 - t0;
      cached[i] = t2 - t1;
      fast[i] = t3 - t2;
    }
    System.out.printf("SASL2LOGINCOST nodelay=%s bind=%s n=%d median ms: SCRAM-SHA-256 client derives=%.2f, SCRAM-SHA-256 cached keys=%.2f,"
        + " FAST HT-SHA-256-NONE=%.2f; p90: %.2f / %.2f / %.2f%n", NO_DELAY, BINDS, n, median(cold), median(cached), median(fast),
        pct(cold, 0.9), pct(cached, 0.9), pct(fast, 0.9));
    System.out.printf("SASL2LOGINCOST after TLS, median ms: %.2f / %.2f / %.2f; p90: %.2f / %.2f / %.2f%n",
        median(stream[0]), median(stream[1]), median(stream[2]), pct(stream[0], 0.9), pct(stream[1], 0.9),
        pct(stream[2], 0.9));
  }

  private static double median(long[] v) {
    return pct(v, 0.5);
  }

  private static double pct(long[] v, double p) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[(int) Math.min(s.length - 1, Math.floor(p * s.length))] / 1e6;
  }

  private static String header() {
    return String.format(RawClient.HEADER_FORMAT, TwoNodeCluster.first().domain());
  }

  /** With {@code -Dsasl2.bench.bind=false} the logins stop at authentication (no resource bound). */
  private static final boolean BINDS = Boolean.parseBoolean(System.getProperty("sasl2.bench.bind", "true"));
  private static final String BIND = BINDS ? "<bind xmlns='urn:xmpp:bind:0'><tag>cost</tag></bind>" : "";
  /** {@code -Dsasl2.bench.nodelay=false} keeps Nagle's algorithm on the client's socket (the JDK's default). */
  private static final boolean NO_DELAY = Boolean.parseBoolean(System.getProperty("sasl2.bench.nodelay", "true"));
  private static final String DONE = BINDS ? "<bound" : "<authorization-identifier>";

  /** A SASL2 SCRAM-SHA-256 login with Bind2; returns the token when one was asked for. */
  private String scram(String user, boolean cacheKeys, String tokenFor) throws Exception {
    try (RawClient c = RawClient.connect(TwoNodeCluster.first(), NO_DELAY)) {
      long start = System.nanoTime();
      String inline = tokenFor == null ? "" : "<user-agent id='" + tokenFor + "'/>"
          + "<request-token xmlns='urn:xmpp:fast:0' mechanism='HT-SHA-256-NONE'/>";
      String success = Sasl2Scram.login(c, header(), user, "pw", inline + BIND, cacheKeys ? clientKeys : null);
      if (!success.contains(DONE)) {
        throw new IllegalStateException("SCRAM login failed: " + success);
      }
      afterTls = System.nanoTime() - start;
      Matcher t = TOKEN.matcher(success);
      return t.find() ? t.group(1) : null;
    }
  }

  /** A FAST login with Bind2: header and authenticate in one write, one read. */
  private void fast(String user, String token, String agent) throws Exception {
    try (RawClient c = RawClient.connect(TwoNodeCluster.first(), NO_DELAY)) {
      long start = System.nanoTime();
      c.send(header() + "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>"
          + Base64.getEncoder().encodeToString(HashedToken.initialResponse(user, token)) + "</initial-response>"
          + "<user-agent id='" + agent + "'/>" + BIND + "</authenticate>");
      String success = c.readUntilAny("</success>", "</failure>");
      if (!success.contains(DONE)) {
        throw new IllegalStateException("FAST login failed: " + success);
      }
      afterTls = System.nanoTime() - start;
    }
  }
}
