package io.switchboard.node.bosh;

import io.switchboard.node.stream.ClientStream;
import io.switchboard.node.web.Peer;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.StandaloneXml;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BOSH session (XEP-0124, XEP-0206) on the node that created it: the client stream
 * ({@link ClientStream} over a {@link BoshTransport}) and the HTTP side of it: requests in
 * {@code rid} order ({@link RequestWindow}), up to {@code hold} of them held open until the
 * server has something to say or {@code wait} passes, what the stream writes collected for the
 * next response, {@code ack}, {@code pause}, {@code terminate}, restarts, and the inactivity
 * timeout. Requests reach it from the HTTP port of <em>any</em> node (the sid names this node's
 * address, see {@link SessionId}), so no load balancer needs sticky sessions; it is an ordinary
 * actor, not a sharded entity, because a live stream cannot move with a rebalanced shard. If its
 * node goes, the session goes, as a TCP connection would (XEP-0198 resumption still works).
 *
 * <p>The actor is the stream's thread. Writes made while it handles a message are collected
 * directly; writes from other threads (the connection actor delivering stanzas) arrive as
 * {@link Write} messages. Every message ends with {@link #flush()}.
 */
final class BoshSession extends AbstractBehavior<BoshSession.Command> {
  private static final Logger log = LoggerFactory.getLogger(BoshSession.class);
  /** After the session ended, late requests still get the terminate answer this long. */
  private static final Duration LINGER = Duration.ofSeconds(5);

  sealed interface Command {}

  /** An HTTP request's body, from the HTTP port of any node; answered with one {@link Reply}. */
  record Request(XmlElement body, boolean secure, ActorRef<Reply> replyTo) implements Command, CborSerializable {}

  /** The HTTP response: status and body. */
  record Reply(int status, String body) implements CborSerializable {}

  private record Run(Runnable task) implements Command {}

  private record Write(XmlElement element, Consumer<Boolean> written) implements Command {}

  private record Close(StreamError error) implements Command {}

  private record WaitOver(long rid) implements Command {}

  private enum Inactive implements Command { INSTANCE }

  /** Node shutdown: the stream ends with system-shutdown. */
  enum Shutdown implements Command { INSTANCE }

  private enum Stop implements Command { INSTANCE }

  private record Held(long rid, ActorRef<Reply> replyTo, Cancellable timer) {}

  private record Out(String xml, Consumer<Boolean> written) {}

  private final ActorContext<Command> ctx;
  private final BoshContext shared;
  private final SessionId sid;
  private final Peer peer;
  private final BoshTransport transport;
  private final ClientStream stream;
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private final ArrayDeque<Out> pending = new ArrayDeque<>();
  private RequestWindow<Request> window;
  private long creationRid = -1;
  private StreamHeader header;
  private Duration wait;
  private int hold;
  private boolean ackRequested;
  private long pauseUntil;
  private long idleSince = System.nanoTime();
  /** When the last request without payload arrived (XEP-0124 §12: polling sessions). */
  private long lastEmptyRequest = Long.MIN_VALUE / 2;
  private boolean ended;
  private StreamError endError;
  private boolean finished;
  private Thread handling;

  private BoshSession(ActorContext<Command> ctx, BoshContext shared, SessionId sid, Peer peer) {
    super(ctx);
    this.ctx = ctx;
    this.shared = shared;
    this.sid = sid;
    this.peer = peer;
    this.transport = new BoshTransport(this, shared.timer(), peer, sid.token().substring(0, 6));
    this.stream = new ClientStream(shared.services(), transport, shared.wiring());
  }

  static Behavior<Command> create(BoshContext shared, SessionId sid, Peer peer) {
    return Behaviors.setup(ctx -> new BoshSession(ctx, shared, sid, peer));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onAnyMessage(this::handle)
        .onSignal(PostStop.class, s -> {
          held.forEach(h -> h.timer().cancel());
          shared.sessions().remove(sid.token());
          shared.addresses().release(peer.address());
          if (!finished) {
            finished = true;
            stream.onDisconnected();
          }
          return this;
        })
        .build();
  }

  private Behavior<Command> handle(Command m) {
    handling = Thread.currentThread();
    try {
      if (m == Stop.INSTANCE) {
        answerAll(BoshResponses.terminate(endError));
        return Behaviors.stopped();
      }
      if (m instanceof Request r) {
        onRequest(r);
      } else if (m instanceof Write w) {
        write(w.element(), w.written());
      } else if (m instanceof Run r) {
        r.task().run();
      } else if (m instanceof Close c) {
        close(c.error());
      } else if (m instanceof WaitOver w) {
        onWaitOver(w.rid());
      } else if (m == Inactive.INSTANCE) {
        onInactive();
      } else if (m == Shutdown.INSTANCE) {
        stream.shutdown();
        ctx.scheduleOnce(LINGER.multipliedBy(2), ctx.getSelf(), Stop.INSTANCE);
      }
      flush();
    } catch (RuntimeException e) {
      log.warn("BOSH session {} failed: {}", sid.token().substring(0, 6), e.toString(), e);
      endError = null;
      answerAll(BoshResponses.terminate("internal-server-error"));
      return Behaviors.stopped();
    } finally {
      handling = null;
    }
    return this;
  }

  // ---------------------------------------------------------------- requests

  private void onRequest(Request r) {
    BoshBody body = new BoshBody(r.body());
    transport.readAt(System.nanoTime());
    if (finished || ended && window != null && pending.isEmpty()) {
      r.replyTo().tell(ok(BoshResponses.terminate(endError)));
      return;
    }
    if (window == null) {
      create(body, r);
      return;
    }
    if (body.rid().isEmpty() || body.malformed("ack") || body.malformed("pause")) {
      r.replyTo().tell(ok(BoshResponses.terminate("bad-request")));
      end("bad-request");
      return;
    }
    if (peer.secure() && !r.secure()) {
      // The session began encrypted; a plaintext request of it would expose what it carries.
      r.replyTo().tell(ok(BoshResponses.terminate("policy-violation")));
      end("policy-violation");
      return;
    }
    long rid = body.rid().getAsLong();
    RequestWindow.Decision<Request> d = window.arrive(rid, r);
    if (d instanceof RequestWindow.Process<Request>) {
      process(rid, r);
      for (Optional<Map.Entry<Long, Request>> next = window.nextInOrder(); next.isPresent() && !ended;
          next = window.nextInOrder()) {
        process(next.get().getKey(), next.get().getValue());
      }
    } else if (d instanceof RequestWindow.Repeat<Request> repeat) {
      r.replyTo().tell(ok(repeat.response()));
    } else if (d instanceof RequestWindow.Replace<Request>) {
      replaceHeld(rid, r.replyTo());
    } else if (d instanceof RequestWindow.OutOfWindow<Request>) {
      log.info("BOSH session {}: rid {} outside the window (next {})", sid.token().substring(0, 6), rid,
          window.highestInOrder() + 1);
      r.replyTo().tell(ok(BoshResponses.terminate("item-not-found")));
      end("item-not-found");
    }
    // Wait: it stays in the window until the requests before it arrive.
  }

  /** XEP-0124 §7.1, XEP-0206 §4: the session creation request opens the stream. */
  private void create(BoshBody body, Request r) {
    var settings = shared.settings();
    long rid = body.rid().getAsLong(); // checked by the endpoint
    wait = Duration.ofSeconds(Math.min(body.wait_().orElse(settings.maxWait().toSeconds()), settings.maxWait().toSeconds()));
    hold = (int) Math.min(body.hold().orElse(1), settings.maxHold());
    ackRequested = body.ack().isPresent();
    window = new RequestWindow<>(rid, hold + 1);
    creationRid = rid;
    held.addLast(new Held(rid, r.replyTo(), schedule(new WaitOver(rid), wait)));
    stream.onConnected();
    Map<String, String> open = new HashMap<>();
    body.to().ifPresent(to -> open.put("to", to));
    body.xmppVersion().ifPresent(v -> open.put("version", v));
    body.lang().ifPresent(l -> open.put("xml:lang", l));
    stream.onEvent(new StreamEvent.StreamOpened(open));
    log.debug("BOSH session {} created for {} (wait {}, hold {})", sid.token().substring(0, 6), peer.describe(), wait, hold);
  }

  private void process(long rid, Request r) {
    BoshBody body = new BoshBody(r.body());
    long now = System.nanoTime();
    if (hold == 0 && body.payload().isEmpty() && !body.terminate() && !body.restart() && body.pause().isEmpty()) {
      // XEP-0124 §12: a polling session's empty requests come at most every 'polling' seconds.
      if (now - lastEmptyRequest < shared.settings().polling().toNanos()) {
        r.replyTo().tell(ok(BoshResponses.terminate("policy-violation")));
        end("policy-violation");
        return;
      }
      lastEmptyRequest = now;
    }
    body.ack().ifPresent(window::acknowledged);
    held.addLast(new Held(rid, r.replyTo(), schedule(new WaitOver(rid), wait)));
    if (body.pause().isPresent()) {
      long seconds = body.pause().getAsLong();
      if (seconds > shared.settings().maxPause().toSeconds()) {
        end("policy-violation");
        return;
      }
      // XEP-0124 §10: every held request is answered now; the session waits up to the pause.
      pauseUntil = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    }
    if (body.restart()) {
      Map<String, String> open = new HashMap<>();
      body.to().ifPresent(to -> open.put("to", to));
      body.lang().ifPresent(l -> open.put("xml:lang", l));
      open.put("version", "1.0");
      stream.onEvent(new StreamEvent.StreamOpened(open));
    }
    for (XmlElement e : body.payload()) {
      stream.onEvent(new StreamEvent.ElementReceived(e, 0));
    }
    if (body.terminate()) {
      stream.onEvent(StreamEvent.StreamClosed.INSTANCE);
    }
  }

  private void replaceHeld(long rid, ActorRef<Reply> replyTo) {
    List<Held> all = new ArrayList<>(held);
    held.clear();
    for (Held h : all) {
      if (h.rid() == rid) {
        h.replyTo().tell(ok(BoshResponses.empty(Map.of())));
        held.addLast(new Held(rid, replyTo, h.timer()));
      } else {
        held.addLast(h);
      }
    }
  }

  private void onWaitOver(long rid) {
    for (Held h : List.copyOf(held)) {
      if (h.rid() == rid) {
        held.remove(h);
        respond(h, List.of());
      }
    }
  }

  private void onInactive() {
    long limit = Math.max(shared.settings().inactivity().toNanos(), pauseUntil - idleSince);
    if (held.isEmpty() && !finished && System.nanoTime() - idleSince >= limit - 1_000_000) {
      log.debug("BOSH session {} inactive; ending it", sid.token().substring(0, 6));
      transport.closed();
      finish();
    }
  }

  // ---------------------------------------------------------------- the stream's side

  void streamHeader(StreamHeader h) {
    header = h;
  }

  /** A first-level element for the client: collected here, or sent here from another thread. */
  void write(XmlElement element, Consumer<Boolean> written) {
    if (Thread.currentThread() != handling) {
      ctx.getSelf().tell(new Write(element, written));
      return;
    }
    if (ended || finished) {
      if (written != null) {
        written.accept(false);
      }
      return;
    }
    String xml = StandaloneXml.write(element);
    if (xml.length() > shared.settings().maxResponseBytes()) {
      log.warn("BOSH session {}: an element of {} characters is larger than a response may be; not sent",
          sid.token().substring(0, 6), xml.length());
      if (written != null) {
        written.accept(false);
      }
      return;
    }
    pending.addLast(new Out(xml, written));
  }

  /** The stream ends: what was written goes first, then the terminate answer (XEP-0124 §13). */
  void close(StreamError error) {
    if (Thread.currentThread() != handling) {
      ctx.getSelf().tell(new Close(error));
      return;
    }
    if (!ended) {
      ended = true;
      endError = error;
    }
  }

  void execute(Runnable task) {
    ctx.getSelf().tell(new Run(task));
  }

  private void end(String condition) {
    ended = true;
    pending.forEach(o -> {
      if (o.written() != null) {
        o.written().accept(false);
      }
    });
    pending.clear();
    answerAll(BoshResponses.terminate(condition));
    transport.closed();
    finish();
  }

  // ---------------------------------------------------------------- responses

  /**
   * Answers what can be answered: collected output to the oldest held requests; once the stream
   * ended and its output is out, terminate to every request; beyond {@code hold} (or all while
   * paused, or with hold 0) the oldest held requests get an empty body.
   */
  private void flush() {
    while (!pending.isEmpty() && !held.isEmpty()) {
      respond(held.pollFirst(), takePending());
    }
    if (ended && pending.isEmpty() && !finished) {
      answerAll(BoshResponses.terminate(endError));
      finish();
      return;
    }
    int keep = System.nanoTime() - pauseUntil < 0 ? 0 : hold;
    while (held.size() > keep) {
      respond(held.pollFirst(), List.of());
    }
    if (held.isEmpty() && !finished && window != null) {
      idleSince = System.nanoTime();
      Duration limit = shared.settings().inactivity();
      long paused = pauseUntil - idleSince;
      ctx.scheduleOnce(paused > limit.toNanos() ? Duration.ofNanos(paused) : limit, ctx.getSelf(), Inactive.INSTANCE);
    }
  }

  private List<Out> takePending() {
    List<Out> out = new ArrayList<>();
    int size = 0;
    while (!pending.isEmpty() && (out.isEmpty() || size + pending.peekFirst().xml().length() <= shared.settings().maxResponseBytes())) {
      Out o = pending.pollFirst();
      size += o.xml().length();
      out.add(o);
    }
    return out;
  }

  private void respond(Held h, List<Out> payload) {
    h.timer().cancel();
    Map<String, String> attributes = new LinkedHashMap<>();
    if (h.rid() == creationRid) {
      attributes.putAll(creationAttributes());
    } else if (ackRequested && h.rid() < window.highestInOrder()) {
      attributes.put("ack", Long.toString(window.highestInOrder()));
    }
    String xml = BoshResponses.body(attributes, payload.stream().map(Out::xml).toList());
    window.answered(h.rid(), xml);
    h.replyTo().tell(ok(xml));
    for (Out o : payload) {
      if (o.written() != null) {
        o.written().accept(true);
      }
    }
  }

  /** XEP-0124 §7.1 and XEP-0206 §4: the session's terms, answered to the creation request. */
  private Map<String, String> creationAttributes() {
    var settings = shared.settings();
    Map<String, String> a = new LinkedHashMap<>();
    a.put("sid", sid.wire());
    a.put("wait", Long.toString(wait.toSeconds()));
    a.put("requests", Integer.toString(hold + 1));
    a.put("hold", Integer.toString(hold));
    a.put("inactivity", Long.toString(settings.inactivity().toSeconds()));
    a.put("polling", Long.toString(settings.polling().toSeconds()));
    a.put("maxpause", Long.toString(settings.maxPause().toSeconds()));
    a.put("ver", BoshResponses.VERSION);
    a.put("from", shared.services().domain().toString());
    if (header != null && header.id() != null) {
      a.put("authid", header.id());
    }
    a.put("secure", Boolean.toString(peer.secure()));
    if (ackRequested) {
      a.put("ack", Long.toString(creationRid));
    }
    a.put("xmpp:version", "1.0");
    a.put("xmpp:restartlogic", "true");
    return a;
  }

  private void answerAll(String terminate) {
    while (!held.isEmpty()) {
      Held h = held.pollFirst();
      h.timer().cancel();
      h.replyTo().tell(ok(terminate));
    }
    if (window != null) {
      window.drainWaiting().values().forEach(r -> r.replyTo().tell(ok(terminate)));
    }
  }

  /** The session is over: the stream hears its connection is gone; late requests are still answered a while. */
  private void finish() {
    if (!finished) {
      finished = true;
      transport.closed();
      stream.onDisconnected();
      ctx.scheduleOnce(LINGER, ctx.getSelf(), Stop.INSTANCE);
    }
  }

  private Cancellable schedule(Command m, Duration after) {
    return ctx.scheduleOnce(after, ctx.getSelf(), m);
  }

  private static Reply ok(String body) {
    return new Reply(200, body);
  }
}
