package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Federation with Debian's ejabberd 23.01, both directions, over real s2s streams on loopback. Two
 * ejabberd VMs, because ejabberd's {@code ca_file} is a global option: {@code ca.ejabberd.test}
 * has a certificate from the test CA that Switchboard trusts and trusts that CA, so both
 * directions use SASL EXTERNAL; {@code self.ejabberd.test} has a self-signed certificate and
 * trusts another CA, so both directions fall back to XEP-0220 dialback, each side connecting back
 * to the other's authoritative server. Names
 * resolve through a private dnsmasq: Switchboard asks it through {@code switchboard.s2s.dns-server},
 * ejabberd's Erlang resolver through an inetrc file (see {@link EjabberdPeer} for why the SRV
 * record of Switchboard's domain names {@code 127.0.0.1} as its target). Clients on both sides are
 * Smack. The scenarios both peers run are in {@link FederationScenarios}; here are ejabberd's own.
 */
@ExtendWith(CassandraExtension.class)
class EjabberdFederationIT extends FederationScenarios {
  static final String CA_PEER = "ca.ejabberd.test";
  static final String SELF_PEER = "self.ejabberd.test";

  private static Dnsmasq dns;
  /** domain → the ejabberd serving it. */
  private static final Map<String, EjabberdPeer> ejabberd = new HashMap<>();
  private static InProcessNode node;
  private static Path swCert;
  private static final Map<String, Path> peerCerts = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    FederationFixture.requireInstalled(EjabberdPeer.installed() && Dnsmasq.installed(),
        "ejabberd (erlang) and dnsmasq-base");
    Path dir = Path.of("target", "s2s-ejabberd").toAbsolutePath();
    Set<Integer> taken = new HashSet<>();
    int swS2s = FederationFixture.freePort(taken);
    Map<String, int[]> ports = Map.of(CA_PEER, new int[] {FederationFixture.freePort(taken), FederationFixture.freePort(taken)},
        SELF_PEER, new int[] {FederationFixture.freePort(taken), FederationFixture.freePort(taken)});
    int dnsPort = FederationFixture.freePort(taken);

    var ca = TestCertificates.ca("Switchboard test CA");
    Path caPem = ca.write(dir.resolve("certs"), "ca")[0];
    Path otherPem = TestCertificates.ca("A CA nobody here uses").write(dir.resolve("certs"), "other-ca")[0];
    Path[] sw = TestCertificates.server(ca, TestCertificates.Names.dns(SW, SW, "pubsub." + SW, "proxy." + SW,
        "conference." + SW))
        .write(dir.resolve("certs"), SW);
    swCert = sw[0];
    var caIssued = TestCertificates.server(ca, TestCertificates.Names.dns(CA_PEER, CA_PEER, "conference." + CA_PEER,
        "pubsub." + CA_PEER));
    var selfIssued = TestCertificates.server(null, TestCertificates.Names.dns(SELF_PEER, SELF_PEER,
        "conference." + SELF_PEER, "pubsub." + SELF_PEER));
    Path[] caPeer = caIssued.write(dir.resolve("certs"), CA_PEER);
    Path[] selfPeer = selfIssued.write(dir.resolve("certs"), SELF_PEER);
    Path caPeerKey = EjabberdPeer.writeKey(caIssued.keys(), dir.resolve("certs").resolve(CA_PEER + ".ec.pem"));
    Path selfPeerKey = EjabberdPeer.writeKey(selfIssued.keys(), dir.resolve("certs").resolve(SELF_PEER + ".ec.pem"));
    peerCerts.put(CA_PEER, caPeer[0]);
    peerCerts.put(SELF_PEER, selfPeer[0]);

    Map<String, Integer> srv = new LinkedHashMap<>();
    Map<String, String> targets = new HashMap<>();
    for (String d : List.of(SW, "pubsub." + SW, "conference." + SW)) {
      srv.put(d, swS2s);
      targets.put(d, "127.0.0.1"); // read by ejabberd only; see EjabberdPeer
    }
    for (String p : List.of(CA_PEER, SELF_PEER)) {
      for (String d : List.of(p, "conference." + p, "pubsub." + p)) {
        srv.put(d, ports.get(p)[1]);
      }
    }
    dns = Dnsmasq.start(dir.resolve("dns"), dnsPort, Map.of("test", "127.0.0.1"), srv, targets);
    ejabberd.put(CA_PEER, EjabberdPeer.start(dir.resolve("ejabberd-ca"), ports.get(CA_PEER)[0],
        ports.get(CA_PEER)[1], dnsPort, caPem, List.of(new EjabberdPeer.Host(CA_PEER, caPeer[0], caPeerKey)),
        List.of(new PeerProcess.User("erin", CA_PEER, "erin-pw"))));
    ejabberd.put(SELF_PEER, EjabberdPeer.start(dir.resolve("ejabberd-self"), ports.get(SELF_PEER)[0],
        ports.get(SELF_PEER)[1], dnsPort, otherPem, List.of(new EjabberdPeer.Host(SELF_PEER, selfPeer[0], selfPeerKey)),
        List.of(new PeerProcess.User("ed", SELF_PEER, "ed-pw"))));
    node = InProcessNode.startWithAccounts("s2s_ejabberd",
        FederationFixture.nodeSettings(SW, sw[0], sw[1], caPem, swS2s, dnsPort), "alice", "bob", "carol");
  }

  @AfterAll
  static void stop() {
    InProcessNode.closeIfStarted(node);
    ejabberd.values().forEach(EjabberdPeer::close);
    if (dns != null) {
      dns.close();
    }
  }

  /** Both ejabberds' log tails, for failure messages. */
  private static String log() {
    StringBuilder b = new StringBuilder();
    ejabberd.forEach((d, e) -> b.append("--- ejabberd of ").append(d).append(":\n").append(e.log()).append('\n'));
    return b.toString();
  }

  private static final RemotePeer REMOTE = new RemotePeer() {
    @Override
    public String product() {
      return "ejabberd";
    }

    @Override
    public String domain(Auth auth) {
      return auth == Auth.SASL_EXTERNAL ? CA_PEER : SELF_PEER;
    }

    @Override
    public String user(String domain) {
      return domain.equals(CA_PEER) ? "erin" : "ed";
    }

    @Override
    public int c2sPort(String domain) {
      return ejabberd.get(domain).c2sPort();
    }

    @Override
    public Path certificate(String domain) {
      return peerCerts.get(domain);
    }

    @Override
    public String log() {
      return EjabberdFederationIT.log();
    }
  };

  @Override
  protected InProcessNode node() {
    return node;
  }

  @Override
  protected Path swCert() {
    return swCert;
  }

  @Override
  protected RemotePeer remote() {
    return REMOTE;
  }

  @ParameterizedTest
  @EnumSource(RemotePeer.Auth.class)
  void muc_ejabberdUserJoinsASwitchboardRoom_andTalks(RemotePeer.Auth auth) throws Exception {
    String peer = REMOTE.domain(auth);
    XMPPTCPConnection alice = swClient("alice", "host");
    XMPPTCPConnection remote = peerClient(peer, "guest");
    try {
      var room = JidCreate.entityBareFrom("hall-" + auth.tag() + "@conference." + SW);
      MultiUserChat owner = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(room);
      owner.create(Resourcepart.from("alice")).makeInstant();
      BlockingQueue<Message> ownerIn = new LinkedBlockingQueue<>();
      owner.addMessageListener(m -> {
        if (m.getBody() != null) {
          ownerIn.add(m);
        }
      });
      MultiUserChat guest = MultiUserChatManager.getInstanceFor(remote).getMultiUserChat(room);
      BlockingQueue<Message> guestIn = new LinkedBlockingQueue<>();
      guest.addMessageListener(m -> {
        if (m.getBody() != null) {
          guestIn.add(m);
        }
      });
      guest.join(Resourcepart.from("visitor"));
      assertThat(guest.isJoined()).isTrue();
      Await.until("alice sees the ejabberd user in her room", Duration.ofSeconds(30),
          () -> owner.getOccupants().stream().anyMatch(o -> o.getResourceOrEmpty().toString().equals("visitor")));
      owner.sendMessage("hello from a switchboard room");
      Message m = next(guestIn, "groupchat message from the Switchboard room at the ejabberd user");
      assertThat(m.getBody()).isEqualTo("hello from a switchboard room");
      assertThat(m.getFrom().toString()).isEqualTo(room + "/alice");
      guest.sendMessage("hello back over s2s");
      Message reply;
      do {
        reply = next(ownerIn, "the ejabberd user's groupchat message in the Switchboard room");
      } while (!reply.getBody().equals("hello back over s2s"));
      assertThat(reply.getFrom().toString()).isEqualTo(room + "/visitor");
      guest.leave();
      Await.until("alice sees the ejabberd user leave", Duration.ofSeconds(30),
          () -> owner.getOccupants().stream().noneMatch(o -> o.getResourceOrEmpty().toString().equals("visitor")));
    } finally {
      alice.disconnect();
      remote.disconnect();
    }
  }
}
