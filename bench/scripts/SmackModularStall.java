import eu.geekplace.javapinning.JavaPinning;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.SmackReactor;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionModule;
import org.jivesoftware.smack.tcp.XmppTcpTransportModule;

/**
 * What SINT's ModularXmppClientToServerConnectionLowLevelIntegrationTest.testDisconnectAfterConnect
 * does (Smack's modular NIO connection: TCP, STARTTLS, stream features after TLS), N times in one
 * JVM, against a c2s port on loopback. A connect() still running after 2 s is inspected: the
 * connection's NIO selection key (interest set, Smack's "reactor racing" flag), its outgoing queue,
 * its TLS state, and the socket's unread bytes (ss). With -Dstall.kick=true the key's interest is
 * then set to READ|WRITE through Smack's own reactor, which shows whether the client only lost
 * its wake-up (connect() completes at once) or waits for the server.
 *
 * Usage (see smack-modular-stall.sh): java -cp ...:SMACK SmackModularStall N PORT CERTSHA256:..
 */
public class SmackModularStall {
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int port = Integer.parseInt(args[1]);
    String pin = args[2];
    boolean kick = Boolean.getBoolean("stall.kick");
    SmackConfiguration.setDefaultReplyTimeout(Integer.getInteger("stall.timeout", 15000));
    int failures = 0;
    AtomicInteger stalls = new AtomicInteger();
    for (int i = 1; i <= n; i++) {
      ModularXmppClientToServerConnection c = new ModularXmppClientToServerConnection(
          ModularXmppClientToServerConnectionConfiguration.builder()
              .setXmppDomain("localhost").setHost("127.0.0.1").setPort(port)
              .setSecurityMode(SecurityMode.required).setCustomX509TrustManager(JavaPinning.trustManagerForPin(pin))
              .setUsernameAndPassword("nobody", "unused").build());
      int iteration = i;
      Thread watcher = new Thread(() -> {
        try {
          Thread.sleep(2000);
        } catch (InterruptedException done) {
          return;
        }
        stalls.incrementAndGet();
        System.out.println("iteration " + iteration + ": connect() still running after 2 s; " + state(c, port));
        if (kick) {
          System.out.println("iteration " + iteration + ": kick: interest READ|WRITE on the connection's key");
          kick(c);
        }
      });
      watcher.start();
      long t0 = System.nanoTime();
      try {
        c.connect();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ms > 2000) {
          System.out.println("iteration " + iteration + ": connected after " + ms + " ms");
        }
      } catch (Exception e) {
        failures++;
        System.out.println("iteration " + iteration + ": FAILED after " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + e);
      } finally {
        watcher.interrupt();
        c.instantShutdown(); // disconnect() would wait its reply timeout for the server's closing tag: not what is measured
      }
    }
    System.out.println("TOTAL " + n + " connects: " + stalls.get() + " stalled over 2 s, " + failures + " failed"
        + (kick ? " (stalls kicked)" : ""));
  }

  private static String state(ModularXmppClientToServerConnection c, int port) {
    try {
      XmppTcpTransportModule tcp = tcpModule(c);
      SelectionKey key = (SelectionKey) field(tcp, XmppTcpTransportModule.class, "selectionKey");
      Object internal = field(tcp, ModularXmppClientToServerConnectionModule.class, "connectionInternal");
      Queue<?> queue = (Queue<?>) internal.getClass().getField("outgoingElementsQueue").get(internal);
      Object tls = field(tcp, XmppTcpTransportModule.class, "tlsState");
      int localPort = ((InetSocketAddress) ((SocketChannel) field(tcp, XmppTcpTransportModule.class, "socketChannel"))
          .getLocalAddress()).getPort();
      return "key interestOps=" + key.interestOps() + " (1 READ, 4 WRITE) readyOps=" + key.readyOps()
          + " racing=" + ((SmackReactor.SelectionKeyAttachment) key.attachment()).isReactorThreadRacing()
          + "; outgoing queue " + queue.size() + (queue.isEmpty() ? "" : " (" + queue.peek().getClass().getSimpleName() + ")")
          + "; pendingOutputFilterData=" + field(tcp, XmppTcpTransportModule.class, "pendingOutputFilterData")
          + (tls == null ? "; no TLS yet" : "; TLS " + field(tls, tls.getClass(), "handshakeStatus")
              + ", engine " + ((javax.net.ssl.SSLEngine) field(tls, tls.getClass(), "engine")).getHandshakeStatus())
          + "; socket unread bytes (ss Recv-Q) " + recvQ(localPort, port);
    } catch (Exception e) {
      return "state: " + e;
    }
  }

  private static void kick(ModularXmppClientToServerConnection c) {
    try {
      XmppTcpTransportModule tcp = tcpModule(c);
      SelectionKey key = (SelectionKey) field(tcp, XmppTcpTransportModule.class, "selectionKey");
      Object internal = field(tcp, ModularXmppClientToServerConnectionModule.class, "connectionInternal");
      internal.getClass().getMethod("setInterestOps", SelectionKey.class, int.class)
          .invoke(internal, key, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    } catch (Exception e) {
      System.out.println("kick: " + e);
    }
  }

  private static String recvQ(int localPort, int serverPort) throws Exception {
    Process ss = new ProcessBuilder("ss", "-Htn", "( sport = :" + localPort + " and dport = :" + serverPort + " )")
        .redirectErrorStream(true).start();
    String line = new String(ss.getInputStream().readAllBytes()).trim();
    String[] f = line.split("\\s+");
    return f.length > 1 ? f[1] : "? (" + line + ")";
  }

  private static XmppTcpTransportModule tcpModule(Object connection) throws Exception {
    for (Class<?> k = connection.getClass(); k != null; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        f.setAccessible(true);
        if (f.get(connection) instanceof Map<?, ?> modules) {
          for (Object m : modules.values()) {
            if (m instanceof XmppTcpTransportModule tcp) {
              return tcp;
            }
          }
        }
      }
    }
    throw new IllegalStateException("no XmppTcpTransportModule");
  }

  private static Object field(Object o, Class<?> k, String name) throws Exception {
    Field f = k.getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }
}
