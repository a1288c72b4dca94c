package io.switchboard.deploy;

import io.switchboard.persistence.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.sasl.SASLError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A Smack client of the cluster through the balancer (STARTTLS required, trusting exactly the
 * cluster's certificate). It counts the message bodies it receives, remembers the stream errors
 * that closed its stream, and, when asked to, logs in again through the balancer after its stream
 * was closed, as a real client reconnects.
 */
final class XmppClient implements AutoCloseable {
  static {
    SmackConfiguration.setDefaultReplyTimeout(30_000);
  }

  private static final Duration RECONNECT_WITHIN = Duration.ofSeconds(180);
  private static final int LOGIN_ATTEMPTS = 10;
  private static final Duration LOGIN_RETRY_AFTER = Duration.ofSeconds(3);

  final String user;
  final XMPPTCPConnection connection;
  /** Body → number of copies received (live or from offline storage). */
  final Map<String, Integer> received = new ConcurrentHashMap<>();
  final List<String> streamErrors = new CopyOnWriteArrayList<>();
  final AtomicInteger logins = new AtomicInteger();
  final AtomicLong lastReconnectMs = new AtomicLong(-1);
  private volatile boolean reconnect;
  private volatile boolean closing;

  private XmppClient(String user, XMPPTCPConnection connection) {
    this.user = user;
    this.connection = connection;
  }

  static XmppClient login(String domain, int port, String user, String password, String resource,
      X509TrustManager trust) throws Exception {
    return login(domain, port, user, password, resource, trust, true);
  }

  /**
   * @param streamManagement XEP-0198 (Smack's default). A sender that may run more than 1,000
   *     stanzas ahead of the server's acknowledgements must go without: Smack 4.5 then blocks its
   *     writer on the full unacknowledged-stanza queue while its reader waits to answer the
   *     server's {@code <r/>} through that writer, and the connection never recovers. The server's
   *     {@code <a h>} counts only what the cluster took, so while a recipient's entity fails over
   *     (tens of seconds) a fast sender gets there.
   */
  static XmppClient login(String domain, int port, String user, String password, String resource,
      X509TrustManager trust, boolean streamManagement) throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(domain)
        .setHost("127.0.0.1")
        .setPort(port)
        .setUsernameAndPassword(user, password)
        .setResource(resource)
        .setSecurityMode(SecurityMode.required)
        .setCustomX509TrustManager(trust)
        .setSendPresence(true)
        .build());
    c.setUseStreamManagement(streamManagement);
    XmppClient client = new XmppClient(user, c);
    c.addSyncStanzaListener(st -> {
      String body = ((Message) st).getBody();
      if (body != null) {
        client.received.merge(body, 1, Integer::sum);
      }
    }, StanzaTypeFilter.MESSAGE);
    c.addConnectionListener(new ConnectionListener() {
      @Override
      public void connectionClosedOnError(Exception e) {
        if (e instanceof XMPPException.StreamErrorException se) {
          client.streamErrors.add(se.getStreamError().getCondition().toString());
        } else {
          client.streamErrors.add("(no stream error) " + e.getClass().getSimpleName());
        }
        if (client.reconnect && !client.closing) {
          Thread t = new Thread(client::reconnectLoop, "reconnect-" + user);
          t.setDaemon(true);
          t.start();
        }
      }
    });
    c.connect().login();
    client.logins.incrementAndGet();
    return client;
  }

  /** Log in again through the balancer whenever the stream is closed on an error. */
  XmppClient reconnecting() {
    reconnect = true;
    return this;
  }

  boolean online() {
    return connection.isConnected() && connection.isAuthenticated();
  }

  private void reconnectLoop() {
    long t0 = System.nanoTime();
    try {
      Await.quietly(RECONNECT_WITHIN, () -> {
        if (closing) {
          return true;
        }
        try {
          connection.connect().login();
          logins.incrementAndGet();
          lastReconnectMs.set((System.nanoTime() - t0) / 1_000_000);
          return true;
        } catch (Exception e) {
          connection.disconnect();
          return false;
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A clean log-out and a fresh login: whatever waits in offline storage comes with it. */
  void loginAgain() throws Exception {
    reconnect = false;
    connection.disconnect();
    for (int attempt = 1; ; attempt++) {
      try {
        connection.connect().login();
        break;
      } catch (SASLErrorException e) {
        // RFC 6120 §6.5.13: the server could not check the credentials just then (its Cassandra
        // connection was down: seen once when the machine was loaded); a client tries again later.
        if (e.getSASLFailure().getSASLError() != SASLError.temporary_auth_failure || attempt == LOGIN_ATTEMPTS) {
          throw e;
        }
        connection.disconnect();
        Thread.sleep(LOGIN_RETRY_AFTER.toMillis());
      }
    }
    logins.incrementAndGet();
  }

  void send(String to, String body) throws Exception {
    connection.sendStanza(connection.getStanzaFactory().buildMessageStanza()
        .to(bare(to)).ofType(Message.Type.chat).setBody(body).build());
  }

  EntityBareJid bare(String localpart) {
    try {
      return JidCreate.entityBareFrom(localpart + "@" + connection.getXMPPServiceDomain());
    } catch (Exception e) {
      throw new IllegalArgumentException(localpart, e);
    }
  }

  @Override
  public void close() {
    closing = true;
    connection.disconnect();
  }
}
