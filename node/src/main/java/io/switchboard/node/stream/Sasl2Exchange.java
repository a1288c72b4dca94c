package io.switchboard.node.stream;

import io.switchboard.persistence.account.AccountStore;
import io.switchboard.persistence.fast.FastTokenRow;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl.SaslFailureCondition;
import io.switchboard.protocol.sasl.SaslStep;
import io.switchboard.protocol.sasl2.Authenticate;
import io.switchboard.protocol.sasl2.BindRequest;
import io.switchboard.protocol.sasl2.HashedToken;
import io.switchboard.protocol.sasl2.Sasl2;
import io.switchboard.protocol.sasl2.Sasl2Elements;
import io.switchboard.protocol.sasl2.UserAgent;
import io.switchboard.protocol.sm.Failed;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0388 on one client stream: one {@code <authenticate/>}, its mechanism run by the stream's
 * {@link SaslExchange} with SASL2's framing (or XEP-0484's token check), then the inline steps in
 * the XEPs' order — a FAST token issued or rotated, XEP-0198 resumption (on any node), else
 * XEP-0386's bind with XEP-0198 enabled inside it — and one {@code <success/>} carrying their
 * results. No stream restart follows (XEP-0388 §2.5).
 */
final class Sasl2Exchange implements SaslFraming {
  private static final Logger log = LoggerFactory.getLogger(Sasl2Exchange.class);

  private final ClientStream stream;
  private final SaslExchange sasl;
  private Authenticate request;
  /** Set when a token login was accepted (read back on the stream's thread). */
  private volatile FastTokenRow fastRow;
  private volatile FastCheck.Accepted accepted;

  Sasl2Exchange(ClientStream stream, SaslExchange sasl) {
    this.stream = stream;
    this.sasl = sasl;
  }

  void start(XmlElement authenticate) {
    Authenticate.Parsed parsed = Authenticate.parse(authenticate);
    if (parsed instanceof Authenticate.Bad bad) {
      stream.transport.send(Sasl2Elements.failure(bad.why() == Authenticate.Malformed.BAD_ENCODING
          ? SaslFailureCondition.INCORRECT_ENCODING : SaslFailureCondition.INVALID_MECHANISM, null));
      return;
    }
    request = ((Authenticate.Ok) parsed).request();
    if (!sasl.admit(request.mechanism(), this)) {
      return;
    }
    if (stream.services.fast().offers(request.mechanism()) && stream.transport.isSecure()) {
      startToken();
    } else {
      sasl.begin(request.initialResponse());
    }
  }

  // ---------------------------------------------------------------- XEP-0484 token login

  private void startToken() {
    FastTokens fast = stream.services.fast();
    Optional<HashedToken.Initiation> init = request.initialResponse().flatMap(HashedToken::parse);
    Optional<EntityBareJid> jid = init.flatMap(i -> account(i.authcid()));
    Optional<String> clientId = request.userAgent().map(UserAgent::id);
    if (init.isEmpty() || jid.isEmpty() || clientId.isEmpty()) {
      // XEP-0484 §3.3: a token is bound to the client's user-agent id, so one is required.
      sasl.beginChecked(null, () -> CompletableFuture.completedFuture(
          new SaslStep.Failure(SaslFailureCondition.MALFORMED_REQUEST, "expected authcid NUL HMAC and a user-agent id")));
      return;
    }
    String username = jid.get().getLocalpart().toString();
    byte[] mac = init.get().mac();
    OptionalLong count = request.fast().map(Authenticate.FastUse::count).orElse(OptionalLong.empty());
    sasl.beginChecked(username, () -> fast.find(username, clientId.get()).toCompletableFuture()
        .thenCombine(stream.services.accounts().login(jid.get()).toCompletableFuture(), (row, account) -> {
          FastCheck.Verdict v = FastCheck.decide(row, account, mac, count, fast.now());
          if (v instanceof FastCheck.Accepted ok) {
            fastRow = row.orElseThrow();
            accepted = ok;
            sasl.login(account.orElseThrow());
            stream.accountCreatedAt(account.get().createdAt());
            return new SaslStep.Success(HashedToken.responder(ok.key()), username);
          }
          FastCheck.Rejected no = (FastCheck.Rejected) v;
          return new SaslStep.Failure(no.condition(), no.text());
        }));
  }

  /** The authcid as an account here: a localpart, or a bare JID of this domain. */
  private Optional<EntityBareJid> account(String authcid) {
    String bare = authcid.contains("@") ? authcid : authcid + "@" + stream.services.domain();
    return Jids.parse(bare).filter(j -> !j.hasResource() && j.getDomain().equals(stream.services.domain()))
        .map(Jid::asEntityBareJidIfPossible);
  }

  // ---------------------------------------------------------------- framing

  @Override
  public String namespace() {
    return Sasl2.NAMESPACE;
  }

  @Override
  public XmlElement challenge(byte[] data) {
    return Sasl2Elements.challenge(data);
  }

  @Override
  public XmlElement failure(SaslStep.Failure failure) {
    return Sasl2Elements.failure(failure.condition(), failure.text());
  }

  // ---------------------------------------------------------------- success and the inline steps

  @Override
  public void succeeded(EntityBareJid user, byte[] additionalData) {
    stream.authenticatedInline(user);
    stream.busy();
    CompletionStage<List<XmlElement>> tokens;
    try {
      tokens = tokenStep(user);
    } catch (RuntimeException e) {
      tokens = CompletableFuture.failedFuture(e);
    }
    tokens.whenComplete((inline, err) -> stream.transport.execute(() -> {
      try {
        if (stream.phase() == ClientStream.Phase.CLOSED) {
          return;
        }
        if (err != null) {
          stream.logged(() -> log.warn("FAST token step for {} failed: {}", user, err.toString()));
        }
        resumeOrBind(user, additionalData, err == null ? inline : List.of());
      } finally {
        stream.resume();
      }
    }));
  }

  /**
   * XEP-0484 §3.2–3.4: invalidate the token used, or issue one (asked for, or the used one is near
   * its expiry), or record the use (replay count, end of a rotation). Returns the inline elements.
   */
  private CompletionStage<List<XmlElement>> tokenStep(EntityBareJid user) {
    FastTokens fast = stream.services.fast();
    Optional<String> clientId = request.userAgent().map(UserAgent::id);
    AccountStore.LoginRecord login = sasl.login();
    FastCheck.Accepted used = accepted;
    String username = user.getLocalpart().toString();
    if (clientId.isEmpty() || login == null) {
      return CompletableFuture.completedFuture(List.of());
    }
    boolean secure = stream.transport.isSecure(); // a token is never sent in the clear
    OptionalLong count = request.fast().map(Authenticate.FastUse::count).orElse(OptionalLong.empty());
    if (used != null && request.fast().map(Authenticate.FastUse::invalidate).orElse(false)) {
      return fast.invalidate(username, clientId.get()).thenApply(v -> List.of());
    }
    boolean asked = request.requestToken().filter(fast::offers).isPresent();
    if (secure && (asked || (used != null && fast.dueForRotation(used.expiry())))) {
      Optional<FastTokenRow.Key> keep = used == null ? Optional.empty()
          : Optional.of(new FastTokenRow.Key(used.key(), used.expiry()));
      long c = used == null ? -1 : count.orElse(fastRow.count());
      return fast.issue(username, clientId.get(), login, keep, c)
          .thenApply(i -> List.of(Sasl2Elements.token(i.token(), i.expiry())));
    }
    if (used != null) {
      return fast.used(username, clientId.get(), fastRow, used, count).thenApply(v -> List.of());
    }
    return CompletableFuture.completedFuture(List.of());
  }

  /** XEP-0198 §5 inside SASL2: resume (no bind then), or on failure go on with the bind. */
  private void resumeOrBind(EntityBareJid user, byte[] data, List<XmlElement> inline) {
    if (request.resume().isEmpty()) {
      bind(user, data, inline);
      return;
    }
    String previd = request.resume().get().previd();
    String authzid = StreamIds.resource(previd).flatMap(r -> Jids.withResource(user, r))
        .map(Object::toString).orElse(user.toString());
    new Resumption(stream).resume(request.resume().get(),
        resumed -> Sasl2Elements.success(data, authzid, with(inline, resumed)),
        () -> bind(user, data, with(inline, new Failed(StanzaErrorCondition.ITEM_NOT_FOUND).toElement())));
  }

  /** XEP-0386 §3: a resource from the client's tag and a random part, XEP-0198 enabled inside. */
  private void bind(EntityBareJid user, byte[] data, List<XmlElement> inline) {
    if (request.bind().isEmpty()) {
      stream.transport.send(Sasl2Elements.success(data, user.toString(), inline));
      return;
    }
    BindRequest b = request.bind().get();
    String random = ClientStream.newId().substring(0, 8);
    EntityFullJid full = b.tag().flatMap(t -> Jids.withResource(user, t + "." + random))
        .or(() -> Jids.withResource(user, "sb-" + random))
        .orElseThrow();
    new ResourceBinding(stream).bind(full, (s, jid) -> {
      List<XmlElement> enabled = b.streamManagement()
          .map(e -> List.of(new Resumption(stream).enableOn(s, e.resume())))
          .orElse(List.of());
      stream.transport.send(Sasl2Elements.success(data, jid.toString(), with(inline, Sasl2Elements.bound(enabled))));
    }, condition -> {
      stream.transport.send(Sasl2Elements.failure(SaslFailureCondition.TEMPORARY_AUTH_FAILURE,
          "could not bind a resource: " + condition.elementName()));
      stream.closeWithError(StreamErrorCondition.RESOURCE_CONSTRAINT, null);
    });
  }

  private static List<XmlElement> with(List<XmlElement> list, XmlElement one) {
    List<XmlElement> out = new ArrayList<>(list.size() + 1);
    out.addAll(list);
    out.add(one);
    return out;
  }
}
