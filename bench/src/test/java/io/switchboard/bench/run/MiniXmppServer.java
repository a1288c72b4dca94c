package io.switchboard.bench.run;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.sasl.SaslPayloads;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.StreamDecoder;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deliberately tiny in-memory c2s server for testing the generator and measuring its own
 * ceiling: PLAIN without TLS (password must be "pass" + the user's number), bind, an empty
 * roster, and 1:1 message routing by bare JID. No presence broadcast, no storage. Not a
 * reference for anything server-side. Run alone: {@code java ... MiniXmppServer PORT}.
 */
public final class MiniXmppServer implements AutoCloseable {
  private static final String FEATURES_AUTH = "<stream:features><mechanisms xmlns='" + Namespaces.SASL
      + "'><mechanism>PLAIN</mechanism></mechanisms></stream:features>";
  private static final String FEATURES_BIND = "<stream:features><bind xmlns='" + Namespaces.BIND + "'/></stream:features>";

  private final EventLoopGroup group;
  private final Channel server;
  private final Map<String, Channel> online = new ConcurrentHashMap<>();
  private final AtomicInteger logins = new AtomicInteger();
  private final AtomicLong routed = new AtomicLong();

  private MiniXmppServer(int port, int threads) throws InterruptedException {
    group = new NioEventLoopGroup(threads);
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new Connection());
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
  }

  /** Starts on a free loopback port (0) or the given one. */
  public static MiniXmppServer start(int port) throws InterruptedException {
    return new MiniXmppServer(port, 1);
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public int logins() {
    return logins.get();
  }

  public long routed() {
    return routed.get();
  }

  @Override
  public void close() throws InterruptedException {
    server.close().sync();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
  }

  public static void main(String[] args) throws Exception {
    MiniXmppServer s = new MiniXmppServer(Integer.parseInt(args[0]), 1);
    System.out.println("MiniXmppServer on 127.0.0.1:" + s.port() + " pid " + ProcessHandle.current().pid());
    s.server.closeFuture().sync();
  }

  private final class Connection extends ChannelInboundHandlerAdapter {
    private StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT, Set.of(Namespaces.JABBER_CLIENT));
    private String bare;
    private String full;
    private boolean authenticated;
    private ChannelHandlerContext ctx;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      this.ctx = ctx;
      ByteBuf buf = (ByteBuf) msg;
      try {
        byte[] bytes = ByteBufUtil.getBytes(buf);
        int offset = 0;
        int left = bytes.length;
        while (left > 0) {
          int rest = decoder.feed(bytes, offset, left, this::onEvent);
          if (rest == 0 || decoder.isStreamClosed()) {
            break;
          }
          offset += left - rest;
          left = rest;
        }
      } catch (Exception e) {
        ctx.close();
      } finally {
        buf.release();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (bare != null) {
        online.remove(bare, ctx.channel());
      }
    }

    private void onEvent(StreamEvent event) {
      if (event instanceof StreamEvent.StreamOpened) {
        send(StreamHeader.of(Namespaces.JABBER_CLIENT, "example.test", null, "s" + System.nanoTime(), "en").toXml()
            + (authenticated ? FEATURES_BIND : FEATURES_AUTH));
      } else if (event instanceof StreamEvent.ElementReceived r) {
        onElement(r.element());
      } else if (event == StreamEvent.StreamClosed.INSTANCE) {
        send(StreamHeader.CLOSE);
        ctx.close();
      }
    }

    private void onElement(XmlElement el) {
      if (el.is("auth", Namespaces.SASL)) {
        String[] parts = new String(SaslPayloads.decode(el.text()).orElse(new byte[0]), StandardCharsets.UTF_8)
            .split("\u0000", -1);
        if (parts.length == 3 && parts[1].startsWith("user") && parts[2].equals("pass" + parts[1].substring(4))) {
          bare = parts[1] + "@example.test";
          authenticated = true;
          decoder.restart();
          send("<success xmlns='" + Namespaces.SASL + "'/>");
        } else {
          send("<failure xmlns='" + Namespaces.SASL + "'><not-authorized/></failure>");
        }
      } else if (el.name().equals("iq") && el.child("bind", Namespaces.BIND).isPresent()) {
        full = bare + "/" + el.child("bind", Namespaces.BIND).flatMap(b -> b.childText("resource", Namespaces.BIND))
            .orElse("r");
        online.put(bare, ctx.channel());
        logins.incrementAndGet();
        send("<iq type='result' id='" + el.attr("id") + "'><bind xmlns='" + Namespaces.BIND + "'><jid>" + full
            + "</jid></bind></iq>");
      } else if (el.name().equals("iq") && el.child("query", Namespaces.ROSTER).isPresent()) {
        send("<iq type='result' id='" + el.attr("id") + "'><query xmlns='" + Namespaces.ROSTER + "'/></iq>");
      } else if (el.name().equals("message") && el.attr("to") != null) {
        String to = el.attr("to");
        int slash = to.indexOf('/');
        Channel target = online.get(slash < 0 ? to : to.substring(0, slash));
        if (target != null) {
          String xml = XmlWriter.write(el.withAttribute("from", full), Namespaces.JABBER_CLIENT);
          target.writeAndFlush(ByteBufUtil.writeUtf8(target.alloc(), xml), target.voidPromise());
          routed.incrementAndGet();
        }
      }
    }

    private void send(String xml) {
      ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), xml), ctx.voidPromise());
    }
  }
}
