package io.switchboard.node.register;

import io.switchboard.node.config.NodeSettings;
import io.switchboard.node.net.FailureThrottle;
import io.switchboard.node.net.PeerAddresses;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jxmpp.jid.EntityBareJid;

/**
 * Whether an unauthenticated stream may create an account (XEP-0077 §3.1): the decision alone,
 * before any password is derived. Closed: never. By invitation: only the account a valid
 * invitation names. Open: anyone, but at most {@code max-per-address} attempts per address (IPv6:
 * per /64) within the window, counted per node; an invitation is honoured there too and not
 * counted. Thread-safe.
 */
public final class RegistrationPolicy {
  private final RegistrationSettings settings;
  /** Registration attempts per address; the throttle counts "failures", here every attempt. */
  private final FailureThrottle attempts;
  /** Where this node's counted attempts go (the cluster-wide sharing); set once at start-up. */
  private volatile Consumer<PeerAddresses.Key> sharing = k -> { };

  public RegistrationPolicy(RegistrationSettings settings, Clock clock) {
    this.settings = settings;
    this.attempts = new FailureThrottle(settings.maxPerAddress(), settings.window(), 100_000, clock);
  }

  /** Sends every attempt this node counts to {@code sharing} too. */
  public void shareWith(Consumer<PeerAddresses.Key> sharing) {
    this.sharing = Objects.requireNonNull(sharing);
  }

  /** Counts an attempt another node accepted from {@code peer}. */
  public void apply(PeerAddresses.Key peer) {
    attempts.recordFailure(peer);
  }

  /** Whether open registration refuses {@code peer} now (reads only; counts nothing). */
  public boolean limited(PeerAddresses.Key peer) {
    return attempts.blocked(peer);
  }

  public NodeSettings.Registration mode() {
    return settings.mode();
  }

  /** Whether (and how) open registration asks a CAPTCHA. */
  public CaptchaSettings captcha() {
    return settings.captcha();
  }

  /**
   * Decides on creating {@code account} from {@code peer}; counts the attempt when open
   * registration allows it.
   *
   * @return empty when the account may be created, else the error to answer with
   */
  public Optional<StanzaError> mayCreate(PeerAddresses.Key peer, EntityBareJid account,
      Optional<Invitations.Invitation> invitation) {
    if (settings.mode() == NodeSettings.Registration.CLOSED) {
      return Optional.of(StanzaError.of(StanzaErrorCondition.NOT_ALLOWED, "registration is closed on this server"));
    }
    if (invitation.isPresent()) {
      return invitation.get().account().equals(account)
          ? Optional.empty()
          : Optional.of(StanzaError.of(StanzaErrorCondition.NOT_ALLOWED,
              "the invitation is for " + invitation.get().account().getLocalpart()));
    }
    if (settings.mode() == NodeSettings.Registration.INVITE) {
      return Optional.of(StanzaError.of(StanzaErrorCondition.NOT_ALLOWED,
          "registration needs an invitation (XEP-0445 preauth token)"));
    }
    if (attempts.blocked(peer)) {
      return Optional.of(StanzaError.of(StanzaErrorCondition.POLICY_VIOLATION,
              "too many registrations from your address; try again in " + attempts.retryAfterSeconds(peer) + " s")
          .withType(StanzaErrorType.WAIT));
    }
    attempts.recordFailure(peer);
    sharing.accept(peer);
    return Optional.empty();
  }
}
