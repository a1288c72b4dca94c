package io.switchboard.node.register;

import io.switchboard.node.config.NodeSettings;
import io.switchboard.node.kdf.KeyDerivation;
import io.switchboard.node.net.PeerAddresses;
import io.switchboard.persistence.account.AccountExistsException;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.util.Failures;
import io.switchboard.protocol.xml.XmlElement;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0077 In-Band Registration on a client stream. Before authentication it creates accounts as
 * the {@link RegistrationPolicy} allows (closed, by XEP-0445 invitation, or open with a limit per
 * address); after authentication it changes the password or removes the account, whatever the
 * policy. Passwords go to the SCRAM derivation on the node's {@link KeyDerivation} threads (never a
 * connection's event loop) and are never logged. Per-stream state (the invitation a client
 * presented, the CAPTCHA challenges it was given) lives in a {@link Session}.
 *
 * <p>With {@code registration-captcha} on, open registration without an invitation also needs an
 * XEP-0158 CAPTCHA (§5, extended in-band registration): the {@code get} answer is a data form with
 * a 'qa' question, and the {@code set} must return that form answered, for a challenge issued on
 * the same stream. A missing form is {@code not-acceptable} (modify), a wrong answer
 * {@code not-acceptable} (cancel), an unknown, used or expired challenge {@code
 * service-unavailable} (XEP-0158 §3.3). Every such attempt counts toward the per-address limit.
 */
public final class InBandRegistration {
  private static final Logger log = LoggerFactory.getLogger(InBandRegistration.class);

  private final AccountStore accounts;
  private final DomainBareJid domain;
  private final RegistrationPolicy policy;
  private final Invitations invitations;
  private final KeyDerivation kdf;
  private final Consumer<EntityBareJid> onRemoved;
  private final CaptchaSettings captcha;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** What a handled request means for the stream. */
  public record Outcome(XmlElement reply, boolean accountRemoved) {}

  /**
   * @param onRemoved told (through {@link #removed}) after an account removed itself, so the
   *     cluster forgets its state (roster, offline messages) and closes its other streams
   */
  public InBandRegistration(AccountStore accounts, DomainBareJid domain, RegistrationPolicy policy,
      Invitations invitations, KeyDerivation kdf, Consumer<EntityBareJid> onRemoved) {
    this(accounts, domain, policy, invitations, kdf, onRemoved, Clock.systemUTC());
  }

  /** The same, with the clock CAPTCHA challenges expire by. */
  public InBandRegistration(AccountStore accounts, DomainBareJid domain, RegistrationPolicy policy,
      Invitations invitations, KeyDerivation kdf, Consumer<EntityBareJid> onRemoved, Clock clock) {
    this.accounts = accounts;
    this.domain = domain;
    this.policy = policy;
    this.invitations = invitations;
    this.kdf = kdf;
    this.onRemoved = onRemoved;
    this.captcha = policy.captcha();
    this.clock = clock;
  }

  /**
   * Tells the cluster that {@code user} removed itself. The caller does this after the removal's
   * result went to the client (XEP-0077 §3.2: result first, then the stream ends), since the
   * cluster closes the user's streams at once.
   */
  public void removed(EntityBareJid user) {
    onRemoved.accept(user);
  }

  /**
   * Whether streams offer account creation: the XEP-0077 feature and XEP-0445's
   * {@code <register xmlns='urn:xmpp:ibr-token:0'/>} (open or by invitation).
   */
  public boolean offered() {
    return policy.mode() != NodeSettings.Registration.CLOSED;
  }

  /** True for an IQ whose payload is a jabber:iq:register query. */
  public static boolean isRegistration(XmlElement stanza) {
    return stanza.name().equals("iq") && stanza.child("query", Namespaces.REGISTER).isPresent();
  }

  /** True for XEP-0445's {@code <iq type='set'><preauth xmlns='urn:xmpp:pars:0' token='...'/></iq>}. */
  public static boolean isPreauth(XmlElement stanza) {
    return stanza.name().equals("iq") && stanza.child("preauth", Namespaces.PREAUTH).isPresent();
  }

  /** The registration state of one stream from {@code peer}. */
  public Session session(InetAddress peer) {
    return new Session(PeerAddresses.key(peer));
  }

  /**
   * One stream's registration: the invitation it presented, the CAPTCHA challenges it was given,
   * and its address for the limits.
   */
  public final class Session {
    private final PeerAddresses.Key peer;
    /** Touched on the stream's thread only. */
    private Invitations.Invitation invitation;
    /** Created with the first CAPTCHA form this stream asks for. */
    private CaptchaChallenges challenges;

    private Session(PeerAddresses.Key peer) {
      this.peer = peer;
    }

    /**
     * XEP-0445 §4: checks the token; a valid one lets this stream register the account it names.
     * Expiry is checked here only, as the XEP asks; the token is used up by the registration.
     */
    public XmlElement preauth(XmlElement iq) {
      String token = iq.child("preauth", Namespaces.PREAUTH).map(p -> p.attr("token")).orElse(null);
      if (!"set".equals(iq.attr("type")) || token == null || token.isBlank()) {
        return error(iq, StanzaErrorCondition.BAD_REQUEST);
      }
      if (!offered()) {
        return Stanzas.errorReply(iq, StanzaError.of(StanzaErrorCondition.NOT_ALLOWED, "registration is closed"))
            .orElseThrow();
      }
      Optional<Invitations.Invitation> checked = invitations.check(token);
      if (checked.isEmpty()) {
        log.info("Invalid or expired invitation token from {}", peer);
        return Stanzas.errorReply(iq, StanzaError.of(StanzaErrorCondition.ITEM_NOT_FOUND,
            "the provided token is invalid or expired")).orElseThrow();
      }
      invitation = checked.get();
      return Stanzas.iqResult(iq);
    }

    /**
     * Handles a registration IQ. {@code user} is the authenticated account, or null before
     * authentication. The reply is addressed by the caller's stream conventions (no 'to' before
     * authentication).
     */
    public CompletionStage<Outcome> handle(XmlElement iq, EntityBareJid user) {
      return InBandRegistration.this.handle(iq, user, this);
    }
  }

  private CompletionStage<Outcome> handle(XmlElement iq, EntityBareJid user, Session session) {
    String type = iq.attr("type");
    XmlElement query = iq.child("query", Namespaces.REGISTER).orElseThrow();
    if ("get".equals(type)) {
      return done(Stanzas.iqResult(iq, form(iq, user, session)));
    }
    if (!"set".equals(type)) {
      return done(error(iq, StanzaErrorCondition.BAD_REQUEST));
    }
    if (user == null) {
      return register(iq, query, session);
    }
    if (query.child("remove", Namespaces.REGISTER).isPresent()) {
      return accounts.delete(user).handle((ok, err) -> {
        if (err != null) {
          log.warn("Removing {} failed: {}", user, rootMessage(err));
          return new Outcome(error(iq, StanzaErrorCondition.INTERNAL_SERVER_ERROR), false);
        }
        log.info("Account {} removed by its owner", user);
        return new Outcome(Stanzas.iqResult(iq), true);
      });
    }
    Optional<String> username = query.childText("username", Namespaces.REGISTER);
    Optional<String> password = query.childText("password", Namespaces.REGISTER);
    if (password.isEmpty() || password.get().isEmpty()) {
      return done(error(iq, StanzaErrorCondition.BAD_REQUEST));
    }
    if (username.isPresent() && !localpartMatches(username.get(), user)) {
      return done(error(iq, StanzaErrorCondition.NOT_ALLOWED));
    }
    return kdf.credentials(password.get()).thenCompose(c -> accounts.changePassword(user, c)).handle((ok, err) -> {
      if (err != null) {
        if (KeyDerivation.isOverloaded(err)) {
          return new Outcome(busy(iq), false);
        }
        log.warn("Password change for {} failed: {}", user, rootMessage(err));
        return new Outcome(error(iq, StanzaErrorCondition.INTERNAL_SERVER_ERROR), false);
      }
      log.info("Password of {} changed in-band", user);
      return new Outcome(Stanzas.iqResult(iq), false);
    });
  }

  private CompletionStage<Outcome> register(XmlElement iq, XmlElement query, Session session) {
    if (!offered()) {
      return done(error(iq, StanzaErrorCondition.NOT_ALLOWED));
    }
    Optional<CaptchaForm.Submitted> submitted = CaptchaForm.in(query);
    String username = submitted.map(CaptchaForm.Submitted::username)
        .or(() -> query.childText("username", Namespaces.REGISTER)).orElse("");
    String password = submitted.map(CaptchaForm.Submitted::password)
        .or(() -> query.childText("password", Namespaces.REGISTER)).orElse("");
    if (username.isEmpty() || password.isEmpty()) {
      return done(error(iq, StanzaErrorCondition.NOT_ACCEPTABLE));
    }
    Optional<Jid> jid = Jids.parse(username + "@" + domain);
    EntityBareJid account = jid.map(Jid::asEntityBareJidIfPossible).orElse(null);
    if (account == null || jid.get().hasResource() || !account.asDomainBareJid().equals(domain)) {
      return done(error(iq, StanzaErrorCondition.JID_MALFORMED));
    }
    Optional<Invitations.Invitation> invitation = Optional.ofNullable(session.invitation);
    // The CAPTCHA is checked (and its challenge used up) before the policy counts the attempt, so
    // a wrong answer counts toward the per-address limit like any other attempt.
    Optional<StanzaError> wrongCaptcha = captchaRequired(invitation)
        ? checkCaptcha(submitted, session)
        : Optional.empty();
    Optional<StanzaError> refused = policy.mayCreate(session.peer, account, invitation).or(() -> wrongCaptcha);
    if (refused.isPresent()) {
      log.info("Registration of {} from {} refused: {}", account, session.peer, refused.get().text());
      return done(Stanzas.errorReply(iq, refused.get()).orElseThrow());
    }
    return kdf.credentials(password).thenCompose(c -> accounts.create(account, c)).handle((ok, err) -> {
      if (err == null) {
        log.info("Account {} registered in-band{}", account, invitation.isPresent() ? " by invitation" : "");
        return new Outcome(Stanzas.iqResult(iq), false);
      }
      Throwable cause = Failures.cause(err);
      if (cause instanceof AccountExistsException) {
        return new Outcome(error(iq, StanzaErrorCondition.CONFLICT), false);
      }
      if (KeyDerivation.isOverloaded(err)) {
        return new Outcome(busy(iq), false);
      }
      log.warn("Registering {} failed: {}", account, rootMessage(err));
      return new Outcome(error(iq, StanzaErrorCondition.INTERNAL_SERVER_ERROR), false);
    });
  }

  /** Whether creating an account needs a CAPTCHA: open registration, CAPTCHA on, no invitation. */
  private boolean captchaRequired(Optional<Invitations.Invitation> invitation) {
    return captcha.enabled() && policy.mode() == NodeSettings.Registration.OPEN && invitation.isEmpty();
  }

  /** Empty when the submitted form answers a live challenge of this stream rightly; uses it up. */
  private Optional<StanzaError> checkCaptcha(Optional<CaptchaForm.Submitted> submitted, Session session) {
    if (submitted.isEmpty() || submitted.get().challenge() == null) {
      return Optional.of(StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE,
          "registration needs the CAPTCHA form (XEP-0158): ask for it with an iq get"));
    }
    CaptchaChallenges.Verdict verdict = session.challenges == null
        ? CaptchaChallenges.Verdict.UNKNOWN
        : session.challenges.verify(submitted.get().challenge(), submitted.get().answer());
    return switch (verdict) {
      case PASSED -> Optional.empty();
      case WRONG -> Optional.of(StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE,
          "wrong CAPTCHA answer; ask for a new form").withType(StanzaErrorType.CANCEL));
      case UNKNOWN -> Optional.of(StanzaError.of(StanzaErrorCondition.SERVICE_UNAVAILABLE,
          "unknown, used or expired CAPTCHA challenge; ask for a new form"));
    };
  }

  private XmlElement form(XmlElement iq, EntityBareJid user, Session session) {
    XmlElement.Builder q = XmlElement.builder("query", Namespaces.REGISTER);
    if (user != null) {
      q.child(XmlElement.of("registered", Namespaces.REGISTER));
      q.textChild("username", user.getLocalpart().toString());
      q.child(XmlElement.of("password", Namespaces.REGISTER));
    } else if (captchaRequired(Optional.ofNullable(session.invitation))) {
      // XEP-0158 §5: the form replaces the legacy fields, which could not carry the answer.
      if (session.challenges == null) {
        session.challenges = new CaptchaChallenges(captcha.ttl(), clock, random);
      }
      q.textChild("instructions", "Answer the question and choose a username and password to register "
          + "with this server (the form expires in " + captcha.ttl().toSeconds() + " s).");
      String from = iq.attribute("to").orElse(domain.toString());
      q.child(CaptchaForm.form(session.challenges.issue(), from, iq.attr("id")));
    } else {
      q.textChild("instructions", switch (policy.mode()) {
        case OPEN -> "Choose a username and password to register with this server.";
        case INVITE -> "Registration needs an invitation: present its token first (XEP-0445).";
        case CLOSED -> "Registration is closed on this server.";
      });
      q.child(XmlElement.of("username", Namespaces.REGISTER));
      q.child(XmlElement.of("password", Namespaces.REGISTER));
    }
    return q.build();
  }

  private boolean localpartMatches(String username, EntityBareJid user) {
    return Jids.parse(username + "@" + domain)
        .map(j -> j.asBareJid().equals(user))
        .orElse(false);
  }

  /** The node's password derivation is saturated: try again shortly. */
  private static XmlElement busy(XmlElement iq) {
    return Stanzas.errorReply(iq, StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT, "the server is busy; try again")
        .withType(StanzaErrorType.WAIT)).orElseThrow();
  }

  private static XmlElement error(XmlElement iq, StanzaErrorCondition condition) {
    return Stanzas.errorReply(iq, condition).orElseThrow();
  }

  private static CompletionStage<Outcome> done(XmlElement reply) {
    return CompletableFuture.completedFuture(new Outcome(reply, false));
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }
}
