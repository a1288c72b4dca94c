package io.switchboard.node.stream;

import io.switchboard.node.kdf.KeyDerivation;
import io.switchboard.node.net.PeerAddresses;
import io.switchboard.persistence.account.AccountStore;
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
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 6120 §6 on one client stream: the {@code <auth/>}, challenges and responses of one SASL
 * mechanism (SCRAM, SCRAM-PLUS bound to this connection's TLS, or PLAIN, from the protocol
 * module), the credential look-up (off the stream's thread; PLAIN's password derivation on the
 * node's {@link KeyDerivation} threads), the {@link AuthThrottle} per (address, account), the
 * per-stream limits (wrong passwords, and exchanges of any outcome), and success.
 */
final class SaslExchange {
  private static final Logger log = LoggerFactory.getLogger(SaslExchange.class);

  private final ClientStream stream;
  private SaslServerMechanism mechanism;
  /** How this exchange's messages are framed: RFC 6120 or XEP-0388. */
  private SaslFraming framing;
  /** The account row the last credential look-up read (for XEP-0484's account stamp). */
  private AccountStore.LoginRecord login;
  /** The mechanism the client named in its {@code <auth/>} (for the metrics' label), as sent. */
  private String mechanismName;
  /** The account the exchange under way asked credentials for (null for a name that cannot be one). */
  private String account;
  private int passwordFailures;
  private int attempts;

  SaslExchange(ClientStream stream) {
    this.stream = stream;
  }

  /** The client's {@code <auth mechanism='...'>initial response</auth>}. */
  void start(XmlElement auth) {
    if (!admit(auth.attr("mechanism"), SaslFraming.rfc6120(stream))) {
      return;
    }
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
    begin(initial);
  }

  /**
   * The per-stream checks every attempt passes first (TLS where required, the attempt limit);
   * false when the attempt ends here (answered or the stream closed).
   */
  boolean admit(String name, SaslFraming how) {
    StreamServices services = stream.services;
    mechanismName = name;
    framing = how;
    if (!stream.mayRegisterOrAuthenticate()) {
      stream.transport.send(framing.failure(SaslStep.Failure.of(SaslFailureCondition.ENCRYPTION_REQUIRED)));
      services.metrics().saslFailed(mechanismName, SaslFailureCondition.ENCRYPTION_REQUIRED);
      return false;
    }
    if (++attempts > services.settings().maxSaslAttempts()) {
      stream.closeWithError(StreamErrorCondition.POLICY_VIOLATION, "too many authentication attempts");
      return false;
    }
    account = null;
    login = null;
    return true;
  }

  /** After {@link #admit}: one of the node's password mechanisms, with its initial response. */
  void begin(Optional<byte[]> initial) {
    String name = mechanismName;
    mechanism = stream.services.sasl().start(name == null ? "" : name, stream.transport.isSecure(),
        stream.transport.channelBindings());
    stream.phase(ClientStream.Phase.SASL);
    step(mechanism.start(initial));
  }

  /**
   * After {@link #admit}: a mechanism checked elsewhere (XEP-0484's token), for {@code username},
   * throttled and counted like the others; {@code check} runs off the stream's thread.
   */
  void beginChecked(String username, java.util.function.Supplier<CompletionStage<SaslStep>> check) {
    StreamServices services = stream.services;
    long wait = services.authThrottle().waitMillis(peer(), username);
    if (wait > 0) {
      step(new SaslStep.Failure(SaslFailureCondition.TEMPORARY_AUTH_FAILURE,
          "too many failed attempts for this account; try again in " + Math.max(1, (wait + 999) / 1000) + " s"));
      return;
    }
    account = username;
    stream.phase(ClientStream.Phase.SASL);
    stream.busy();
    CompletionStage<SaslStep> result;
    try {
      result = check.get();
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.whenComplete((next, err) -> stream.transport.execute(() -> credentialsChecked(next, err)));
  }

  /** The account row the exchange read (set before success), or null. */
  AccountStore.LoginRecord login() {
    return login;
  }

  void login(AccountStore.LoginRecord record) {
    login = record;
  }

  /** An element while the exchange runs: a response, an abort, or a violation. */
  void onElement(XmlElement e) {
    if (e.is("response", framing.namespace())) {
      Optional<byte[]> data = SaslPayloads.decode(e.text().trim());
      if (data.isEmpty()) {
        step(SaslStep.Failure.of(SaslFailureCondition.INCORRECT_ENCODING));
      } else {
        step(mechanism.respond(data.get()));
      }
    } else if (e.is("abort", framing.namespace())) {
      mechanism = null;
      stream.phase(ClientStream.Phase.NEGOTIATING);
      stream.transport.send(framing.failure(SaslStep.Failure.of(SaslFailureCondition.ABORTED)));
    } else {
      stream.closeWithError(StreamErrorCondition.POLICY_VIOLATION, "SASL negotiation in progress");
    }
  }

  private void step(SaslStep step) {
    if (step instanceof SaslStep.Challenge c) {
      stream.transport.send(framing.challenge(c.data()));
    } else if (step instanceof SaslStep.CredentialsRequired r) {
      lookUpCredentials(r.username());
    } else if (step instanceof SaslStep.Success s) {
      succeeded(s);
    } else if (step instanceof SaslStep.Failure f) {
      failed(f);
    }
  }

  private PeerAddresses.Key peer() {
    return PeerAddresses.key(stream.transport.remoteAddress());
  }

  /**
   * The account's stored credentials, read off the stream's thread, after the throttle had its
   * say; PLAIN's check (PBKDF2) then runs on a derivation thread, SCRAM's (an HMAC) back here.
   */
  private void lookUpCredentials(String username) {
    StreamServices services = stream.services;
    Optional<EntityBareJid> jid = Jids.parse(username + "@" + services.domain())
        .filter(j -> !j.hasResource())
        .map(Jid::asEntityBareJidIfPossible);
    // The throttle's key is the account as the store knows it (its localpart normalised), so
    // spelling one name in other cases gets no fresh free failures.
    String key = jid.map(j -> j.getLocalpart().toString()).orElse(null);
    long wait = services.authThrottle().waitMillis(peer(), key);
    if (wait > 0) {
      stream.logged(() -> log.info("SASL attempt for {} from {} refused: backing off after failures", key,
          stream.transport.describe()));
      step(new SaslStep.Failure(SaslFailureCondition.TEMPORARY_AUTH_FAILURE,
          "too many failed attempts for this account; try again in " + Math.max(1, (wait + 999) / 1000) + " s"));
      return;
    }
    account = key;
    SaslServerMechanism current = mechanism;
    ScramAlgorithm algorithm = current.credentialAlgorithm();
    stream.busy();
    CompletableFuture<Optional<AccountStore.LoginRecord>> lookup = jid.isEmpty()
        ? CompletableFuture.completedFuture(Optional.empty())
        : services.accounts().login(jid.get()).toCompletableFuture();
    lookup.whenComplete((found, err) -> {
      if (err != null) {
        stream.transport.execute(() -> credentialsChecked(null, err));
        return;
      }
      found.ifPresent(record -> {
        stream.accountCreatedAt(record.createdAt());
        login = record;
      });
      Optional<ScramCredential> credential = found.map(login -> login.credentials().get(algorithm));
      if (current.derivesKeys()) {
        services.kdf().submit(() -> current.credentials(credential))
            .whenComplete((next, failure) -> stream.transport.execute(() -> credentialsChecked(next, failure)));
      } else {
        stream.transport.execute(() -> {
          SaslStep next;
          try {
            next = current.credentials(credential);
          } catch (RuntimeException e) {
            credentialsChecked(null, e);
            return;
          }
          credentialsChecked(next, null);
        });
      }
    });
  }

  /** On the stream's thread: the step after the credentials, or why there is none. */
  private void credentialsChecked(SaslStep next, Throwable err) {
    if (stream.phase() == ClientStream.Phase.CLOSED) {
      return;
    }
    try {
      if (err != null) {
        if (KeyDerivation.isOverloaded(err)) {
          stream.logged(() -> log.info("SASL attempt from {} refused: password derivation saturated",
              stream.transport.describe()));
        } else {
          stream.logged(() -> log.warn("Credential look-up failed: {}", err.toString()));
        }
        step(new SaslStep.Failure(SaslFailureCondition.TEMPORARY_AUTH_FAILURE, "try again later"));
      } else {
        step(next);
      }
    } finally {
      stream.resume();
    }
  }

  private void succeeded(SaslStep.Success s) {
    if (login != null && login.disabled()) {
      // Checked once the credentials proved right, so the condition tells nobody else that the
      // account exists (RFC 6120 §6.5.1); every mechanism, FAST tokens included, ends here.
      stream.logged(() -> log.info("SASL login to a disabled account refused from {}", stream.transport.describe()));
      failed(new SaslStep.Failure(SaslFailureCondition.ACCOUNT_DISABLED, "the account is disabled"));
      return;
    }
    EntityBareJid authenticated = Jids.bareSharingDomain(s.authenticatedUsername() + "@" + stream.services.domain());
    stream.services.metrics().loginSucceeded(mechanismName);
    mechanism = null;
    passwordFailures = 0;
    stream.services.authThrottle().succeeded(peer(), authenticated.getLocalpart().toString());
    framing.succeeded(authenticated, s.additionalData());
  }

  private void failed(SaslStep.Failure f) {
    stream.transport.send(framing.failure(f));
    stream.services.metrics().saslFailed(mechanismName, f.condition());
    mechanism = null;
    stream.phase(ClientStream.Phase.NEGOTIATING);
    if (f.condition() == SaslFailureCondition.NOT_AUTHORIZED) {
      stream.services.authThrottle().failed(peer(), account);
      stream.logged(() -> log.info("Authentication failed from {}", stream.transport.describe()));
      if (++passwordFailures >= stream.services.settings().maxAuthFailures()) {
        stream.closeWithError(StreamErrorCondition.POLICY_VIOLATION, "too many failed authentication attempts");
      }
    } else {
      if (log.isDebugEnabled()) {
        stream.logged(() -> log.debug("SASL failure for {}: {} ({})", stream.transport.describe(),
            f.condition().elementName(), f.text()));
      }
    }
  }
}
