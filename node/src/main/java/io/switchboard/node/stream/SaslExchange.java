package io.switchboard.node.stream;

import io.switchboard.persistence.account.AccountStore;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl.SaslFailureCondition;
import io.switchboard.protocol.sasl.SaslPayloads;
import io.switchboard.protocol.sasl.SaslServerMechanism;
import io.switchboard.protocol.sasl.SaslStep;
import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredential;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 6120 §6 on one client stream: the {@code <auth/>}, challenges and responses of one SASL
 * mechanism (SCRAM or PLAIN, from the protocol module), the credential look-up (off the stream's
 * thread), failures counted per stream and per address, and success.
 */
final class SaslExchange {
  private static final Logger log = LoggerFactory.getLogger(SaslExchange.class);

  private final ClientStream stream;
  private SaslServerMechanism mechanism;
  private int failures;

  SaslExchange(ClientStream stream) {
    this.stream = stream;
  }

  /** The client's {@code <auth mechanism='...'>initial response</auth>}. */
  void start(XmlElement auth) {
    StreamServices services = stream.services;
    if (!stream.mayRegisterOrAuthenticate()) {
      stream.transport.send(SaslStep.Failure.of(SaslFailureCondition.ENCRYPTION_REQUIRED).toElement());
      return;
    }
    if (services.authThrottle().blocked(stream.transport.remoteAddress())) {
      log.info("SASL attempt from {} refused: too many recent failures", stream.transport.describe());
      stream.transport.send(new SaslStep.Failure(SaslFailureCondition.TEMPORARY_AUTH_FAILURE,
          "too many failed attempts; try later").toElement());
      return;
    }
    String name = auth.attr("mechanism");
    mechanism = services.sasl().start(name == null ? "" : name, stream.transport.isSecure());
    String text = auth.text().trim();
    Optional<byte[]> initial;
    if (text.isEmpty()) {
      initial = Optional.empty();
    } else {
      initial = SaslPayloads.decode(text);
      if (initial.isEmpty()) {
        step(SaslStep.Failure.of(SaslFailureCondition.INCORRECT_ENCODING));
        return;
      }
    }
    stream.phase(ClientStream.Phase.SASL);
    step(mechanism.start(initial));
  }

  /** An element while the exchange runs: a response, an abort, or a violation. */
  void onElement(XmlElement e) {
    if (e.is("response", Namespaces.SASL)) {
      Optional<byte[]> data = SaslPayloads.decode(e.text().trim());
      if (data.isEmpty()) {
        step(SaslStep.Failure.of(SaslFailureCondition.INCORRECT_ENCODING));
      } else {
        step(mechanism.respond(data.get()));
      }
    } else if (e.is("abort", Namespaces.SASL)) {
      mechanism = null;
      stream.phase(ClientStream.Phase.NEGOTIATING);
      stream.transport.send(SaslStep.Failure.of(SaslFailureCondition.ABORTED).toElement());
    } else {
      stream.closeWithError(StreamErrorCondition.POLICY_VIOLATION, "SASL negotiation in progress");
    }
  }

  private void step(SaslStep step) {
    if (step instanceof SaslStep.Challenge c) {
      stream.transport.send(c.toElement());
    } else if (step instanceof SaslStep.CredentialsRequired r) {
      lookUpCredentials(r.username());
    } else if (step instanceof SaslStep.Success s) {
      succeeded(s);
    } else if (step instanceof SaslStep.Failure f) {
      failed(f);
    }
  }

  /** The account's stored credentials, read and (for PLAIN, PBKDF2) derived off the stream's thread. */
  private void lookUpCredentials(String username) {
    StreamServices services = stream.services;
    SaslServerMechanism current = mechanism;
    ScramAlgorithm algorithm = ScramAlgorithm.byMechanism(current.mechanismName()).orElse(ScramAlgorithm.SHA_256);
    Optional<EntityBareJid> account = Jids.parse(username + "@" + services.domain())
        .filter(j -> !j.hasResource())
        .map(Jid::asEntityBareJidIfPossible);
    stream.busy();
    CompletableFuture<Optional<AccountStore.LoginRecord>> lookup = account.isEmpty()
        ? CompletableFuture.completedFuture(Optional.empty())
        : services.accounts().login(account.get()).toCompletableFuture();
    lookup
        .thenApplyAsync(found -> {
          found.ifPresent(login -> stream.accountCreatedAt(login.createdAt()));
          Optional<ScramCredential> credential = found.map(login -> login.credentials().get(algorithm));
          return current.credentials(credential);
        }, services.cpu())
        .whenComplete((next, err) -> stream.transport.execute(() -> {
          if (stream.phase() == ClientStream.Phase.CLOSED) {
            return;
          }
          if (err != null) {
            log.warn("Credential look-up failed: {}", err.toString());
            step(new SaslStep.Failure(SaslFailureCondition.TEMPORARY_AUTH_FAILURE, "try again later"));
          } else {
            step(next);
          }
          stream.resume();
        }));
  }

  private void succeeded(SaslStep.Success s) {
    EntityBareJid authenticated = Jids.bareSharingDomain(s.authenticatedUsername() + "@" + stream.services.domain());
    stream.transport.send(s.toElement());
    mechanism = null;
    failures = 0;
    stream.authenticated(authenticated);
  }

  private void failed(SaslStep.Failure f) {
    stream.transport.send(f.toElement());
    mechanism = null;
    stream.phase(ClientStream.Phase.NEGOTIATING);
    if (f.condition() == SaslFailureCondition.NOT_AUTHORIZED) {
      stream.services.authThrottle().recordFailure(stream.transport.remoteAddress());
      log.info("Authentication failed from {}", stream.transport.describe());
    }
    if (++failures >= stream.services.settings().maxAuthFailures()) {
      stream.closeWithError(StreamErrorCondition.POLICY_VIOLATION, "too many failed authentication attempts");
    }
  }
}
