package io.switchboard.node.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.typesafe.config.ConfigFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.switchboard.node.config.InvalidSettingException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #23 F18: the TLS listeners' cipher policy, checked with {@code openssl s_client} against a
 * real socket served by the server's TLS context, with an RSA certificate (where the engines'
 * defaults would also offer static-RSA and CBC suites). A weak suite must be refused; the modern
 * ones must work. Skips without the openssl command line tool (CI installs it).
 */
class CipherPolicyTest {
  @TempDir static Path dir;
  static Path cert;
  static Path key;

  @BeforeAll
  static void rsaCertificate() throws Exception {
    assumeThat(openssl()).as("openssl on PATH").isTrue();
    cert = dir.resolve("rsa.crt.pem");
    key = dir.resolve("rsa.key.pem");
    Result r = run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
        "-out", cert.toString(), "-subj", "/CN=example.test", "-days", "2"), 60);
    assertThat(r.exit()).as(r.output()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = TlsSettings.Provider.class, names = {"JDK", "OPENSSL"})
  void rsaCertificate_weakSuitesRefused_modernSuitesAccepted(TlsSettings.Provider provider) throws Exception {
    assumeThat(provider != TlsSettings.Provider.OPENSSL || OpenSsl.isAvailable()).isTrue();
    ServerTls tls = ServerTls.load(new TlsSettings(Optional.of(cert), Optional.of(key), true, provider),
        "example.test", dir, Clock.systemUTC());
    EventLoopGroup group = new NioEventLoopGroup(1);
    try {
      Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(tls.context().newHandler(ch.alloc()));
            }
          })
          .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
      int port = ((InetSocketAddress) server.localAddress()).getPort();

      // Static RSA key exchange with CBC and SHA-1, and ECDHE with CBC: both refused.
      assertThat(sClient(port, "-tls1_2", "-cipher", "AES128-SHA").cipher()).isEmpty();
      assertThat(sClient(port, "-tls1_2", "-cipher", "AES256-GCM-SHA384").cipher()).isEmpty();
      assertThat(sClient(port, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA").cipher()).isEmpty();
      assertThat(sClient(port, "-tls1_2", "-cipher", "ECDHE-RSA-AES256-SHA384").cipher()).isEmpty();
      // What the policy allows.
      assertThat(sClient(port, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256").cipher())
          .contains("ECDHE-RSA-AES128-GCM-SHA256");
      assertThat(sClient(port, "-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305").cipher())
          .contains("ECDHE-RSA-CHACHA20-POLY1305");
      assertThat(sClient(port, "-tls1_3").cipher()).hasValueSatisfying(c -> assertThat(c).startsWith("TLS_"));
      server.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void fromConfig_commaSeparatedSuites_andUnknownNamesTheSetting() throws Exception {
    String base = "switchboard.tls { cert-file = \"\", key-file = \"\", required = true, provider = jdk,"
        + " openssl-handshake-buffer = 2048";
    TlsSettings s = TlsSettings.fromConfig(ConfigFactory.parseString(
        base + ", protocols = \"TLSv1.3\", cipher-suites = \"TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384\" }"));
    assertThat(s.policy().protocols()).containsExactly("TLSv1.3");
    assertThat(s.policy().cipherSuites()).containsExactly("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");
    assertThat(TlsSettings.fromConfig(ConfigFactory.parseString(base + " }")).policy())
        .isEqualTo(TlsSettings.CipherPolicy.MODERN);

    assertThatThrownBy(() -> TlsSettings.fromConfig(ConfigFactory.parseString(base + ", protocols = [TLSv1.1] }")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.tls.protocols");
    TlsSettings bogus = TlsSettings.fromConfig(ConfigFactory.parseString(base + ", cipher-suites = [TLS_NOPE] }"));
    assertThatThrownBy(() -> ServerTls.load(bogus, "example.test", dir, Clock.systemUTC()))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.tls.cipher-suites");
  }

  /** The suite {@code openssl s_client} agreed on, or empty when the handshake failed. */
  private static SClient sClient(int port, String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-servername", "example.test", "-brief"));
    cmd.addAll(List.of(options));
    return new SClient(run(cmd, 30));
  }

  record SClient(Result result) {
    Optional<String> cipher() {
      if (result.exit() != 0) {
        return Optional.empty();
      }
      return result.output().lines().filter(l -> l.startsWith("Ciphersuite:"))
          .map(l -> l.substring("Ciphersuite:".length()).trim()).findFirst();
    }
  }

  record Result(int exit, String output) {}

  private static Result run(List<String> cmd, int seconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static boolean openssl() {
    try {
      return run(List.of("openssl", "version"), 10).exit() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
