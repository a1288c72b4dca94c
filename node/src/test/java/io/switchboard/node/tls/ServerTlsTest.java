package io.switchboard.node.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.typesafe.config.ConfigFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.switchboard.node.config.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's TLS engines: each one completes a real handshake (in memory) and carries data. */
class ServerTlsTest {
  @TempDir Path dataDir;

  private static TlsSettings settings(TlsSettings.Provider provider) {
    return new TlsSettings(Optional.empty(), Optional.empty(), true, provider);
  }

  @Test
  void jdkEngine_completesAHandshake() throws Exception {
    ServerTls tls = ServerTls.load(settings(TlsSettings.Provider.JDK), "example.test", dataDir, Clock.systemUTC());

    assertThat(handshake(tls.context())).isEqualTo("TLSv1.3");
  }

  @Test
  void opensslEngine_completesAHandshake() throws Exception {
    assumeThat(OpenSsl.isAvailable()).as("netty-tcnative loads on this platform").isTrue();
    ServerTls tls = ServerTls.load(settings(TlsSettings.Provider.OPENSSL), "example.test", dataDir, Clock.systemUTC());

    assertThat(tls.context().isServer()).isTrue();
    assertThat(handshake(tls.context())).isEqualTo("TLSv1.3");
  }

  @Test
  void opensslEngine_smallestHandshakeBuffer_tls13AndTls12HandshakesAndDataBothWays() throws Exception {
    assumeThat(OpenSsl.isAvailable()).as("netty-tcnative loads on this platform").isTrue();
    // 64 bytes: the server's flight (certificate included) and its session tickets leave in many
    // pieces; the engine must still finish and carry data.
    ServerTls tls = ServerTls.load(new TlsSettings(Optional.empty(), Optional.empty(), true,
        TlsSettings.Provider.OPENSSL, 64), "example.test", dataDir, Clock.systemUTC());

    assertThat(((ReferenceCountedOpenSslContext) tls.context()).getBioNonApplicationBufferSize()).isEqualTo(64);
    assertThat(handshake(tls.context(), "TLSv1.3")).isEqualTo("TLSv1.3");
    assertThat(handshake(tls.context(), "TLSv1.2")).isEqualTo("TLSv1.2");
  }

  @Test
  void opensslHandshakeBuffer_defaultsTo256_andOutOfRangeNamesTheSetting() {
    String base = "switchboard.tls { cert-file = \"\", key-file = \"\", required = true, provider = auto";
    assertThat(TlsSettings.fromConfig(ConfigFactory.parseString(base + " }").withFallback(ConfigFactory.defaultReference()))
        .opensslHandshakeBuffer()).isEqualTo(TlsSettings.DEFAULT_OPENSSL_HANDSHAKE_BUFFER).isEqualTo(256);
    assertThatThrownBy(() -> TlsSettings.fromConfig(
            ConfigFactory.parseString(base + ", openssl-handshake-buffer = 16 }")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("switchboard.tls.openssl-handshake-buffer");
  }

  @Test
  void auto_isOpensslWhenItLoads_elseJdk() throws Exception {
    assertThat(ServerTls.provider(TlsSettings.Provider.AUTO))
        .isEqualTo(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
    assertThat(ServerTls.provider(TlsSettings.Provider.JDK)).isEqualTo(SslProvider.JDK);
  }

  @Test
  void provider_fromConfig_unknownValueNamesTheSetting() {
    var config = ConfigFactory.parseString("switchboard.tls { cert-file = \"\", key-file = \"\", required = true,"
        + " provider = \"gnutls\", openssl-handshake-buffer = 2048 }");

    assertThatThrownBy(() -> TlsSettings.fromConfig(config))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.tls.provider");
    assertThat(TlsSettings.fromConfig(ConfigFactory.parseString(
        "switchboard.tls { cert-file = \"\", key-file = \"\", required = true, provider = JDK,"
            + " openssl-handshake-buffer = 2048 }")).provider())
        .isEqualTo(TlsSettings.Provider.JDK);
  }

  private static String handshake(SslContext server) throws Exception {
    return handshake(server, "TLSv1.3");
  }

  /**
   * Runs a handshake between a JDK client limited to {@code protocol} and {@code server}, moving
   * bytes by hand, then sends a line each way; returns the protocol agreed.
   */
  private static String handshake(SslContext server, String protocol) throws Exception {
    SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
        .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols(protocol).build();
    EmbeddedChannel c = new EmbeddedChannel();
    EmbeddedChannel s = new EmbeddedChannel();
    SslHandler clientHandler = client.newHandler(c.alloc(), "example.test", 5222);
    SslHandler serverHandler = server.newHandler(s.alloc());
    c.pipeline().addLast(clientHandler);
    s.pipeline().addLast(serverHandler);
    try {
      for (int round = 0; round < 20 && !(clientHandler.handshakeFuture().isDone()
          && serverHandler.handshakeFuture().isDone()); round++) {
        move(c, s);
        move(s, c);
      }
      assertThat(serverHandler.handshakeFuture().isSuccess()).as("server handshake").isTrue();
      assertThat(clientHandler.handshakeFuture().isSuccess()).as("client handshake").isTrue();
      assertThat(carry(c, s, "<presence/>")).isEqualTo("<presence/>");
      assertThat(carry(s, c, "<message>ok</message>")).isEqualTo("<message>ok</message>");
      return serverHandler.engine().getSession().getProtocol();
    } finally {
      c.finishAndReleaseAll();
      s.finishAndReleaseAll();
    }
  }

  /** Writes {@code text} on one side and returns what the other side decrypted. */
  private static String carry(EmbeddedChannel from, EmbeddedChannel to, String text) {
    from.writeOutbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    StringBuilder got = new StringBuilder();
    for (int round = 0; round < 10 && got.length() < text.length(); round++) {
      move(from, to);
      move(to, from); // records the receiver wrote while reading (tickets, for one)
      ByteBuf in;
      while ((in = to.readInbound()) != null) {
        got.append(in.toString(StandardCharsets.UTF_8));
        in.release();
      }
    }
    return got.toString();
  }

  private static void move(EmbeddedChannel from, EmbeddedChannel to) {
    from.runPendingTasks();
    ByteBuf b;
    while ((b = from.readOutbound()) != null) {
      to.writeInbound(b);
    }
    to.runPendingTasks();
  }
}
