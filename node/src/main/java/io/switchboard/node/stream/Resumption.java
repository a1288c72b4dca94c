package io.switchboard.node.stream;

import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sm.Enable;
import io.switchboard.protocol.sm.Enabled;
import io.switchboard.protocol.sm.Failed;
import io.switchboard.protocol.sm.Resume;
import io.switchboard.protocol.sm.Resumed;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.ResumeResult;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.jxmpp.jid.EntityFullJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0198 on one client stream: enabling stream management on a bound stream, and resuming a
 * parked session (held by the user's entity, wherever the old stream was) on a new one.
 */
final class Resumption {
  private static final Logger log = LoggerFactory.getLogger(Resumption.class);
  /** How long the user's entity may take to answer a resumption. */
  private static final Duration RESUME_ATTEMPT = Duration.ofSeconds(15);

  private final ClientStream stream;

  Resumption(ClientStream stream) {
    this.stream = stream;
  }

  /** XEP-0198 §3: {@code <enable/>} on a bound stream. */
  void enable(XmlElement element) {
    ClientSession session = stream.session();
    if (session.streamManagementEnabled()) {
      session.writeNonza(new Failed(StanzaErrorCondition.UNEXPECTED_REQUEST).toElement());
      return;
    }
    session.writeNonza(enableOn(session, Enable.parse(element).map(Enable::resume).orElse(false)));
  }

  /** Turns stream management on for {@code session}; the {@code <enabled/>} to send (XEP-0386 puts it in {@code <bound/>}). */
  XmlElement enableOn(ClientSession session, boolean wantsResume) {
    C2sSettings settings = stream.services.settings();
    boolean resume = settings.resumptionEnabled() && wantsResume;
    String id = StreamIds.create(session.jid().getResourcepart().toString());
    session.enableStreamManagement(id, resume);
    session.actor().tell(new ConnectionActor.EnableStreamManagement(resume ? id : null, settings.resumeTimeout()));
    return new Enabled(id, resume, settings.resumeTimeout().toSeconds()).toElement();
  }

  /**
   * XEP-0198 §5: the parked session is held by the user's entity (wherever its stream was), so
   * the entity is asked; it answers with the client's handled count and what the client has not
   * received yet, and from then on delivers to this stream.
   */
  void resume(XmlElement element) {
    Optional<Resume> request = Resume.parse(element);
    Runnable failed = () -> stream.transport.send(new Failed(StanzaErrorCondition.ITEM_NOT_FOUND).toElement());
    if (request.isEmpty()) {
      failed.run();
      return;
    }
    resume(request.get(), java.util.function.UnaryOperator.identity(), failed);
  }

  /**
   * Resumes {@code request}: on success the client first gets {@code first} applied to the
   * {@code <resumed/>} (XEP-0388 wraps it in its {@code <success/>}), then what it missed; on
   * failure {@code failed} runs on the stream's thread (the stream still open).
   */
  void resume(Resume request, java.util.function.UnaryOperator<XmlElement> first, Runnable failed) {
    StreamTransport transport = stream.transport;
    C2sSettings settings = stream.services.settings();
    Optional<EntityFullJid> full = StreamIds.resource(request.previd())
        .flatMap(r -> Jids.withResource(stream.user(), r));
    if (full.isEmpty() || !settings.resumptionEnabled()) {
      failed.run();
      return;
    }
    String previd = request.previd();
    long h = request.h();
    ClientSession s = ClientSession.resuming(full.get(), settings.maxUnacked(), settings.ackRequestEvery(), previd, h);
    ActorRef<Object> actor = ResourceBinding.spawnActor(stream, s);
    stream.busy();
    stream.services.gateway().resume(full.get(), previd, h, settings.resumeTimeout(), actor.narrow(), RESUME_ATTEMPT)
        .whenComplete((result, err) -> transport.execute(() -> {
          if (result instanceof ResumeResult.Resumed r) {
            actor.tell(new ConnectionActor.Resumed(previd, r.handled(), settings.resumeTimeout(), r.entity()));
            s.resume(stream.services.metrics().counting(transport), first.apply(new Resumed(previd, r.handled()).toElement()),
                r.replay());
            if (stream.phase() == ClientStream.Phase.CLOSED) {
              actor.tell(ConnectionActor.Park.INSTANCE); // this stream went away meanwhile
              stream.services.metrics().parked();
              return;
            }
            stream.bound(s);
            stream.services.metrics().resumed();
            if (log.isDebugEnabled()) {
              stream.logged(() -> log.debug("{} resumed from {}", s.jid(), transport.describe()));
            }
          } else {
            actor.tell(ConnectionActor.Stop.UNBOUND);
            if (err != null) {
              stream.logged(() -> log.info("Resuming {} failed: {}", full.get(), err.toString()));
            }
            if (stream.phase() != ClientStream.Phase.CLOSED) {
              failed.run();
            }
          }
          stream.resume();
        }));
  }
}
