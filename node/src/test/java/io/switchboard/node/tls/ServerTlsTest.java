package io.switchboard.node.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.typesafe.config.ConfigFactory;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.switchboard.node.config.InvalidSettingException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's TLS engines: each one completes a real handshake (in memory) with TLS 1.3. */
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
  void auto_isOpensslWhenItLoads_elseJdk() throws Exception {
    assertThat(ServerTls.provider(TlsSettings.Provider.AUTO))
        .isEqualTo(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
    assertThat(ServerTls.provider(TlsSettings.Provider.JDK)).isEqualTo(SslProvider.JDK);
  }

  @Test
  void provider_fromConfig_unknownValueNamesTheSetting() {
    var config = ConfigFactory.parseString("switchboard.tls { cert-file = \"\", key-file = \"\", required = true,"
        + " provider = \"gnutls\" }");

    assertThatThrownBy(() -> TlsSettings.fromConfig(config))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.tls.provider");
    assertThat(TlsSettings.fromConfig(ConfigFactory.parseString(
        "switchboard.tls { cert-file = \"\", key-file = \"\", required = true, provider = JDK }")).provider())
        .isEqualTo(TlsSettings.Provider.JDK);
  }

  /** Runs a handshake between a JDK client and {@code server}, moving bytes by hand; the protocol agreed. */
  private static String handshake(SslContext server) throws Exception {
    SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
        .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols("TLSv1.3").build();
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
      return serverHandler.engine().getSession().getProtocol();
    } finally {
      c.finishAndReleaseAll();
      s.finishAndReleaseAll();
    }
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
