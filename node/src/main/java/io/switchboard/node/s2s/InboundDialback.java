package io.switchboard.node.s2s;

import io.netty.channel.ChannelHandlerContext;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.s2s.Dialback;
import io.switchboard.protocol.xml.XmlElement;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0220 on an incoming stream: the receiving role ({@code <db:result/>}: the key is checked with
 * the authoritative server through the {@link DialbackVerifier}, and a valid one authenticates the
 * pair on the stream; at most {@code max-dialback-pending} at once and {@code max-dialback-pairs}
 * over the stream's life: {@link ResultBudget}) and the authoritative role ({@code <db:verify/>} for a key we issued,
 * answered with the cluster-wide secret, at most {@code max-dialback-verifies} of them before the
 * stream authenticates: {@link VerifyBudget}). A request for a domain not hosted here gets the
 * dialback error {@code <item-not-found/>} (XEP-0220 §2.2, §2.4: not a stream error). Runs on the stream's event loop; the verifier's answer
 * hops back there.
 */
final class InboundDialback {
  /** The stream's logger: these lines are the incoming stream's. */
  private static final Logger log = LoggerFactory.getLogger(InboundStream.class);

  private final S2sContext deps;
  private final ChannelHandlerContext ctx;
  private final S2sWire wire;
  private final InboundState stream;
  /** Pairs ("remote local") whose key the authoritative server is checking. */
  private final Set<String> verifying = new HashSet<>();
  private final VerifyBudget verifies;
  private final ResultBudget results;

  InboundDialback(S2sContext deps, ChannelHandlerContext ctx, S2sWire wire, InboundState stream) {
    this.deps = deps;
    this.ctx = ctx;
    this.wire = wire;
    this.stream = stream;
    this.verifies = new VerifyBudget(deps.settings().maxDialbackVerifies());
    this.results = new ResultBudget(deps.settings().maxDialbackPending(), deps.settings().maxDialbackPairs());
  }

  /** A dialback element ({@link Dialback#isDialback}) read on the stream. */
  void onDialback(XmlElement e) {
    var result = Dialback.result(e);
    if (result.isPresent() && result.get().type() == Dialback.Type.REQUEST) {
      onDialbackResult(result.get());
      return;
    }
    var verify = Dialback.verify(e);
    if (verify.isPresent() && verify.get().type() == Dialback.Type.REQUEST) {
      onDialbackVerify(verify.get());
      return;
    }
    log.info("s2s in {} ({}): unexpected dialback element <{}/>", stream.remote(), stream.peer(), e.name());
  }

  /** XEP-0220 §2.1–2.4, the receiving role. */
  private void onDialbackResult(Dialback.Result r) {
    if (!deps.hosted(r.to())) {
      log.info("s2s in {}: dialback for unknown domain {}: <item-not-found/>", stream.remote(), r.to());
      wire.send(r.errorAnswer(StanzaError.of(StanzaErrorCondition.ITEM_NOT_FOUND)));
      return;
    }
    String pair = S2sAddressing.pair(r.from(), r.to());
    if (stream.pairs().contains(pair)) {
      wire.send(r.answer(Dialback.Type.VALID).toElement());
      return;
    }
    if (!deps.settings().allowed(r.from())) {
      log.info("s2s in {}: dialback from {} refused by policy: <policy-violation/>", stream.remote(), r.from());
      stream.fail(StreamErrorCondition.POLICY_VIOLATION, "federation with " + r.from() + " is not allowed");
      return;
    }
    if (deps.settings().secureAuth() == S2sSettings.SecureAuth.REQUIRED && !stream.certificateValidFor(r.from())) {
      log.info("s2s in {}: dialback from {} refused: secure-auth requires a valid certificate", stream.remote(),
          r.from());
      wire.send(r.answer(Dialback.Type.INVALID).toElement());
      stream.fail(StreamErrorCondition.NOT_AUTHORIZED, "a valid certificate is required");
      return;
    }
    if (verifying.contains(pair)) {
      return;
    }
    ResultBudget.Decision budget = results.request();
    if (budget != ResultBudget.Decision.VERIFY) {
      boolean wait = budget == ResultBudget.Decision.TOO_MANY_PENDING;
      log.warn("s2s in {} ({}): dialback from {} refused, {}: <policy-violation/>", stream.remote(), stream.peer(),
          r.from(), wait ? "already " + results.pending() + " waiting for their authoritative servers"
              : "already " + deps.settings().maxDialbackPairs() + " domain pairs asked for on this stream");
      wire.send(r.errorAnswer(StanzaError.of(StanzaErrorCondition.POLICY_VIOLATION,
          wait ? "too many dialback requests at once" : "too many domain pairs on this stream")
          .withType(wait ? StanzaErrorType.WAIT : StanzaErrorType.CANCEL)));
      return;
    }
    verifying.add(pair);
    String id = stream.streamId();
    deps.verifier().verify(r.to(), r.from(), id, r.key()).whenComplete((valid, err) -> ctx.executor().execute(() -> {
      verifying.remove(pair);
      results.answered();
      if (stream.isClosed()) {
        return;
      }
      if (Boolean.TRUE.equals(valid)) {
        stream.authenticated(r.from(), r.to(), S2sMetrics.DIALBACK);
        wire.send(r.answer(Dialback.Type.VALID).toElement());
      } else {
        log.warn("s2s in {}: dialback key for {} -> {} is invalid{}: <not-authorized/>", stream.remote(), r.from(),
            r.to(), err == null ? "" : " (" + err.getMessage() + ")");
        wire.send(r.answer(Dialback.Type.INVALID).toElement());
        stream.fail(StreamErrorCondition.NOT_AUTHORIZED, "dialback failed");
      }
    }));
  }

  /** XEP-0220 §2.3, the authoritative role: we issued the key, so our secret checks it. */
  private void onDialbackVerify(Dialback.Verify v) {
    if (verifies.request(!stream.pairs().isEmpty()) == VerifyBudget.Decision.REFUSE) {
      log.warn("s2s in {} ({}): more than {} db:verify requests before authenticating: <policy-violation/>",
          stream.remote(), stream.peer(), deps.settings().maxDialbackVerifies());
      stream.fail(StreamErrorCondition.POLICY_VIOLATION, "too many dialback verify requests");
      return;
    }
    if (!deps.hosted(v.to())) {
      log.info("s2s in {}: db:verify for unknown domain {}: <item-not-found/>", stream.remote(), v.to());
      wire.send(v.errorAnswer(StanzaError.of(StanzaErrorCondition.ITEM_NOT_FOUND)));
      return;
    }
    boolean valid = deps.dialbackKey().verify(v.from(), v.to(), v.id(), v.key());
    if (!valid) {
      log.info("s2s in {}: db:verify from {} for stream {}: invalid key", stream.remote(), v.from(), v.id());
    }
    wire.send(v.answer(valid ? Dialback.Type.VALID : Dialback.Type.INVALID).toElement());
  }
}
